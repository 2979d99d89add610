/// A `{{name argument}}` reference written in Markdown text.
struct Shortcode {
  var name: String
  var argument: String
  /// The text as written, e.g. `{{fig industrial_investment_2022}}`.
  var source: String
  var range: Range<String.Index>

  /// The names that are shortcodes; any other `{{ … }}` in prose is text, shown as written.
  static let names: Set<String> = ["fig", "table", "chart"]

  /// The longest text between `{{` and `}}` that can be a shortcode: a name, a space and a key.
  static let longest = 200

  /// Every `{{name argument}}` whose name is a shortcode name and whose argument has no spaces.
  /// Braces around anything else are left alone, so prose never loses text to the scanner.
  static func scan<S: StringProtocol>(_ text: S) -> [Shortcode] where S.SubSequence == Substring {
    var found: [Shortcode] = []
    var searchStart = text.startIndex
    while let open = text[searchStart...].range(of: "{{") {
      // Only a short way ahead: a lone `{{` must not make every later one scan to the end.
      let limit = text.index(open.upperBound, offsetBy: longest, limitedBy: text.endIndex) ?? text.endIndex
      guard let close = text[open.upperBound..<limit].range(of: "}}") else {
        searchStart = open.upperBound
        continue
      }
      let inner = text[open.upperBound..<close.lowerBound]
      let parts = inner.split(whereSeparator: { $0 == " " || $0 == "\t" })
      if parts.count == 2, names.contains(String(parts[0])), !parts[1].contains("{") {
        found.append(
          Shortcode(
            name: String(parts[0]), argument: String(parts[1]),
            source: String(text[open.lowerBound..<close.upperBound]),
            range: open.lowerBound..<close.upperBound))
        searchStart = close.upperBound
      } else {
        searchStart = open.upperBound
      }
    }
    return found
  }

  /// Braces that look like a shortcode meant but mistyped: `{{Fig x}}`, `{{fgi x}}` (a name with
  /// the wrong case or one letter off), `{{fig x}` (not closed), `{{fig two words}}`. Returns the
  /// text as written and the name meant; any other braces are text.
  static func nearMisses<S: StringProtocol>(_ text: S) -> [(source: String, meant: String)]
  where S.SubSequence == Substring {
    var found: [(String, String)] = []
    var searchStart = text.startIndex
    while let open = text[searchStart...].range(of: "{{") {
      searchStart = open.upperBound
      let limit = text.index(open.upperBound, offsetBy: longest, limitedBy: text.endIndex) ?? text.endIndex
      let close = text[open.upperBound..<limit].range(of: "}}")
      let inner = text[open.upperBound..<(close?.lowerBound ?? limit)]
      let word = String(inner.drop { $0 == " " }.prefix { $0.isASCII && $0.isLetter })
      guard !word.isEmpty,
        let meant = names.first(where: { $0 == word.lowercased() || oneEditApart($0, word.lowercased()) })
      else { continue }
      if let close {
        let parts = inner.split(whereSeparator: { $0 == " " || $0 == "\t" })
        // A real shortcode:
        if names.contains(word) && parts.count == 2 && !parts[1].contains("{") { continue }
        found.append((String(text[open.lowerBound..<close.upperBound]), meant))
      } else {
        // Not closed: the text up to the end of its words, to point at.
        let end = inner.firstIndex(where: { $0 == "}" || $0 == "\n" }) ?? inner.endIndex
        found.append((String(text[open.lowerBound..<end]), meant))
      }
    }
    return found
  }

  /// Whether two short words differ by one insertion, deletion, substitution or swap of neighbours.
  static func oneEditApart(_ a: String, _ b: String) -> Bool {
    let x = Array(a)
    let y = Array(b)
    if x == y { return false }
    if x.count == y.count {
      let differing = x.indices.filter { x[$0] != y[$0] }
      if differing.count == 1 { return true }
      return differing.count == 2 && differing[1] == differing[0] + 1 && x[differing[0]] == y[differing[1]]
        && x[differing[1]] == y[differing[0]]
    }
    guard abs(x.count - y.count) == 1 else { return false }
    let (long, short) = x.count > y.count ? (x, y) : (y, x)
    for skip in long.indices {
      var copy = long
      copy.remove(at: skip)
      if copy == short { return true }
    }
    return false
  }
}

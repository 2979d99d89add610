/// A `{{name argument}}` reference written in Markdown text.
struct Shortcode {
  var name: String
  var argument: String
  /// The text as written, e.g. `{{fig industrial_investment_2022}}`.
  var source: String
  var range: Range<String.Index>

  /// Finds every `{{name argument}}` in the text; names are lowercase letters, the argument has no spaces.
  static func scan<S: StringProtocol>(_ text: S) -> [Shortcode] where S.SubSequence == Substring {
    var found: [Shortcode] = []
    var searchStart = text.startIndex
    while let open = text[searchStart...].range(of: "{{") {
      guard let close = text[open.upperBound...].range(of: "}}") else { break }
      let inner = text[open.upperBound..<close.lowerBound]
      let parts = inner.split(whereSeparator: { $0 == " " || $0 == "\t" })
      if parts.count == 2, parts[0].allSatisfy({ $0.isASCII && $0.isLowercase }), !parts[1].contains("{") {
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
}

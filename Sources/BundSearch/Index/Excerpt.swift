/// The start of a document's text kept for snippets: lines that are headings left out, whitespace
/// collapsed, cut at most `limit` characters in, never inside a number or word (`超17` for
/// `超170亿元` cannot happen): after the last punctuation mark or at the last space in the second
/// half of the limit, else before the word or number the limit falls in.
struct Excerpt {
  var text: String
  var truncated: Bool

  init(_ text: String, skipping headings: [String] = [], limit: Int, chinese: Bool) {
    let (collapsed, more) = Self.collapsedStart(of: text, skipping: headings, limit: limit)
    let characters = Array(collapsed.prefix(limit + 1))
    guard characters.count > limit else {
      self.text = collapsed
      truncated = more
      return
    }
    let cut = Self.cut(characters, limit: max(0, limit))
    self.text = String(characters[..<cut]).trimmingSpaces()
    truncated = true
  }

  /// The text with heading lines left out and whitespace collapsed to single spaces, read only as
  /// far as a snippet can reach (twice `limit` scalars: a long page costs no more than a short
  /// one); `more` is true when text was left unread.
  static func collapsedStart(of text: String, skipping headings: [String], limit: Int) -> (String, more: Bool)
  {
    let headingLines = Set(headings.map { trimmed(Substring($0)) })
    // Only a line about as long as a heading can be one: longer lines are never hashed.
    let longestHeading = (headings.map(\.utf8.count).max() ?? 0) + 16
    let wanted = 2 * limit + 16
    var output = String.UnicodeScalarView()
    var count = 0
    var pendingSpace = false
    var rest = Substring(text)
    while !rest.isEmpty {
      let end = rest.utf8.firstIndex(of: UInt8(ascii: "\n")) ?? rest.endIndex
      let line = rest[..<end]
      rest = end == rest.endIndex ? "" : rest[rest.utf8.index(after: end)...]
      if line.utf8.count <= longestHeading && headingLines.contains(trimmed(line)) { continue }
      for scalar in line.unicodeScalars {
        if isSpace(scalar) {
          pendingSpace = count > 0
          continue
        }
        if count >= wanted { return (String(output), true) }
        if pendingSpace {
          output.append(" ")
          count += 1
          pendingSpace = false
        }
        output.append(scalar)
        count += 1
      }
      pendingSpace = count > 0
    }
    return (String(output), false)
  }

  static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
      return true
    default: return false
    }
  }

  /// Where to cut `characters` (which run past `limit`): see the type's description.
  static func cut(_ characters: [Character], limit: Int) -> Int {
    var position = limit
    while position > limit / 2 {
      let before = characters[position - 1]
      if characters[position] == " " { return position }
      if breaks.contains(before) { return position }
      if before == "." || before == "," {
        if !(characters[position].isNumber) { return position }
      }
      position -= 1
    }
    position = limit
    while position > 0 && isGlued(characters[position - 1]) && isGlued(characters[position]) {
      position -= 1
    }
    return position
  }

  /// Punctuation after which a snippet may end (`.` and `,` only when no digit follows).
  static let breaks: Set<Character> = [
    "，", "。", "；", "：", "、", "！", "？", "）", "」", "』", "》", "”", ";", ":", "!", "?", ")",
  ]

  /// Letters (not ideographs), digits and the marks inside figures (`11.1`, `1,700`, `0.6%`, `3+6`).
  static func isGlued(_ character: Character) -> Bool {
    if ".,%+".contains(character) { return true }
    guard let scalar = character.unicodeScalars.first else { return false }
    return TextRuns.isWordScalar(scalar) && !TextRuns.isIdeograph(scalar)
  }

  static func trimmed(_ text: Substring) -> Substring {
    guard let first = text.firstIndex(where: { !$0.isWhitespace }),
      let last = text.lastIndex(where: { !$0.isWhitespace })
    else { return "" }
    return text[first...last]
  }
}

extension String {
  fileprivate func trimmingSpaces() -> String {
    String(Excerpt.trimmed(Substring(self)))
  }
}

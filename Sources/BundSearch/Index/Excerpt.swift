/// The start of a document's text kept for snippets: lines that are headings left out, whitespace
/// collapsed, cut at most `limit` characters in, never inside a number or word (`超17` for
/// `超170亿元` cannot happen): after the last punctuation mark or at the last space in the second
/// half of the limit, else before the word or number the limit falls in.
struct Excerpt {
  var text: String
  var truncated: Bool

  init(_ text: String, skipping headings: [String] = [], limit: Int, chinese: Bool) {
    let headingLines = Set(headings.map { Self.trimmed(Substring($0)) })
    let body = text.split(separator: "\n").filter { !headingLines.contains(Self.trimmed($0)) }
    let collapsed = body.joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
    let characters = Array(collapsed.prefix(limit + 1))
    guard characters.count > limit else {
      self.text = collapsed
      truncated = false
      return
    }
    let cut = Self.cut(characters, limit: max(0, limit))
    self.text = String(characters[..<cut]).trimmingSpaces()
    truncated = true
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

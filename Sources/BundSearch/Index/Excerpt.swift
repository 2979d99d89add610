/// The start of a document's text kept for snippets: lines that are headings left out, whitespace
/// collapsed, cut at most `limit` characters in, never inside a number or word (`超17` for
/// `超170亿元` cannot happen): after the last punctuation mark or at the last space in the second
/// half of the limit, else before the word or number the limit falls in.
struct Excerpt {
  var text: String
  var truncated: Bool

  init(_ text: String, skipping headings: [String] = [], limit: Int) {
    let limit = max(0, limit)
    // The cut needs the first `limit + 2` scalars when each is a character of its own (the usual
    // case, below); else the text is read again as far as `limit + 1` characters can reach.
    var start = Self.collapsedStart(of: text, skipping: headings, limit: limit, scalars: limit + 2)
    if start.more && !start.scalars.allSatisfy(Self.standsAlone) {
      start = Self.collapsedStart(of: text, skipping: headings, limit: limit)
    }
    guard start.scalars.count > limit else {
      // No more characters than scalars: nothing to cut.
      self.text = String(decoding: start.bytes, as: UTF8.self)
      truncated = start.more
      return
    }
    truncated = true
    // The usual case: every scalar up to the cut (and the one after, which could join it) is a
    // character of its own, so the cut is found on the scalars without breaking graphemes.
    if start.scalars[...min(limit + 1, start.scalars.count - 1)].allSatisfy(Self.standsAlone) {
      let cut = Self.cut(scalars: start.scalars, limit: limit)
      var end = cut == 0 ? 0 : Int(start.ends[cut - 1])
      var first = 0
      while first < end && start.bytes[first] == UInt8(ascii: " ") { first += 1 }
      while end > first && start.bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
      self.text = String(decoding: start.bytes[first..<end], as: UTF8.self)
      return
    }
    let characters = Array(String(decoding: start.bytes, as: UTF8.self).prefix(limit + 1))
    guard characters.count > limit else {
      self.text = String(characters)
      truncated = start.more
      return
    }
    let cut = Self.cut(characters, limit: limit)
    self.text = String(characters[..<cut]).trimmingSpaces()
  }

  /// The start of a text as `collapsedStart` reads it: its UTF-8 bytes, its scalars and where each
  /// scalar ends in the bytes.
  struct Start {
    var bytes: [UInt8] = []
    var scalars: [Unicode.Scalar] = []
    var ends: [Int32] = []
    var more = false

    mutating func append(_ scalar: Unicode.Scalar, bytes scalarBytes: UnsafeBufferPointer<UInt8>) {
      bytes.append(contentsOf: scalarBytes)
      scalars.append(scalar)
      ends.append(Int32(bytes.count))
    }
  }

  /// The text with heading lines left out and whitespace collapsed to single spaces, read only as
  /// far as a snippet can reach (twice `limit` scalars: a long page costs no more than a short
  /// one); `more` is true when text was left unread.
  /// `scalars` reads less: only that many scalars.
  static func collapsedStart(
    of text: String, skipping headings: [String], limit: Int, scalars: Int? = nil
  ) -> Start {
    let headingLines = Set(headings.map { String(trimmed(Substring($0))) })
    // Only a line about as long as a heading can be one: longer lines are never compared.
    let longestHeading = (headings.map(\.utf8.count).max() ?? 0) + 16
    let wanted = scalars ?? 2 * limit + 16
    var start = Start()
    start.bytes.reserveCapacity(min(text.utf8.count, 4 * wanted))
    start.scalars.reserveCapacity(min(text.utf8.count, wanted))
    start.ends.reserveCapacity(min(text.utf8.count, wanted))
    var pendingSpace = false
    let space: [UInt8] = [0x20]
    var text = text
    text.withUTF8 { utf8 in
      guard let base = utf8.baseAddress else { return }
      var lineStart = 0
      while lineStart < utf8.count {
        var lineEnd = lineStart
        while lineEnd < utf8.count && base[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
        defer { lineStart = lineEnd + 1 }
        if lineEnd - lineStart <= longestHeading && !headingLines.isEmpty {
          let line = String(decoding: UnsafeBufferPointer(rebasing: utf8[lineStart..<lineEnd]), as: UTF8.self)
          if headingLines.contains(String(trimmed(Substring(line)))) { continue }
        }
        var position = lineStart
        while position < lineEnd {
          let length: Int
          let value: UInt32
          if base[position] < 0x80 {
            (value, length) = (UInt32(base[position]), 1)
          } else {
            (value, length) = TermScanner.decode(base, position)
          }
          defer { position += length }
          guard let scalar = Unicode.Scalar(value) else { continue }
          if isSpace(scalar) {
            pendingSpace = !start.scalars.isEmpty
            continue
          }
          if start.scalars.count >= wanted {
            start.more = true
            return
          }
          if pendingSpace {
            space.withUnsafeBufferPointer { start.append(" ", bytes: $0) }
            pendingSpace = false
          }
          start.append(scalar, bytes: UnsafeBufferPointer(start: base + position, count: length))
        }
        pendingSpace = !start.scalars.isEmpty
      }
    }
    return start
  }

  /// Whether `scalar` is always a character of its own, whatever its neighbours (no combining
  /// mark, joiner, Hangul or emoji part): Latin before the combining marks, common punctuation,
  /// CJK punctuation and ideographs, full-width forms.
  static func standsAlone(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x20..<0x7F, 0xA0..<0x300, 0x2010...0x2027, 0x3001...0x3029, 0x4E00...0x9FFF, 0xFF01...0xFF5E: true
    default: false
    }
  }

  /// `cut(_:limit:)` on scalars that each stand alone (see `standsAlone`).
  static func cut(scalars: [Unicode.Scalar], limit: Int) -> Int {
    var position = limit
    while position > limit / 2 {
      let before = scalars[position - 1]
      if scalars[position] == " " { return position }
      if breakScalars.contains(before) { return position }
      if before == "." || before == "," {
        if scalars[position].properties.numericType == nil { return position }
      }
      position -= 1
    }
    position = limit
    while position > 0 && isGlued(scalars[position - 1]) && isGlued(scalars[position]) {
      position -= 1
    }
    return position
  }

  static let breakScalars = Set(breaks.compactMap { $0.unicodeScalars.first })

  static func isGlued(_ scalar: Unicode.Scalar) -> Bool {
    if scalar == "." || scalar == "," || scalar == "%" || scalar == "+" { return true }
    return TextRuns.isWordScalar(scalar) && !TextRuns.isIdeograph(scalar)
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

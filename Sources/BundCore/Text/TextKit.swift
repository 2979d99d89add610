#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Small text helpers shared by every stage: CJK detection, slugs, HTML escaping, hashing.
public enum TextKit {
  /// Whether a character is a CJK ideograph, kana, hangul or CJK punctuation.
  public static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x2E80...0x2FDF, 0x3000...0x303F, 0x3040...0x30FF, 0x3100...0x31BF, 0x31F0...0x9FFF,
      0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFFEF, 0x20000...0x3FFFF:
      return true
    default:
      return false
    }
  }

  public static func isCJK(_ character: Character) -> Bool {
    character.unicodeScalars.first.map(isCJK) ?? false
  }

  /// A heading id: lowercase, spaces to `-`, punctuation dropped, letters of every script kept.
  public static func anchor(_ text: String) -> String {
    if let ascii = asciiAnchor(text) { return ascii }
    var result = ""
    var pendingDash = false
    for character in text.lowercased() {
      if character.isLetter || character.isNumber || character == "_" {
        if isCJK(character) && character.isPunctuation { continue }
        if pendingDash && !result.isEmpty { result.append("-") }
        pendingDash = false
        result.append(character)
      } else if character == "-" || character.isWhitespace {
        pendingDash = true
      }
    }
    return result.isEmpty ? "section" : result
  }

  /// `anchor` of an ASCII text, by bytes (the same rules: ASCII letters lowercased, digits and `_`
  /// kept, `-` and whitespace a dash between kept runs); nil when the text is not ASCII.
  static func asciiAnchor(_ text: String) -> String? {
    var result: [UInt8] = []
    var pendingDash = false
    for byte in text.utf8 {
      guard byte < 0x80 else { return nil }
      let lower = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
      if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) || lower == 0x5F {
        if pendingDash && !result.isEmpty { result.append(0x2D) }
        pendingDash = false
        result.append(lower)
      } else if lower == 0x2D || lower == 0x20 || (lower >= 0x09 && lower <= 0x0D) {
        pendingDash = true
      }
    }
    return result.isEmpty ? "section" : String(decoding: result, as: UTF8.self)
  }

  /// Escapes text for HTML content and attribute values.
  public static func escapeHTML(_ text: String) -> String {
    escape(ControlCharacters.removingForbidden(text), apostrophe: "&#39;")
  }

  /// Escapes text for XML (feeds, sitemaps). Characters XML cannot carry are left out, so a feed is
  /// always well-formed (sources holding them are an error when loaded).
  public static func escapeXML(_ text: String) -> String {
    escape(ControlCharacters.removingForbidden(text), apostrophe: "&apos;")
  }

  private static func escape(_ text: String, apostrophe: String) -> String {
    // Byte by byte (the five characters are ASCII, so UTF-8 sequences pass through untouched), and
    // no copy at all for the common text without any of them.
    func special(_ byte: UInt8) -> Bool {
      byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27
    }
    // Over the contiguous bytes when the string has them: the UTF8View's iterator costs more.
    guard
      text.utf8.withContiguousStorageIfAvailable({ $0.contains(where: special) })
        ?? text.utf8.contains(where: special)
    else { return text }
    var result: [UInt8] = []
    result.reserveCapacity(text.utf8.count + 32)
    for byte in text.utf8 {
      switch byte {
      case 0x26: result += "&amp;".utf8
      case 0x3C: result += "&lt;".utf8
      case 0x3E: result += "&gt;".utf8
      case 0x22: result += "&quot;".utf8
      case 0x27: result += apostrophe.utf8
      default: result.append(byte)
      }
    }
    return String(decoding: result, as: UTF8.self)
  }

  /// 64-bit FNV-1a of the bytes, as 16 hex digits: stable across runs and machines.
  public static func fnv1a(_ bytes: some Sequence<UInt8>) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }

  /// Counts words, or characters where the language counts characters (CJK characters, plus Latin
  /// words inside).
  public static func wordCount(_ text: String, in rules: TextRules) -> Int {
    let chinese = rules.countsCharacters
    var count = 0
    var inWord = false
    var text = text
    // Over the UTF-8 bytes, decoding only what is not ASCII (the iterator of `unicodeScalars`
    // costs more than the test on each scalar).
    text.withUTF8 { bytes in
      var position = 0
      while position < bytes.count {
        var value = UInt32(bytes[position])
        if value < 0x80 {
          // ASCII: letters and digits make words; an apostrophe or hyphen stays inside one.
          position += 1
          let isWordCharacter =
            (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A)
            || (value >= 0x61 && value <= 0x7A)
          if isWordCharacter {
            if !inWord { count += 1 }
            inWord = true
          } else if value != 0x27 && value != 0x2D {
            inWord = false
          }
          continue
        } else if value < 0xE0 {
          value = (value & 0x1F) << 6 | UInt32(bytes[position + 1] & 0x3F)
          position += 2
        } else if value < 0xF0 {
          value =
            (value & 0x0F) << 12 | UInt32(bytes[position + 1] & 0x3F) << 6
            | UInt32(bytes[position + 2] & 0x3F)
          position += 3
        } else {
          value =
            (value & 0x07) << 18 | UInt32(bytes[position + 1] & 0x3F) << 12 | UInt32(
              bytes[position + 2] & 0x3F) << 6
            | UInt32(bytes[position + 3] & 0x3F)
          position += 4
        }
        guard let scalar = Unicode.Scalar(value) else { continue }
        if isCJK(scalar) {
          // Ideographs and hangul syllables are letters; only the other CJK blocks (symbols,
          // punctuation, kana, full-width forms) need the slower Unicode property lookup.
          let ideograph =
            (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value)
            || (0xAC00...0xD7AF).contains(value) || (0xF900...0xFAFF).contains(value) || value >= 0x20000
          if chinese && (ideograph || !isCJKPunctuation(scalar)) { count += 1 }
          inWord = false
        } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
          if !inWord { count += 1 }
          inWord = true
        } else if value != 0x2019 && scalar.properties.generalCategory != .nonspacingMark {
          inWord = false
        }
      }
    }
    return count
  }

  /// Whether a CJK scalar is punctuation: read from a table made once for CJK symbols and
  /// punctuation and the full-width forms (most of what Chinese text holds besides ideographs),
  /// from the Unicode properties for the rest.
  static func isCJKPunctuation(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value >= 0x3000 && value <= 0x303F { return cjkSymbolsPunctuation[Int(value - 0x3000)] }
    if value >= 0xFF00 && value <= 0xFFEF { return fullWidthPunctuation[Int(value - 0xFF00)] }
    return scalar.properties.generalCategory.isPunctuation
  }

  private static let cjkSymbolsPunctuation = punctuationTable(0x3000...0x303F)
  private static let fullWidthPunctuation = punctuationTable(0xFF00...0xFFEF)

  private static func punctuationTable(_ values: ClosedRange<UInt32>) -> [Bool] {
    values.map { Unicode.Scalar($0)?.properties.generalCategory.isPunctuation ?? false }
  }

  /// Cuts text to about `limit` characters (the language's summary length unless given) at a sentence
  /// end (`。！？` where sentences end full width, else `. ! ?`), else at a word (English) or
  /// character (Chinese), adding an ellipsis when cut.
  public static func summary(_ text: String, in rules: TextRules, limit: Int? = nil) -> String {
    let limit = limit ?? rules.summaryLength
    let chinese = rules.fullWidthSentences
    // The characters up to one past the limit are all that is read (a paragraph may be long), and
    // the cut is a slice of the text, found by where each character ends.
    var characters: [Character] = []
    var ends: [String.Index] = []
    var position = text.startIndex
    for character in text {
      if characters.count > limit { break }
      characters.append(character)
      position = text.utf8.index(position, offsetBy: character.utf8.count)
      ends.append(position)
    }
    if characters.count <= limit { return text }
    func prefix(_ count: Int) -> String { count == 0 ? "" : String(text[..<ends[count - 1]]) }
    func endsSentence(_ character: Character) -> Bool {
      chinese
        ? character == "。" || character == "！" || character == "？"
        : character == "." || character == "!" || character == "?"
    }
    var cut = -1
    for index in 0..<limit where endsSentence(characters[index]) {
      if chinese || index + 1 >= characters.count || characters[index + 1] == " " { cut = index }
    }
    if cut >= limit / 3 { return prefix(cut + 1) }
    if chinese { return prefix(limit) + "…" }
    var end = limit
    while end > 0 && characters[end] != " " { end -= 1 }
    if end == 0 { end = limit }
    return prefix(end).trimmingTrailingPunctuation() + "…"
  }
}

extension Unicode.GeneralCategory {
  var isPunctuation: Bool {
    switch self {
    case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
      .finalPunctuation, .otherPunctuation:
      return true
    default:
      return false
    }
  }
}

extension String {
  func trimmingTrailingPunctuation() -> String {
    var copy = self
    while let last = copy.last, last == "," || last == ";" || last == ":" || last == " " { copy.removeLast() }
    return copy
  }
}

extension StringProtocol where SubSequence == Substring {
  /// The text split at `\n`, keeping empty lines: byte-wise, much faster than a Character split.
  @inlinable public func lines() -> [Substring] {
    var result: [Substring] = []
    var start = startIndex
    let utf8 = self.utf8
    var index = utf8.startIndex
    while index < utf8.endIndex {
      if utf8[index] == 0x0A {
        result.append(self[start..<index])
        start = utf8.index(after: index)
      }
      index = utf8.index(after: index)
    }
    result.append(self[start..<endIndex])
    return result
  }
}

extension StringProtocol {
  /// Whether the text holds `needle` byte for byte: a plain UTF-8 scan, where Foundation's
  /// `contains`/`range(of:)` would search by locale-aware character clusters (ten times slower).
  public func containsBytes(_ needle: String) -> Bool { firstByteOffset(of: needle) != nil }

  /// The UTF-8 offset where `needle` first occurs, byte for byte (see `containsBytes`): the C
  /// library's vectorised `memchr` finds each candidate first byte, `memcmp` checks the rest
  /// (every page's text is searched this way several times).
  public func firstByteOffset(of needle: String) -> Int? {
    var pattern = needle
    return pattern.withUTF8 { pattern -> Int? in
      guard let first = pattern.first, let patternBase = pattern.baseAddress else { return 0 }
      let scan = { (bytes: UnsafeBufferPointer<UInt8>) -> Int? in
        guard let base = bytes.baseAddress, bytes.count >= pattern.count else { return nil }
        let end = base + (bytes.count - pattern.count + 1)
        var cursor = base
        while cursor < end {
          guard let hit = memchr(cursor, Int32(first), end - cursor) else { return nil }
          let candidate = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
          if memcmp(candidate, patternBase, pattern.count) == 0 { return candidate - base }
          cursor = candidate + 1
        }
        return nil
      }
      if let found = utf8.withContiguousStorageIfAvailable(scan) { return found }
      return Array(utf8).withUnsafeBufferPointer(scan)
    }
  }

}

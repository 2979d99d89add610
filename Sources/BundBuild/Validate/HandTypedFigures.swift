import BundCore

/// Finds figures typed into pages by hand (`11.1%`, `1700亿`, `more than 160`) instead of `{{fig KEY}}`,
/// so a value can never drift between the data and one language of the text.
package struct HandTypedFigures {
  /// The texts that give a figure away, each with the key to suggest, the number inside it and
  /// the words that, right after it, show another unit (`RMB 170` before `million`).
  let patterns: [(text: String, key: String, number: Substring, otherUnits: [String])]
  /// The numbers inside the patterns: a line without one of them cannot hold a figure.
  let figureNumbers: Set<Substring>
  /// Those of at most 8 bytes (digits, `.` and `,`: ASCII), their bytes packed in an integer, so a
  /// text's runs of digits are looked up without making a string of each.
  let packedFigureNumbers: Set<UInt64>

  init(figures: [Figure]) {
    patterns = Self.patterns(for: figures).map {
      ($0.text, $0.key, Self.numbers(in: $0.text).first ?? "", $0.otherUnits)
    }
    figureNumbers = Set(patterns.map(\.number))
    packedFigureNumbers = Set(
      figureNumbers.compactMap { number in
        number.utf8.count <= 8 ? Array(number.utf8).withUnsafeBufferPointer(Self.packed) : nil
      })
  }

  /// Up to 8 bytes in one integer, the first in the lowest byte.
  static func packed(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var value: UInt64 = 0
    for (offset, byte) in bytes.enumerated() { value |= UInt64(byte) << (8 * UInt64(offset)) }
    return value
  }

  /// The runs of digits (with `.` and `,` inside) in a text, scanned byte by byte.
  static func numbers(in text: Substring) -> [Substring] {
    var runs: [Substring] = []
    func scan(_ bytes: UnsafeBufferPointer<UInt8>) {
      var start = -1
      var lastDigitEnd = -1
      func emit(_ end: Int) {
        let lower = text.utf8.index(text.startIndex, offsetBy: start)
        let upper = text.utf8.index(text.startIndex, offsetBy: end)
        runs.append(text[lower..<upper])
      }
      for offset in 0..<bytes.count {
        let byte = bytes[offset]
        if byte >= 0x30 && byte <= 0x39 {
          if start < 0 { start = offset }
          lastDigitEnd = offset + 1
        } else if start >= 0, !(byte == 0x2E || byte == 0x2C) {
          emit(lastDigitEnd)
          start = -1
        }
      }
      if start >= 0 { emit(lastDigitEnd) }
    }
    if text.utf8.withContiguousStorageIfAvailable(scan) == nil {
      Array(text.utf8).withUnsafeBufferPointer(scan)
    }
    return runs
  }

  static func numbers(in text: String) -> [Substring] { numbers(in: text[...]) }

  /// Words that do not name what a count figure counts, when taken from its English label.
  static let labelStopWords: Set<String> = [
    "of", "the", "and", "for", "by", "in", "on", "to", "at", "a", "an", "with", "above", "target", "first",
    "month", "year",
  ]

  /// The texts of each figure, with its unit written out: a bare number is never a figure (`最高100万元`
  /// is not "100 projects"), only a number with the figure's own unit or counted noun is.
  static func patterns(for figures: [Figure]) -> [(text: String, key: String, otherUnits: [String])] {
    var result: [(String, String, [String])] = []
    for figure in figures {
      let value = figure.value
      let grouped = LocalFormat.groupThousands(value)
      func add(_ texts: [String], otherUnits: [String] = []) {
        result += texts.map { ($0, figure.key, otherUnits) }
      }
      switch figure.unit {
      case .percent:
        add(["\(value)%", "\(value) per cent", "\(value) percent", "\(value)％"])
      case .rmbBillion:
        let yi = LocalFormat.chineseYuan(value, unit: .rmbBillion).dropLast()  // "1700亿" without 元
        add(["\(grouped) billion", String(yi)])
        add(
          ["RMB\(grouped)", "RMB \(grouped)"], otherUnits: ["million", "trillion", "thousand", "mn", "tn"])
      case .rmbTrillion:
        let wanyi = LocalFormat.chineseYuan(value, unit: .rmbTrillion).dropLast()
        add(["\(grouped) trillion", String(wanyi)])
        add(["RMB\(grouped)", "RMB \(grouped)"], otherUnits: ["million", "billion", "thousand", "mn", "bn"])
      case .count:
        add(
          ["more than \(grouped)", "over \(grouped)"],
          otherUnits: ["%", "per cent", "percent", "billion", "million", "trillion", "yuan"])
        add(["\(value)余\(figure.counterZh)", "\(value)多\(figure.counterZh)", "\(value)\(figure.counterZh)"])
        // "160 key industrial projects", "1,500 projects": the number and a word of the label.
        let words = figure.label.text(in: "en").lowercased().split { !$0.isLetter }.map(String.init)
        var nouns: [String] = []
        for word in words where !labelStopWords.contains(word) && word.count >= 3 && !nouns.contains(word) {
          nouns.append(word)
          if word.hasSuffix("s") { nouns.append(String(word.dropLast())) }
        }
        for number in Set([grouped, value]) { add(nouns.map { "\(number) \($0)" }) }
      }
    }
    return result
  }

  /// Warnings for every hand-typed figure in the page's body, title and summary.
  func check(_ page: Page) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    func scan(_ text: String, location: (Int, Int) -> SourceLocation) {
      // Most texts hold none of the figures' numbers: one pass over the whole text tells, before
      // any line is split off.
      guard holdsFigureNumber(text) else { return }
      for (index, line) in text.lines().enumerated() {
        // Only lines holding one of the figures' numbers can hold a figure.
        guard line.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { continue }
        let numbers = Self.numbers(in: line).filter(figureNumbers.contains)
        guard !numbers.isEmpty else { continue }
        let candidates = patterns.filter { numbers.contains($0.number) }
        guard !candidates.isEmpty else { continue }
        let cleaned = Self.removingShortcodes(String(line))
        let bytes = Array(cleaned.utf8)
        // One warning per figure written out, however many of its patterns overlap there.
        var matches: [(offset: Int, pattern: String, key: String)] = []
        for (pattern, key, _, otherUnits) in candidates {
          for offset in Self.occurrences(of: Array(pattern.utf8), in: bytes)
          where !Self.followedByAny(otherUnits, in: bytes, at: offset + pattern.utf8.count) {
            matches.append((offset, pattern, key))
          }
        }
        // Leftmost first, the longer of two at one place: `RMB 170 billion` is one warning.
        matches.sort { ($0.offset, -$0.pattern.utf8.count) < ($1.offset, -$1.pattern.utf8.count) }
        var coveredTo = 0
        for match in matches where match.offset >= coveredTo {
          coveredTo = match.offset + match.pattern.utf8.count
          let column = String(decoding: bytes[..<match.offset], as: UTF8.self).count + 1
          diagnostics.append(
            .warning(
              "'\(match.pattern)' is typed by hand; write {{fig \(match.key)}} so the figure comes from Content/data/figures.yaml",
              at: location(index + 1, column)))
        }
      }
    }
    scan(page.body) { line, column in page.location(bodyLine: line, column: column) }
    for key in ["title", "summary"] {
      let value = key == "title" ? page.frontMatter.title : (page.frontMatter.summary ?? "")
      let base = page.frontMatter.locations[key] ?? SourceLocation(file: page.sourcePath)
      scan(value) { _, _ in base }
    }
    return diagnostics
  }

  /// Whether one of the text's runs of digits (as `numbers(in:)` finds them, line by line: a line
  /// break ends a run) is a figure's number.
  func holdsFigureNumber(_ text: String) -> Bool {
    var copy = text
    return copy.withUTF8 { bytes in
      var start = -1
      var lastDigitEnd = -1
      func isFigure(_ end: Int) -> Bool {
        // A run is digits, `.` and `,`: ASCII, where bytes are equal exactly when strings are.
        if end - start <= 8 {
          return packedFigureNumbers.contains(Self.packed(UnsafeBufferPointer(rebasing: bytes[start..<end])))
        }
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: start)
        let upper = utf8.index(utf8.startIndex, offsetBy: end)
        return figureNumbers.contains(text[lower..<upper])
      }
      var offset = 0
      while offset < bytes.count {
        // Outside a run, eight bytes without a digit are passed over at once (most text has none).
        if start < 0, offset + 8 <= bytes.count, let base = bytes.baseAddress {
          let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self) ^ 0x3030_3030_3030_3030
          if (word &- 0x0A0A_0A0A_0A0A_0A0A) & ~word & 0x8080_8080_8080_8080 == 0 {
            offset += 8
            continue
          }
        }
        let byte = bytes[offset]
        if byte >= 0x30 && byte <= 0x39 {
          if start < 0 { start = offset }
          lastDigitEnd = offset + 1
        } else if start >= 0, !(byte == 0x2E || byte == 0x2C) {
          if isFigure(lastDigitEnd) { return true }
          start = -1
        }
        offset += 1
      }
      return start >= 0 && isFigure(lastDigitEnd)
    }
  }

  /// Whether, after optional spaces, one of `words` follows at `offset`.
  static func followedByAny(_ words: [String], in bytes: [UInt8], at offset: Int) -> Bool {
    guard !words.isEmpty else { return false }
    var start = offset
    while start < bytes.count && bytes[start] == 0x20 { start += 1 }
    let rest = bytes[start...]
    return words.contains { rest.starts(with: Array($0.utf8)) }
  }

  /// Byte offsets where `pattern` stands in `bytes` as a whole number: not preceded by a digit, `.` or
  /// `,`, and (when it ends in a digit) not followed by more digits or a decimal part.
  static func occurrences(of pattern: [UInt8], in bytes: [UInt8]) -> [Int] {
    guard !pattern.isEmpty, bytes.count >= pattern.count else { return [] }
    func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    let endsInDigit = pattern.last.map(isDigit) ?? false
    func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    let endsInLetter = pattern.last.map(isLetter) ?? false
    var found: [Int] = []
    var offset = 0
    while offset + pattern.count <= bytes.count {
      if bytes[offset] == pattern[0] && bytes[offset..<offset + pattern.count].elementsEqual(pattern) {
        let before: UInt8 = offset > 0 ? bytes[offset - 1] : 0x20
        let end = offset + pattern.count
        let after: UInt8 = end < bytes.count ? bytes[end] : 0x20
        let decimalAfter = after == 0x2E && end + 1 < bytes.count && isDigit(bytes[end + 1])
        let joined =
          isDigit(before) || before == 0x2E || before == 0x2C
          || (endsInDigit && (isDigit(after) || decimalAfter)) || (endsInLetter && isLetter(after))
        if !joined { found.append(offset) }
        offset = end
      } else {
        offset += 1
      }
    }
    return found
  }

  /// The line with `{{…}}` shortcodes blanked out (kept the same length, so columns stay right).
  static func removingShortcodes(_ line: String) -> String {
    guard line.containsBytes("{{") else { return line }
    var result = ""
    var depth = 0
    var characters = Array(line)[...]
    while let character = characters.first {
      if character == "{" && characters.dropFirst().first == "{" {
        depth += 1
        result += "  "
        characters = characters.dropFirst(2)
      } else if character == "}" && characters.dropFirst().first == "}" && depth > 0 {
        depth -= 1
        result += "  "
        characters = characters.dropFirst(2)
      } else {
        result.append(depth > 0 ? " " : character)
        characters = characters.dropFirst()
      }
    }
    return result
  }
}

import BundCore

/// Finds figures typed into pages by hand (`11.1%`, `1700亿`, `more than 160`) instead of `{{fig KEY}}`,
/// so a value can never drift between the data and one language of the text.
struct HandTypedFigures {
  /// The texts that give a figure away, each with the key to suggest and the number inside it.
  let patterns: [(text: String, key: String, number: Substring)]
  /// The numbers inside the patterns: a line without one of them cannot hold a figure.
  let figureNumbers: Set<Substring>

  init(figures: [Figure]) {
    patterns = Self.patterns(for: figures).map { ($0.text, $0.key, Self.numbers(in: $0.text).first ?? "") }
    figureNumbers = Set(patterns.map(\.number))
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

  static func patterns(for figures: [Figure]) -> [(text: String, key: String)] {
    var result: [(String, String)] = []
    for figure in figures {
      let value = figure.value
      let grouped = LocalFormat.groupThousands(value)
      switch figure.unit {
      case .percent:
        result += ["\(value)%", "\(value) per cent", "\(value) percent", "\(value)％"].map { ($0, figure.key) }
      case .rmbBillion:
        let yi = LocalFormat.chineseYuan(value, unit: .rmbBillion).dropLast()  // "1700亿" without 元
        result += ["\(grouped) billion", "RMB\(grouped)", "RMB \(grouped)", String(yi)].map {
          ($0, figure.key)
        }
      case .rmbTrillion:
        let wanyi = LocalFormat.chineseYuan(value, unit: .rmbTrillion).dropLast()
        result += ["\(grouped) trillion", "RMB\(grouped)", "RMB \(grouped)", String(wanyi)].map {
          ($0, figure.key)
        }
      case .count:
        result += [
          "more than \(grouped)", "over \(grouped)", "\(value)余", "\(value)多", "\(value)\(figure.counterZh)",
        ].map { ($0, figure.key) }
        let number = Int(value) ?? 0
        if value.count >= 3 && !(1900...2100).contains(number) {
          result.append((grouped, figure.key))
          if grouped != value { result.append((value, figure.key)) }
        }
      }
    }
    return result
  }

  /// Warnings for every hand-typed figure in the page's body, title and summary.
  func check(_ page: Page) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    func scan(_ text: String, location: (Int, Int) -> SourceLocation) {
      for (index, line) in text.lines().enumerated() {
        // Only lines holding one of the figures' numbers can hold a figure.
        guard line.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { continue }
        let numbers = Self.numbers(in: line).filter(figureNumbers.contains)
        guard !numbers.isEmpty else { continue }
        let candidates = patterns.filter { numbers.contains($0.number) }
        guard !candidates.isEmpty else { continue }
        let cleaned = Self.removingShortcodes(String(line))
        let bytes = Array(cleaned.utf8)
        for (pattern, key, _) in candidates {
          for offset in Self.occurrences(of: Array(pattern.utf8), in: bytes) {
            let column = String(decoding: bytes[..<offset], as: UTF8.self).count + 1
            diagnostics.append(
              .warning(
                "'\(pattern)' is typed by hand; write {{fig \(key)}} so the figure comes from Content/data/figures.yaml",
                at: location(index + 1, column)))
          }
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

  /// Byte offsets where `pattern` stands in `bytes` as a whole number: not preceded by a digit, `.` or
  /// `,`, and (when it ends in a digit) not followed by more digits or a decimal part.
  static func occurrences(of pattern: [UInt8], in bytes: [UInt8]) -> [Int] {
    guard !pattern.isEmpty, bytes.count >= pattern.count else { return [] }
    func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    let endsInDigit = pattern.last.map(isDigit) ?? false
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
          || (endsInDigit && (isDigit(after) || decimalAfter))
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

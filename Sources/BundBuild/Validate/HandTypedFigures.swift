import BundCore

/// Finds figures typed into pages by hand (`11.1%`, `1700亿`, `more than 160`) instead of `{{fig KEY}}`,
/// so a value can never drift between the data and one language of the text.
struct HandTypedFigures {
  /// The texts that give a figure away, each with the key to suggest and the number inside it.
  let patterns: [(text: String, key: String, number: Substring)]

  init(figures: [Figure]) {
    patterns = Self.patterns(for: figures).map { ($0.text, $0.key, Self.numbers(in: $0.text).first ?? "") }
  }

  /// The runs of digits (with `.` and `,` inside) in a text.
  static func numbers(in text: Substring) -> [Substring] {
    var runs: [Substring] = []
    var start: Substring.Index?
    var index = text.startIndex
    while index < text.endIndex {
      let character = text[index]
      if character.isASCII && character.isNumber {
        if start == nil { start = index }
      } else if let runStart = start, !(character == "." || character == ",") {
        runs.append(text[runStart..<index])
        start = nil
      }
      index = text.index(after: index)
    }
    if let start { runs.append(text[start...]) }
    return runs.map { run in
      var run = run
      while let last = run.last, last == "." || last == "," { run = run.dropLast() }
      return run
    }
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
      for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        // Only lines holding one of the figures' numbers can hold a figure.
        let numbers = Set(Self.numbers(in: line))
        guard !numbers.isEmpty else { continue }
        let candidates = patterns.filter { numbers.contains($0.number) }
        guard !candidates.isEmpty else { continue }
        let cleaned = Self.removingShortcodes(String(line))
        for (pattern, key, _) in candidates {
          var searchStart = cleaned.startIndex
          while let range = cleaned.range(of: pattern, range: searchStart..<cleaned.endIndex) {
            searchStart = range.upperBound
            let before =
              range.lowerBound > cleaned.startIndex ? cleaned[cleaned.index(before: range.lowerBound)] : " "
            let after = range.upperBound < cleaned.endIndex ? cleaned[range.upperBound] : " "
            if before.isNumber || before == "." || before == ","
              || (pattern.last?.isNumber == true
                && (after.isNumber
                  || after == "." && cleaned[range.upperBound...].dropFirst().first?.isNumber == true))
            {
              continue
            }
            let column = cleaned.distance(from: cleaned.startIndex, to: range.lowerBound) + 1
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

  /// The line with `{{…}}` shortcodes blanked out (kept the same length, so columns stay right).
  static func removingShortcodes(_ line: String) -> String {
    guard line.contains("{{") else { return line }
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

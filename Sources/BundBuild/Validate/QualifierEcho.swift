import BundCore

/// Finds words before `{{fig KEY}}` that say again what the figure's qualifier says: `突破{{fig x}}`
/// reads 突破超1700亿元, `passed more than {{fig x}}` reads "passed more than more than RMB 170
/// billion". A warning at the words, with what the figure already reads.
package struct QualifierEcho {
  let figures: [String: Figure]

  package init(figures: [Figure]) {
    self.figures = Dictionary(figures.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
  }

  /// The words that repeat a qualifier, English and Chinese, longest first.
  static let echoes: [Figure.Qualifier: [String]] = [
    .moreThan: [
      "in excess of", "upwards of", "more than", "surpassed", "exceeding", "exceeded", "passed", "topped",
      "beyond",
      "above", "over", "超过", "超出", "突破", "多于", "高于", "超", "逾",
    ],
    .about: [
      "approximately", "around", "roughly", "nearly", "about", "circa", "大约", "大概", "将近", "接近", "约", "近",
    ],
  ]

  func check(_ page: Page) -> [Diagnostic] {
    guard page.body.containsBytes("{{fig ") else { return [] }
    var diagnostics: [Diagnostic] = []
    var inFence = false
    var truncated = false
    for (index, line) in page.body.lines().enumerated() {
      let start = line.drop { $0 == " " }
      if start.hasPrefix("```") || start.hasPrefix("~~~") { inFence.toggle() }
      guard !inFence, line.containsBytes("{{fig ") else { continue }
      var rest = line[...]
      // Characters before `rest`, counted as the search moves on (never from the line's start again).
      var counted = line.startIndex
      var count = 0
      var ticks = 0
      while let open = rest.range(of: "{{fig ") {
        if diagnostics.count >= 100 {
          truncated = true
          break
        }
        defer { rest = rest[open.upperBound...] }
        // The key is short: its end is looked for a short way ahead only.
        let ahead = rest[open.upperBound...].prefix(200)
        guard let close = ahead.range(of: "}}") else { continue }
        let passed = line[counted..<open.lowerBound]
        count += passed.count
        ticks += passed.reduce(0) { $0 + ($1 == "`" ? 1 : 0) }
        counted = open.lowerBound
        // Inside `code` on this line: an example, not a figure.
        if ticks % 2 == 1 { continue }
        let key = ahead[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
        guard let figure = figures[key], let words = Self.echoes[figure.qualifier] else { continue }
        let near = line[..<open.lowerBound].suffix(24)
        let spaces = near.reversed().prefix { $0 == " " }.count
        let tail = String(near.dropLast(spaces).suffix(16)).lowercased()
        guard
          let word = words.first(where: { word in
            guard tail.hasSuffix(word) else { return false }
            // An English word stands alone: "over" in "moreover" is not one.
            let preceding = tail.dropLast(word.count).last
            return TextKit.isCJK(word.unicodeScalars.first ?? " ") || !(preceding?.isLetter ?? false)
          })
        else { continue }
        let column = count - spaces - word.count + 1
        let chinese = TextKit.isCJK(word.unicodeScalars.first ?? " ")
        diagnostics.append(
          .warning(
            "'\(word)' before {{fig \(key)}} repeats the figure's own qualifier: it already reads '\(LocalFormat.figure(figure, in: chinese ? .chinese : .english))'; remove '\(word)'",
            at: page.location(bodyLine: index + 1, column: column)))
      }
    }
    if truncated {
      diagnostics.append(
        .warning(
          "the check for words that repeat a figure's qualifier stopped after 100 warnings on this page; fix these and build again",
          at: SourceLocation(file: page.sourcePath)))
    }
    return diagnostics
  }

}

import BundCore
import Testing

@testable import BundMarkdown

struct MarkdownRendererTests {
  let english = MarkdownRenderer(options: MarkdownOptions(text: .english))
  let chinese = MarkdownRenderer(options: MarkdownOptions(text: .chinese))

  @Test func headingsGetIdsThatKeepChineseCharacters() {
    let result = chinese.render("## 技术改造\n\n## 技术改造\n\n## 3+6 产业体系\n")
    #expect(result.headings.map(\.id) == ["技术改造", "技术改造-2", "36-产业体系"])
    #expect(result.html.contains("<h2 id=\"技术改造\">技术改造</h2>"))
    #expect(result.html.contains("<h2 id=\"技术改造-2\">技术改造</h2>"))
  }

  @Test func englishHeadingIdsAreLowercaseWithDashes() {
    let result = english.render("# Pile foundation first!\n\n### The *three* lines\n")
    #expect(result.headings.map(\.id) == ["pile-foundation-first", "the-three-lines"])
    #expect(result.html.contains("<h3 id=\"the-three-lines\">The <em>three</em> lines</h3>"))
  }

  @Test func softBreakBetweenChineseCharactersRendersAsNothing() {
    let result = chinese.render("上海市工业投资\n首次突破\nabc\n中文\n")
    #expect(result.html == "<p>上海市工业投资首次突破\nabc\n中文</p>\n")
  }

  /// The line_breaks text rule: a language may keep line breaks between CJK characters.
  @Test func softBreaksAreKeptWhenTheRuleSaysSpace() {
    var spacedLines = TextRules.chinese
    spacedLines.joinsCJKLines = false
    let keeping = MarkdownRenderer(
      options: MarkdownOptions(text: spacedLines))
    #expect(keeping.render("上海市工业投资\n首次突破\n").html == "<p>上海市工业投资\n首次突破</p>\n")
  }

  @Test func softBreakInEnglishStaysASpace() {
    let result = english.render("one\ntwo\n")
    #expect(result.html == "<p>one\ntwo</p>\n")
  }

  @Test func rawHTMLAndJavascriptLinksAreDroppedByDefault() {
    let result = english.render("<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b>b</b>\n")
    #expect(!result.html.contains("<script"))
    #expect(!result.html.contains("<b>"))
    #expect(!result.html.contains("javascript:"))
  }

  @Test func rawHTMLPassesWhenAllowed() {
    let renderer = MarkdownRenderer(
      options: MarkdownOptions(text: .english, allowRawHTML: true))
    #expect(renderer.render("<b>b</b>\n").html.contains("<b>b</b>"))
  }

  @Test func smartPunctuationOnlyWhereAsked() {
    #expect(english.render("\"quoted\" -- it's\n").html.contains("“quoted” – it’s"))
    #expect(chinese.render("\"quoted\"\n").html.contains("&quot;quoted&quot;"))
  }

  @Test func inlineShortcodeExpandsToEscapedText() {
    let hooks = MarkdownHooks(expandShortcode: { name, argument, _ in
      name == "fig" && argument == "x"
        ? .text("more than <RMB> 170") : .failure("unknown figure '\(argument)'")
    })
    let result = english.render("Investment passed {{fig x}} in 2022.\n", hooks: hooks)
    #expect(result.html == "<p>Investment passed more than &lt;RMB&gt; 170 in 2022.</p>\n")
    #expect(result.issues.isEmpty)
  }

  @Test func unknownShortcodeIsAnIssueAtItsColumn() {
    let hooks = MarkdownHooks(expandShortcode: { _, argument, _ in .failure("unknown figure '\(argument)'") })
    let result = chinese.render("第一行\n\n工业投资{{fig nope}}。\n", hooks: hooks)
    #expect(result.issues == [MarkdownIssue(.error, "unknown figure 'nope'", line: 3, column: 5)])
  }

  @Test func blockShortcodeReplacesItsParagraph() {
    let hooks = MarkdownHooks(expandShortcode: { _, _, isBlock in
      isBlock ? .html("<table class=\"t\"></table>") : .text("x")
    })
    let result = english.render("Intro.\n\n{{table figures}}\n\nAfter.\n", hooks: hooks)
    #expect(result.html == "<p>Intro.</p>\n<table class=\"t\"></table>\n<p>After.</p>\n")
  }

  @Test(arguments: [
    "Grew {{Fig growth}} fast.", "Grew {{fig growth} fast.", "Grew {{fig two words}} fast.",
    "Grew {{fgi growth}} fast.",
  ])
  func brokenShortcodeIsAWarning(source: String) {
    let result = english.render(source + "\n")
    #expect(result.issues.count == 1)
    #expect(result.issues.first?.severity == .warning)
    #expect(result.issues.first?.column == 6)
    #expect(result.issues.first?.message.contains("is not a shortcode and is shown as written") == true)
    #expect(result.html.contains("{{"), "the text is kept")
  }

  /// An escaped backslash before a shortcode leaves the shortcode a shortcode; titles keep their brace.
  @Test func escapedBackslashesAndTitles() {
    let hooks = MarkdownHooks(expandShortcode: { _, _, _ in .text("0.6%") })
    let result = english.render("A \\\\{{fig x}} and [l](/x \"a \\{b\").\n", hooks: hooks)
    #expect(result.html == "<p>A \\0.6% and <a href=\"/x\" title=\"a {b\">l</a>.</p>\n")
  }

  /// Nothing is dropped without a word: full-width pairs past 20 are counted, and a page whose
  /// U+0080 keeps escaped braces from being held says so.
  @Test func capsAndFallbacksAreSaid() {
    let many = english.render(String(repeating: "｛｛fig x｝｝ ", count: 25) + "\n")
    #expect(many.issues.count == 21)
    #expect(
      many.issues.last?.message
        == "… and 5 more full-width brace pairs ｛｛ in this paragraph, not listed one by one")
    let c1 = english.render("A \u{80} and \\{\\{fig x\\}\\}.\n")
    #expect(c1.issues.first?.message.hasPrefix("this page holds the control character U+0080") == true)
  }

  /// Found by make fuzz: lines that end in a bare CR (the loader makes them LF; the renderer on
  /// its own must not trip over the line count cmark and Bund then disagree on).
  @Test func carriageReturnsAloneDoNotBreakPositions() {
    let result = english.render("# Title\r\r\rText \\\r\r[a](nowhere.md) {{fgi x}}\r")
    #expect(result.issues.count == 1)
  }

  @Test(arguments: ["Braces {{ here and }} there.", "A {{x}} and {{ }} and }}.", "Set {{a, b}}."])
  func otherBracesAreText(source: String) {
    let result = english.render(source + "\n")
    #expect(result.issues.isEmpty)
    #expect(result.html == "<p>\(source)</p>\n")
  }

  @Test func shortcodesInCodeStayLiteral() {
    let result = english.render("`{{fig x}}`\n")
    #expect(result.html == "<p><code>{{fig x}}</code></p>\n")
    #expect(result.issues.isEmpty)
  }

  @Test func brokenLinkIsReportedAtItsDestination() {
    let hooks = MarkdownHooks(resolveLink: { destination in
      destination == "missing.md" ? .broken("no page for 'missing.md'") : .replace("../ok/")
    })
    let result = chinese.render("见[交付](delivery.md)与\n[缺失](missing.md)。\n", hooks: hooks)
    #expect(result.html.contains("href=\"../ok/\""))
    #expect(result.issues == [MarkdownIssue(.error, "no page for 'missing.md'", line: 2, column: 6)])
  }

  @Test func firstParagraphAndCounts() {
    let result = english.render("# Title\n\nFirst *para* here.\n\nSecond.\n")
    #expect(result.firstParagraph == "First para here.")
    #expect(TextKit.wordCount(result.plainText, in: .english) == 5)
  }

  @Test func deeplyNestedQuotesDoNotOverflowTheStack() {
    let source = String(repeating: ">", count: 10_000) + " deep\n"
    let result = english.render(source)
    #expect(result.html.contains("deep"))
  }
}

import BundCore
import Testing

@testable import BundMarkdown

/// What CommonMark does not have is said at its position, with what to write instead.
struct UnsupportedSyntaxTests {
  let english = MarkdownRenderer(options: MarkdownOptions(text: .english))
  let chinese = MarkdownRenderer(options: MarkdownOptions(text: .chinese))

  func warnings(_ markdown: String, renderer: MarkdownRenderer? = nil) -> [String] {
    (renderer ?? english).render(markdown).issues.filter { $0.severity == .warning }.map {
      "\($0.line):\($0.column): \($0.message)"
    }
  }

  @Test func aPipeTableIsOneWarningAtItsFirstPipe() {
    let markdown = "Intro.\n\n  | 姓名 | 职务 |\n  |:---|---:|\n  | 吴清 | 副市长 |\n\nAfter.\n"
    #expect(warnings(markdown, renderer: chinese) == ["3:3: " + UnsupportedSyntax.tableAdvice])
  }

  @Test func pipesInProseOrCodeAreNoTable() {
    #expect(warnings("a | b\nnext line - here\n\n```\n| a |\n|---|\n```\n").isEmpty)
  }

  @Test func footnotesStrikeAndTaskListsAreNamed() {
    let markdown = "Text with a note[^1] and ~~old~~ words.\n\n- [ ] to do\n- [x] done\n\n[^1]: The note.\n"
    #expect(
      warnings(markdown) == [
        "1:17: " + UnsupportedSyntax.footnoteAdvice,
        "1:26: " + UnsupportedSyntax.strikeAdvice,
        "3:3: " + UnsupportedSyntax.taskAdvice,
        "4:3: " + UnsupportedSyntax.taskAdvice,
        "6:1: " + UnsupportedSyntax.footnoteAdvice,
      ])
  }

  @Test func rawHTMLLeftOutIsAWarningUnlessAllowed() {
    let markdown = "<div class=\"box\">\nboxed\n</div>\n\nSome <b>bold</b> text.\n"
    #expect(
      warnings(markdown) == [
        "1:1: raw HTML is left out of the page ('<div class=\"box\">'): the site does not allow it. Write it in Markdown, or set allow_raw_html: true in Content/site.yaml to keep it",
        "5:6: raw HTML is left out of the page ('<b>'): the site does not allow it. Write it in Markdown, or set allow_raw_html: true in Content/site.yaml to keep it",
      ])
    let allowing = MarkdownRenderer(
      options: MarkdownOptions(text: .english, allowRawHTML: true))
    #expect(warnings(markdown, renderer: allowing).isEmpty)
  }

  @Test func aChineseLineIsCountedInCharacters() {
    #expect(warnings("中文说明~~删除~~。\n", renderer: chinese) == ["1:5: " + UnsupportedSyntax.strikeAdvice])
  }
}

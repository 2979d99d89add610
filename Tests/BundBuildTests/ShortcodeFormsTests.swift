import BundTestSupport
import Foundation
import Testing

/// Shortcodes never eat text (issue 12): only {{fig}}, {{table}} and {{chart}} are shortcodes;
/// other braces are text; escaped braces show literally; near misses and full-width braces are a
/// warning with the fix; words that repeat a figure's qualifier are a warning.
struct ShortcodeFormsTests {
  func build(en: String, zh: String? = nil) async throws -> (TestSite, [String], String) {
    let site = try TestSite(fixture: "mini")
    try site.write("Content/notes/sc.en.md", "---\ntitle: Shortcodes\n---\n" + en + "\n")
    if let zh { try site.write("Content/notes/sc.zh.md", "---\ntitle: 短代码\n---\n" + zh + "\n") }
    let report = await site.build()
    #expect(report.succeeded, "\(site.summaries(report))")
    let warnings = site.summaries(report).filter {
      $0.hasPrefix("Content/notes/sc.") && !$0.contains("translation")
    }
    return (site, warnings, (try? site.read("Public/en/notes/sc/index.html")) ?? "")
  }

  @Test func bracesThatAreNoShortcodeAreText() async throws {
    let (_, warnings, html) = try await build(en: "Braces {{ here and }} there, {{x}} and }} alone.")
    #expect(warnings.isEmpty)
    #expect(html.contains("<p>Braces {{ here and }} there, {{x}} and }} alone.</p>"))
  }

  @Test func escapedBracesShowTheShortcodeLiterally() async throws {
    let (_, warnings, html) = try await build(
      en: "Write \\{\\{fig growth\\}\\} to get {{fig growth}}; in code `\\{x`.")
    #expect(warnings.isEmpty)
    #expect(html.contains("Write {{fig growth}} to get 0.6%; in code <code>\\{x</code>."))
  }

  @Test func nearMissesAndFullWidthBracesAreWarnings() async throws {
    let (_, warnings, html) = try await build(en: "A {{Fig growth}}, {{fgi growth}} and ｛｛fig growth｝｝.")
    #expect(
      warnings == [
        "Content/notes/sc.en.md:4:3: warning: '{{Fig growth}}' is not a shortcode and is shown as written; did you mean {{fig …}}? Shortcode names are lowercase: chart, fig, table",
        "Content/notes/sc.en.md:4:19: warning: '{{fgi growth}}' is not a shortcode and is shown as written; did you mean {{fig …}}? Shortcode names are lowercase: chart, fig, table",
        "Content/notes/sc.en.md:4:38: warning: '｛｛fig growth｝｝' is written with full-width braces ｛｝ (a Chinese input method) and is shown as written; write {{fig growth}} with half-width braces",
      ])
    #expect(html.contains("{{Fig growth}}"))
  }

  @Test func wordsThatRepeatTheQualifierAreWarnings() async throws {
    let (_, warnings, _) = try await build(
      en: "It passed {{fig investment}}, more than {{fig investment}}; moreover {{fig investment}}.",
      zh: "首次突破{{fig investment}}，超过{{fig investment}}，达{{fig investment}}。")
    #expect(
      warnings == [
        "Content/notes/sc.en.md:4:4: warning: 'passed' before {{fig investment}} repeats the figure's own qualifier: it already reads 'more than RMB 170 billion'; remove 'passed'",
        "Content/notes/sc.en.md:4:31: warning: 'more than' before {{fig investment}} repeats the figure's own qualifier: it already reads 'more than RMB 170 billion'; remove 'more than'",
        "Content/notes/sc.zh.md:4:3: warning: '突破' before {{fig investment}} repeats the figure's own qualifier: it already reads '超1700亿元'; remove '突破'",
        "Content/notes/sc.zh.md:4:24: warning: '超过' before {{fig investment}} repeats the figure's own qualifier: it already reads '超1700亿元'; remove '超过'",
      ])
  }
}

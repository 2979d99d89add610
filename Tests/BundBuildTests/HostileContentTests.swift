import BundBuild
import BundTestSupport
import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The hostile review's content cases (../shared/reviews/security-review.md): each is an error at
/// its position, the output folder is left as it was, and nothing is written elsewhere.
extension HostileInputTests {
  @Test func controlCharacterInAPage() async throws {
    try await expectFailure(
      {
        try $0.write(
          "Content/notes/plan.en.md", "---\ntitle: The plan\n---\nA form\u{0C}feed and \u{1B}[2J.\n")
      },
      errors: [
        "Content/notes/plan.en.md:4:7: error: the file holds the control character U+000C, which web pages and feeds cannot carry; delete it (it often comes with text pasted from another program)"
      ])
  }

  @Test func controlCharacterFromAYAMLEscape() async throws {
    try await expectFailure(
      { try $0.write("Content/notes/plan.en.md", "---\ntitle: \"a\\0b\"\n---\nText.\n") },
      errors: [
        "Content/notes/plan.en.md:2:8: error: title holds the control character U+0000, which web pages and feeds cannot carry; remove it (a YAML escape such as \\0 or \\f in quotes makes one)"
      ])
  }

  /// An error in a figure's definition is reported once, at the definition: the pages that use
  /// the figure add no errors of their own (the root cause, not its consequences).
  @Test func aBrokenFigureDefinitionIsReportedOnce() async throws {
    try await expectFailure(
      { site in
        let figures = try site.read("Content/data/figures.yaml")
        try site.write(
          "Content/data/figures.yaml",
          figures.replacingOccurrences(of: "unit: rmb_billion", with: "unit: rmb_bilion"))
      },
      errors: [
        "Content/data/figures.yaml:4:9: error: unknown unit 'rmb_bilion' (did you mean 'rmb_billion'?)"
      ])
    try await expectFailure(
      { site in
        try site.write("Content/data/figures.yaml", try site.read("Content/data/figures.yaml") + "- key: [\n")
      },
      errors: [
        "Content/data/figures.yaml:18:1: error: invalid YAML: did not find expected node content (while parsing a flow node at line 18); check indentation, colons and quotes"
      ])
  }

  @Test func scriptURLsInData() async throws {
    try await expectFailure(
      { site in
        let sources = try site.read("Content/data/sources.yaml")
        try site.write(
          "Content/data/sources.yaml",
          sources.replacingOccurrences(of: "https://example.com/source", with: "\"javascript:alert(1)\""))
        try site.write(
          "Content/data/links.yaml", "- name: x\n  url: data:text/html,<script>alert(1)</script>\n")
        try site.write(
          "Content/data/more.csv", "name,home_url\nok,https://example.org/\nbad,JavaScript:alert(1)\n")
        try site.useData(["links", "more"])
      },
      errors: [
        "Content/data/links.yaml:2:8: error: 'url' cannot be a link: 'data:' links are not allowed; use an http, https or mailto URL, or a relative link",
        "Content/data/more.csv:3: error: 'home_url' cannot be a link: 'JavaScript:' links are not allowed; use an http, https or mailto URL, or a relative link",
        "Content/data/sources.yaml:4:8: error: 'url' cannot be a link: 'javascript:' links are not allowed; use an http, https or mailto URL, or a relative link",
      ])
  }

  /// Ten lines that stand for 10⁹ values: refused at the entry that blows up, without expanding it.
  @Test func aliasBombInData() async throws {
    let lines =
      ["a0: &a0 lol"]
      + (1..<10).map { level in
        "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
          + "]"
      }
    try await expectFailure(
      { site in
        try site.write("Content/data/laughs.yaml", lines.joined(separator: "\n") + "\n")
        try site.useData(["laughs"])
      },
      errors: [
        "Content/data/laughs.yaml:5:1: error: YAML aliases ('*name') expand this file to more than 10543 values; write the values out, or repeat them with fewer aliases"
      ])
  }

  /// Yams hashes every mapping key to find duplicates: an aliased key would be expanded in full
  /// inside the parser, so it is refused before parsing, in front matter and in data.
  @Test func aliasedKeys() async throws {
    let lines =
      ["a0: &a0 lol"]
      + (1..<10).map { level in
        "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
          + "]"
      }
    try await expectFailure(
      { site in
        try site.write(
          "Content/notes/plan.en.md",
          "---\ntitle: x\n" + lines.joined(separator: "\n") + "\n? *a8\n: y\n---\nx\n")
        try site.write("Content/data/keys.yaml", lines.joined(separator: "\n") + "\nz: {*a8: y}\n")
        try site.write("Content/data/flowkey.yaml", lines.joined(separator: "\n") + "\n[*a8]: 1\n")
        try site.write("Content/data/nested.yaml", lines.joined(separator: "\n") + "\n{k: *a8}: 1\n")
        try site.write(
          "Content/data/separator.yaml", lines.joined(separator: "\n") + "\nz: 1\u{2028}*a8 : 1\n")
        // Aliases as values are fine, in flow mappings too.
        try site.write("Content/data/values.yaml", "a: &a [1, 2]\nz: {x: *a, y: *a}\nw: [*a, {k: *a}]\n")
        try site.useData(["keys", "flowkey", "nested", "separator", "values"])
      },
      errors: [
        "Content/data/flowkey.yaml:11:1: error: a key here is an alias ('*name') or a complex key ('? '); write mapping keys as plain text",
        "Content/data/keys.yaml:11:1: error: a key here is an alias ('*name') or a complex key ('? '); write mapping keys as plain text",
        "Content/data/nested.yaml:11:1: error: a key here is an alias ('*name') or a complex key ('? '); write mapping keys as plain text",
        "Content/data/separator.yaml:12:1: error: a key here is an alias ('*name') or a complex key ('? '); write mapping keys as plain text",
        "Content/notes/plan.en.md:13:1: error: a key here is an alias ('*name') or a complex key ('? '); write mapping keys as plain text",
      ])
  }

  @Test func slugsThatAreNotPlainSegments() async throws {
    let rule =
      "use ASCII letters, digits, '-', '_' or Chinese characters (no spaces, dots, accents or invisible characters; at most 255 bytes)"
    try await expectFailure(
      { site in
        try site.write("Content/notes/a.en.md", "---\ntitle: A\nslug: ab\u{200D}out\n---\nx\n")
        try site.write("Content/notes/b.en.md", "---\ntitle: B\nslug: \u{0430}bout\n---\nx\n")
        try site.write(
          "Content/notes/c.en.md", "---\ntitle: C\nslug: \(String(repeating: "a", count: 300))\n---\nx\n")
        try site.write(
          "Content/notes/d.en.md", "---\ntitle: D\nslug: \(String(repeating: "汉", count: 90))\n---\nx\n")
        try site.write("Content/notes/e.en.md", "---\ntitle: E\nslug: 计划-2023\n---\nx\n")
      },
      errors: [
        "Content/notes/a.en.md:3:7: error: slug 'ab\u{200D}out' cannot be used in a URL; \(rule)",
        "Content/notes/b.en.md:3:7: error: slug '\u{0430}bout' cannot be used in a URL; \(rule)",
        "Content/notes/c.en.md:3:7: error: slug '\(String(repeating: "a", count: 300))' cannot be used in a URL; \(rule)",
        "Content/notes/d.en.md:3:7: error: slug '\(String(repeating: "汉", count: 90))' cannot be used in a URL; \(rule)",
      ])
  }

  @Test func aBaseURLThatIsNotOne() async throws {
    let site = try TestSite(fixture: "mini")
    for (url, expected) in [
      (
        "example.gov.cn/invest/",
        "--base-url: the base URL must be an absolute URL such as https://example.org/, found 'example.gov.cn/invest/'"
      ),
      (
        "https://x.org/\nDisallow: /",
        "--base-url: the base URL may not hold spaces, line breaks or control characters"
      ),
      ("https://x.org/\"><script>", "--base-url: the base URL may not hold '\"'"),
    ] {
      let report = await Builder(
        options: BuildOptions(
          contentDirectory: site.content, templatesDirectory: site.templates, outputDirectory: site.output,
          baseURL: url)
      ).build()
      #expect(!report.succeeded)
      #expect(site.summaries(report) == ["error: " + expected])
      #expect(!FileManager.default.fileExists(atPath: site.output))
    }
  }
}

/// Sizes at which a quadratic pass would take minutes: each must build (or fail) in linear time.
struct LinearTimeTests {
  func page(_ body: String) -> String { "---\ntitle: Big\n---\n" + body }

  @Test func fiftyThousandIdenticalHeadings() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write(
      "Templates/base.mustache",
      try site.read("Templates/base.mustache").replacingOccurrences(of: "<main>", with: "<main id=\"main\">"))
    try site.write("Content/big.en.md", page(String(repeating: "## Same\n\n", count: 50_000) + "## Main\n"))
    let report = await site.build()
    #expect(report.succeeded)
    let html = try site.read("Public/en/big/index.html")
    #expect(html.contains("<h2 id=\"same-50000\">"))
    #expect(html.contains("<h2 id=\"main-2\">"), "the template's id=\"main\" is never a heading's")
    #expect(!html.contains("<h2 id=\"main\">"))
  }

  @Test func twentyThousandLinksInOneParagraph() async throws {
    let site = try TestSite(fixture: "mini")
    let links = (0..<20_000).map { "[l](https://e.org/\($0))" }.joined(separator: " ")
    try site.write("Content/big.en.md", page(links + " [last](nowhere.md)\n"))
    let report = await site.build()
    let errors = site.summaries(report).filter { $0.contains("error:") }
    #expect(errors.count == 1)
    let column = links.count + 1 + " [last](".count
    #expect(errors.first?.hasPrefix("Content/big.en.md:4:\(column): error: link 'nowhere.md'") == true)
  }

  @Test func fiftyThousandShortcodesAndTenThousandBrokenLinks() async throws {
    let site = try TestSite(fixture: "mini")
    let shortcodes = Array(repeating: "{{fig growth}}", count: 50_000).joined(separator: " ")
    let broken = (0..<10_000).map { "[x](missing-\($0).md)" }.joined(separator: "\n")
    try site.write("Content/big.en.md", page(shortcodes + "\n\n" + broken + "\n"))
    let report = await site.build()
    let errors = site.summaries(report).filter { $0.contains("error:") }
    #expect(errors.count == 10_000)
    #expect(errors.last?.hasPrefix("Content/big.en.md:10005:5: error: link 'missing-9999.md'") == true)
  }

  @Test func fiftyThousandReferenceDefinitionsAndDeepNesting() async throws {
    let site = try TestSite(fixture: "mini")
    let definitions = (0..<50_000).map { "[r\($0)]: https://e.org/\($0)" }.joined(separator: "\n")
    let uses = (0..<50_000).map { "[x][r\($0)]" }.joined(separator: " ")
    let nesting =
      String(repeating: "> ", count: 5_000) + "deep\n\n" + String(repeating: "[", count: 50_000)
      + String(repeating: "*", count: 50_000) + "\n"
    try site.write("Content/big.en.md", page(definitions + "\n\n" + uses + "\n\n" + nesting))
    let report = await site.build()
    #expect(report.succeeded)
  }

  /// 20,000 glossary entries with one English term: anchors numbered in linear time.
  @Test func twentyThousandGlossaryEntriesWithOneTerm() async throws {
    let site = try TestSite(fixture: "mini")
    let entries = Array(repeating: "- {term: {en: Same, zh: 同}, explanation: {en: x, zh: x}}", count: 20_000)
    try site.write("Content/data/glossary.yaml", entries.joined(separator: "\n") + "\n")
    let report = await site.build()
    #expect(report.succeeded, "\(site.summaries(report).prefix(3))")
  }

  /// The same entries written with aliases expand past the file's size: refused, not expanded.
  @Test func twentyThousandAliasedGlossaryEntries() async throws {
    let site = try TestSite(fixture: "mini")
    let entries =
      ["- &e {term: {en: Same, zh: 同}, explanation: {en: x, zh: x}}"]
      + Array(repeating: "- *e", count: 20_000)
    try site.write("Content/data/glossary.yaml", entries.joined(separator: "\n") + "\n")
    let report = await site.build()
    #expect(
      site.summaries(report).filter { $0.contains("error:") } == [
        "Content/data/glossary.yaml:1:3: error: YAML aliases ('*name') expand this file to more than 110062 values; write the values out, or repeat them with fewer aliases"
      ])
  }
}

/// Feeds and the sitemap are well-formed XML, whatever the titles and summaries hold.
struct WellFormedXMLTests {
  final class Errors: NSObject, XMLParserDelegate {
    var messages: [String] = []
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
      messages.append("\(parser.lineNumber):\(parser.columnNumber): \(parseError)")
    }
  }

  @Test func feedsAndSitemapParse() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write(
      "Content/notes/plan.en.md",
      "---\ntitle: \"<b>&amp; 'quotes' \\\"and\\\" ]]> \u{2028}\"\ndate: 2023-01-29T15:45:00+08:00\n---\nBody & *more* ]]>.\n\n## Next steps\n"
    )
    let report = await site.build()
    #expect(report.succeeded, "\(site.summaries(report))")
    for file in ["Public/en/feed.xml", "Public/zh/feed.xml", "Public/sitemap.xml"] {
      let data = try Data(contentsOf: site.root.appendingPathComponent(file))
      let parser = XMLParser(data: data)
      let errors = Errors()
      parser.delegate = errors
      #expect(parser.parse(), "\(file): \(errors.messages)")
    }
  }
}

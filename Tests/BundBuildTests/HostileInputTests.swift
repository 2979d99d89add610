import BundBuild
import BundTestSupport
import Foundation
import Testing

/// One broken site per case: each must fail with a clear message at a position, leave the output folder
/// as it was, write nothing elsewhere, and never crash.
struct HostileInputTests {
  /// Builds the mini site with one change, expecting failure with exactly these error lines.
  func expectFailure(
    _ change: (TestSite) throws -> Void, errors expected: [String],
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) async throws {
    let site = try TestSite(fixture: "mini")
    #expect(await site.build().succeeded, sourceLocation: sourceLocation)
    let before = TestSite.tree(site.output)
    let siteFilesBefore = Set(TestSite.tree(site.root.path).keys)
    try change(site)
    let report = await site.build()
    #expect(!report.succeeded, sourceLocation: sourceLocation)
    let errors = site.summaries(report).filter { $0.contains(": error: ") || $0.hasPrefix("error: ") }
    #expect(errors == expected, sourceLocation: sourceLocation)
    #expect(TestSite.tree(site.output) == before, "the output folder changed", sourceLocation: sourceLocation)
    let written = Set(TestSite.tree(site.root.path).keys).subtracting(siteFilesBefore)
      .filter { !$0.hasPrefix("Content/") && !$0.hasPrefix("Templates/") }
    #expect(
      written.isEmpty, "files written outside the output folder: \(written)", sourceLocation: sourceLocation)
  }

  @Test func malformedYAML() async throws {
    try await expectFailure(
      { try $0.write("Content/notes/plan.en.md", "---\ntitle: \"The plan\ndate: 2023-01-29\n---\nx\n") },
      errors: [
        "Content/notes/plan.en.md:2:8: error: a quoted value that starts here is never closed; add the closing quote at the end of the value"
      ])
  }

  /// The mistakes Chinese editors make most, named where they are (issue 15).
  @Test func yamlMistakesAreNamed() async throws {
    try await expectFailure(
      { site in
        try site.write("Content/notes/plan.en.md", "---\ntitle: x\ndate：2023-01-29\n---\nx\n")
        try site.write("Content/notes/plan.zh.md", "---\ntitle: 计划\n\tdate: 2023-01-29\n---\nx\n")
        try site.write("Content/about.en.md", "---\ntitle: About\nsummary: “a”: b\n---\nx\n")
        try site.write("Content/notes/_index.en.md", "---\ntitle：Notes\n---\nx\n")
      },
      errors: [
        "Content/about.en.md:3:10: error: curly quotes “…” do not quote a value in YAML; put the value in straight quotes \"…\" (curly quotes inside them are fine)",
        "Content/notes/_index.en.md:2:1: error: front matter must be a mapping of 'key: value' lines, found the text 'title：Notes': the colon after 'title' is full-width '：'; write 'title: …' with a half-width colon and a space",
        "Content/notes/plan.en.md:3:5: error: the colon after 'date' is full-width '：'; write 'date: …' with a half-width colon and a space",
        "Content/notes/plan.zh.md:3:1: error: a tab indents this line; YAML indents with spaces only: replace the tab with spaces",
      ])
  }

  @Test func unterminatedFrontMatter() async throws {
    try await expectFailure(
      { try $0.write("Content/notes/plan.en.md", "---\ntitle: The plan\n\nBody without a closing line.\n") },
      errors: [
        "Content/notes/plan.en.md:1:1: error: front matter is not closed; add a line '---' after the last front matter line"
      ])
  }

  @Test func frontMatterThatIsNotAMapping() async throws {
    try await expectFailure(
      { try $0.write("Content/notes/plan.en.md", "---\n- title\n- date\n---\nx\n") },
      errors: [
        "Content/notes/plan.en.md:2:1: error: front matter must be a mapping of 'key: value' lines, found a list"
      ])
  }

  @Test func missingTitle() async throws {
    try await expectFailure(
      { try $0.write("Content/notes/plan.en.md", "---\ndate: 2023-01-29\ntitel: Plan\n---\nx\n") },
      errors: ["Content/notes/plan.en.md:2:1: error: front matter has no title; add 'title: …'"])
  }

  @Test func invalidUTF8() async throws {
    try await expectFailure(
      { site in
        var bytes = Data("---\ntitle: 计划\n---\n第一行\n第二".utf8)
        bytes.append(contentsOf: [0xC4, 0xE3, 0xBA, 0xC3])  // 你好 in GBK
        try bytes.write(to: site.root.appendingPathComponent("Content/notes/plan.zh.md"))
      },
      errors: [
        "Content/notes/plan.zh.md:5:3: error: the file is not valid UTF-8; save it as UTF-8 (without another encoding such as GBK)"
      ])
  }

  @Test func unknownLanguageSuffix() async throws {
    try await expectFailure(
      { try $0.write("Content/notes/plan.fr.md", "---\ntitle: Le plan\n---\nx\n") },
      errors: ["Content/notes/plan.fr.md: error: language suffix '.fr' is not declared in site.yaml"])
  }

  @Test func templateSyntaxError() async throws {
    try await expectFailure(
      {
        try $0.write(
          "Templates/tag.mustache",
          "{{<base}}{{$main}}\n{{#page.pages}}<a>{{title}}</a>\n{{/main}}{{/base}}\n")
      },
      errors: [
        "Templates/tag.mustache:3:1: error: template syntax error: this tag closes 'main', but the open section is 'page.pages' (line 2); close it first with {{/page.pages}}"
      ])
  }

  @Test func everyTemplateSyntaxErrorIsReportedInOneRun() async throws {
    try await expectFailure(
      {
        try $0.write("Templates/tag.mustache", "{{<base}}{{$main}}\n{{#page.pages}}\n{{/main}}{{/base}}\n")
        try $0.write(
          "Templates/tags.mustache", "{{<base}}{{$main}}\n<p>{{page.title</p>\n{{/main}}{{/base}}\n")
      },
      errors: [
        "Templates/tag.mustache:3:1: error: template syntax error: this tag closes 'main', but the open section is 'page.pages' (line 2); close it first with {{/page.pages}}",
        "Templates/tags.mustache:2:4: error: template syntax error: unexpected '<' in tag: a name may use letters, digits, '.', '-', '_' and '?', and the tag ends with '}}'",
      ])
  }

  @Test func missingPartial() async throws {
    try await expectFailure(
      {
        try $0.write(
          "Templates/page.mustache", "{{<base}}{{$main}}\n  {{> partials/toc}}\n{{/main}}{{/base}}\n")
      },
      errors: ["Templates/page.mustache:2:3: error: partial 'partials/toc' does not exist"])
  }

  @Test func missingUIString() async throws {
    try await expectFailure(
      {
        try $0.write(
          "Templates/i18n/zh.yaml",
          try $0.read("Templates/i18n/zh.yaml").replacingOccurrences(of: "updated: 更新\n", with: ""))
      },
      errors: [
        "Templates/i18n/zh.yaml: error: UI string 'updated' is missing in zh; add it to Templates/i18n/zh.yaml"
      ])
  }

  /// The engine's own page titles are UI strings too: never an English fallback on a Chinese page.
  @Test func missingEngineTitleIsAnErrorInEveryLanguage() async throws {
    try await expectFailure(
      {
        for code in ["en", "zh"] {
          let path = "Templates/i18n/\(code).yaml"
          let kept = try $0.read(path).split(separator: "\n").filter { !$0.hasPrefix("tags_title:") }
          try $0.write(path, kept.joined(separator: "\n") + "\n")
        }
      },
      errors: [
        "Templates/i18n/en.yaml: error: UI string 'tags_title' is needed as the title of the tags page; add it to Templates/i18n/en.yaml",
        "Templates/i18n/zh.yaml: error: UI string 'tags_title' is needed as the title of the tags page; add it to Templates/i18n/zh.yaml",
      ])
  }

  @Test func emptyContent() async throws {
    try await expectFailure(
      { site in
        for name in try FileManager.default.contentsOfDirectory(atPath: site.content)
        where name != "site.yaml" {
          try site.remove("Content/\(name)")
        }
      },
      errors: ["Content: error: there are no pages in Content; add at least _index.en.md for the home page"])
  }

  @Test func symlinkOutOfContent() async throws {
    try await expectFailure(
      { site in
        try FileManager.default.createSymbolicLink(
          atPath: site.content + "/notes/passwd.en.md", withDestinationPath: "/etc/passwd")
      },
      errors: [
        "Content/notes/passwd.en.md: error: symbolic link 'notes/passwd.en.md' points outside Content (to /etc/passwd); copy the file in instead"
      ])
  }

  @Test func symlinkLoop() async throws {
    try await expectFailure(
      { site in
        try FileManager.default.createSymbolicLink(
          atPath: site.content + "/notes/a.en.md", withDestinationPath: "b.en.md")
        try FileManager.default.createSymbolicLink(
          atPath: site.content + "/notes/b.en.md", withDestinationPath: "a.en.md")
      },
      errors: [
        "Content/notes/a.en.md: error: symbolic link 'notes/a.en.md' is broken or loops; remove it or point it at a file inside Content",
        "Content/notes/b.en.md: error: symbolic link 'notes/b.en.md' is broken or loops; remove it or point it at a file inside Content",
      ])
  }

  @Test func dotDotInAFileName() async throws {
    try await expectFailure(
      { try $0.write("Content/notes/a..b.en.md", "---\ntitle: X\n---\nx\n") },
      errors: [
        "Content/notes/a..b.en.md: error: 'a..b' cannot be part of a URL; use ASCII letters, digits, '-', '_' and Chinese characters (no spaces, '..', leading '.', accents or invisible characters; at most 255 bytes)"
      ])
  }

  /// Any tag text is allowed (issue 12); its address is its slug, which can never be a path: a
  /// tag written as a path, or made only of punctuation, stays inside the output folder.
  @Test func tagThatLooksLikeAPathStaysInside() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write("Content/notes/plan.en.md", "---\ntitle: Plan\ntags: [../../etc]\n---\n## Next steps\n")
    let outsideBefore = TestSite.tree(site.root.path).keys.filter { !$0.hasPrefix("Public/") }.sorted()
    let report = await site.build()
    #expect(report.succeeded, "\(site.summaries(report))")
    #expect(try site.read("Public/en/tags/etc/index.html").contains("../../etc"))
    #expect(TestSite.tree(site.root.path).keys.filter { !$0.hasPrefix("Public/") }.sorted() == outsideBefore)
    try site.write("Content/notes/plan.en.md", "---\ntitle: Plan\ntags: [\"../..\"]\n---\n## Next steps\n")
    let refused = await site.build()
    #expect(
      site.summaries(refused).contains(
        "Content/notes/plan.en.md:3:7: error: tag '../..' has no letter or digit to make its address from; write it with words"
      ))
  }

  @Test func unknownFigureIsReportedWithSuggestion() async throws {
    try await expectFailure(
      {
        try $0.write("Content/_index.en.md", "---\ntitle: Home\n---\nInvestment passed {{fig investmnt}}.\n")
      },
      errors: [
        "Content/_index.en.md:4:19: error: unknown figure 'investmnt' (did you mean 'investment'?); figures are defined in Content/data/figures.yaml"
      ])
  }

  @Test func brokenAnchor() async throws {
    try await expectFailure(
      {
        try $0.write(
          "Content/about.en.md", "---\ntitle: About\n---\nSee [the plan](notes/plan.md#next-step).\n")
      },
      errors: [
        "Content/about.en.md:4:16: error: anchor '#next-step' does not exist in Content/notes/plan.en.md (did you mean 'next-steps'?)"
      ])
  }

  @Test func byteOrderMarkAndCRLFSimplyWork() async throws {
    let site = try TestSite(fixture: "mini")
    var bytes = Data([0xEF, 0xBB, 0xBF])
    bytes.append(
      Data(
        "---\r\ntitle: The plan\r\ndate: 2023-01-29\r\n---\r\nLine one\r\nline two.\r\n\r\n## Next steps\r\n"
          .utf8))
    try bytes.write(to: site.root.appendingPathComponent("Content/notes/plan.en.md"))
    let report = await site.build()
    #expect(report.succeeded, "\(site.summaries(report))")
    let html = try site.read("Public/en/notes/plan/index.html")
    #expect(html.contains("<p>Line one\nline two.</p>"))
    #expect(html.contains("<h2 id=\"next-steps\">Next steps</h2>"))
  }

  @Test func hugeAndDeeplyNestedMarkdownBuilds() async throws {
    let site = try TestSite(fixture: "mini")
    let paragraph = String(repeating: "Shanghai industrial investment grew. ", count: 20) + "\n\n"
    let huge = String(repeating: paragraph, count: 20_000_000 / paragraph.utf8.count)
    try site.write("Content/notes/huge.en.md", "---\ntitle: Huge\n---\n" + huge)
    try site.write(
      "Content/notes/deep.en.md",
      "---\ntitle: Deep\n---\n" + String(repeating: "> ", count: 10_000) + "quote\n\n"
        + (0..<10_000).map { String(repeating: "  ", count: $0) + "- item" }.joined(separator: "\n") + "\n")
    let report = await site.build()
    #expect(report.succeeded, "\(site.summaries(report).filter { $0.contains("error") })")
    #expect(try site.read("Public/en/notes/deep/index.html").contains("quote"))
  }
}

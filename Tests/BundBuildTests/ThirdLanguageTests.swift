import BundCore
import BundLoading
import BundTestSupport
import Foundation
import Testing

@testable import BundBuild

/// A third language declared in site.yaml (issue 15): with no pages yet the site builds, its data
/// texts fall back with warnings and no switcher offers it; once it has pages it is a language
/// like the others.
struct ThirdLanguageTests {
  func site() throws -> TestSite {
    let site = try TestSite(fixture: "mini")
    let config = try site.read("Content/site.yaml")
    try site.write(
      "Content/site.yaml",
      config.replacingOccurrences(
        of: "menu:",
        with: "  - code: ja\n    tag: ja\n    name: 日本語\n    title: ミニ\n    description: 小さなサイト。\nmenu:"))
    try site.write("Templates/i18n/ja.yaml", try site.read("Templates/i18n/zh.yaml"))
    return site
  }

  @Test func aLanguageWithNoPagesYetBuildsWithWarnings() async throws {
    let site = try site()
    let report = await site.build()
    #expect(report.succeeded, "\(site.summaries(report).filter { $0.contains("error") })")
    let warnings = site.summaries(report).filter { $0.contains("warning") }
    #expect(
      warnings.contains(
        "Content/data/figures.yaml:6:11: warning: period has no 'ja' text; 'ja' has no pages yet, so it shows the en text until you add 'ja: …'"
      ))
    #expect(!FileManager.default.fileExists(atPath: site.output + "/ja"))
    #expect(try !site.read("Public/en/index.html").contains("href=\"../ja/\""))
  }

  @Test func aLanguageWithPagesNeedsEveryText() async throws {
    let site = try site()
    try site.write("Content/_index.ja.md", "---\ntitle: ホーム\n---\nようこそ。\n")
    let report = await site.build()
    #expect(
      site.summaries(report).contains(
        "Content/data/figures.yaml:6:11: error: period has no 'ja' text; add 'ja: …' so every language shows it"
      ))
  }

  /// Text rules are data: Japanese counts characters and keeps its quotes as typed.
  @Test func textRulesComeFromSiteYAML() async throws {
    let site = try TestSite(fixture: "mini")
    let config = try site.read("Content/site.yaml")
    try site.write(
      "Content/site.yaml",
      config.replacingOccurrences(
        of: "menu:",
        with:
          "  - code: ja\n    tag: ja\n    name: 日本語\n    title: ミニ\n    description: 小さなサイト。\n    text: {words: characters, sentences: full_width, smart_punctuation: false, formats: zh, search: characters}\nmenu:"
      ))
    try site.write("Templates/i18n/ja.yaml", try site.read("Templates/i18n/zh.yaml"))
    try site.write("Content/_index.ja.md", "---\ntitle: ホーム\n---\n\"ようこそ\" -- 日本語のページです。\n")
    try site.write(
      "Templates/home.mustache",
      "{{<base}}{{$main}}{{{page.content}}}<p>{{page.word_count}}</p>{{/main}}{{/base}}\n")
    let report = await site.build()
    let errors = site.summaries(report).filter { $0.contains("error") }
    #expect(errors.allSatisfy { $0.contains("'ja' text") }, "\(errors)")
    let (loaded, _) = await SiteLoader(contentDirectory: site.content, templatesDirectory: site.templates)
      .load()
    let ja = try #require(loaded?.config.language("ja"))
    #expect(ja.rules.countsCharacters && ja.rules.fullWidthSentences && !ja.rules.smartPunctuation)
    #expect(ja.rules.chineseFormats && ja.rules.searchesCharacters)
    #expect(try #require(loaded?.config.language("en")).rules == .english)
  }

  @Test func anUnknownTextRuleIsAnError() async throws {
    let site = try TestSite(fixture: "mini")
    let config = try site.read("Content/site.yaml")
    try site.write(
      "Content/site.yaml",
      config.replacingOccurrences(
        of: "    tag: en\n", with: "    tag: en\n    text: {word: spaces, sentences: dots}\n"))
    let report = await site.build()
    let errors = site.summaries(report).filter { $0.contains("error") }
    #expect(errors.contains { $0.contains("unknown text rule 'word' (did you mean 'words'?)") })
    #expect(errors.contains { $0.contains("text.sentences is full_width or latin, found 'dots'") })
  }

  @Test func newWritesEveryLanguage() async throws {
    let site = try site()
    for code in ["en", "zh", "ja"] {
      try site.write(
        "Templates/archetypes/default.\(code).md", "---\ntitle: {{title}}\ndate: {{date}}\n---\nText.\n")
    }
    let (loaded, _) = await SiteLoader(contentDirectory: site.content, templatesDirectory: site.templates)
      .load()
    let config = try #require(loaded?.config)
    let editor = ContentEditor(contentDirectory: site.content, templatesDirectory: site.templates)
    #expect(throws: ContentEditor.EditError.self) {
      try editor.newPage(
        "notes/next", titles: ["en": "Next", "zh": "下一步"], config: config,
        date: SimpleDate(year: 2023, month: 2, day: 1))
    }
    let written = try editor.newPage(
      "notes/next", titles: ["en": "Next", "zh": "下一步", "ja": "次へ"], config: config,
      date: SimpleDate(year: 2023, month: 2, day: 1))
    #expect(written.count == 3)
    #expect(try site.read("Content/notes/next.ja.md").contains("title: \"次へ\""))
  }
}

import BundBuild
import BundCore
import BundLoading
import BundTestSupport
import Foundation
import Testing

/// `bund status` (translation state, --mark) and `bund new` (page pairs from archetypes).
struct EditorCommandTests {
  func report(_ site: TestSite) async throws -> TranslationReport {
    let (loaded, diagnostics) = await SiteLoader(
      contentDirectory: site.content, templatesDirectory: site.templates
    )
    .load()
    #expect(!diagnostics.hasErrors)
    return TranslationReport(site: try #require(loaded))
  }

  func editor(_ site: TestSite) -> ContentEditor {
    ContentEditor(contentDirectory: site.content, templatesDirectory: site.templates)
  }

  @Test func editingTheSourceMakesTheTranslationStale() async throws {
    let site = try TestSite(fixture: "mini")
    var report = try await report(site)
    #expect(report.rows.first { $0.key == "notes/plan" }?.versions["zh"]?.state == .untracked)
    #expect(report.rows.first { $0.key == "about" }?.versions["zh"] == nil)
    #expect(report.missingCount == 1)

    let changed = try editor(site).markTranslated("notes/plan", report: report)
    #expect(changed.map { $0.hasSuffix("Content/notes/plan.zh.md") } == [true])
    report = try await self.report(site)
    #expect(report.rows.first { $0.key == "notes/plan" }?.versions["zh"]?.state == .upToDate)
    #expect(report.staleCount == 0)
    #expect(await site.build().succeeded)
    #expect(!(try site.read("Public/zh/notes/plan/index.html").contains("stale")))

    try site.write(
      "Content/notes/plan.en.md",
      try site.read("Content/notes/plan.en.md") + "\nA new paragraph in English.\n")
    report = try await self.report(site)
    #expect(report.rows.first { $0.key == "notes/plan" }?.versions["zh"]?.state == .stale)
    #expect(report.staleCount == 1)
    #expect(report.text().contains("notes/plan  "))
    #expect(report.json().contains("\"state\": \"stale\""))
  }

  @Test func stalePagesCarryTheFlagIntoTheirContext() async throws {
    let site = try TestSite(fixture: "mini")
    _ = try editor(site).markTranslated("notes/plan", report: try await report(site))
    try site.write("Content/notes/plan.en.md", try site.read("Content/notes/plan.en.md") + "\nChanged.\n")
    try site.write(
      "Templates/page.mustache",
      "{{<base}}{{$main}}{{#page.translation_stale}}STALE{{/page.translation_stale}}{{/main}}{{/base}}\n")
    #expect(await site.build().succeeded)
    #expect(try site.read("Public/zh/notes/plan/index.html").contains("STALE"))
    #expect(!(try site.read("Public/en/notes/plan/index.html").contains("STALE")))
  }

  @Test func newCreatesBothLanguagesAndNeverOverwrites() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write(
      "Templates/archetypes/default.en.md", "---\ntitle: {{title}}\ndate: {{date}}\n---\nText.\n")
    try site.write("Templates/archetypes/default.zh.md", "---\ntitle: {{title}}\ndate: {{date}}\n---\n正文。\n")
    let config = try #require(
      await SiteLoader(contentDirectory: site.content, templatesDirectory: site.templates).load().0?.config)
    let date = SimpleDate(year: 2023, month: 2, day: 1)
    let written = try editor(site).newPage(
      "notes/new-topic", titles: ["en": "New \"topic\"", "zh": "新专题"], config: config, date: date)
    #expect(written.count == 2)
    #expect(
      try site.read("Content/notes/new-topic.en.md")
        == "---\ntitle: \"New \\\"topic\\\"\"\ndate: 2023-02-01\n---\nText.\n")
    #expect(try site.read("Content/notes/new-topic.zh.md").contains("translation_of: untranslated"))
    let report = try await report(site)
    // Not translated yet: neither stale nor up to date until someone marks it.
    #expect(report.rows.first { $0.key == "notes/new-topic" }?.versions["zh"]?.state == .untranslated)
    #expect(await site.build().succeeded)
    #expect(throws: ContentEditor.EditError.self) {
      try editor(site).newPage(
        "notes/new-topic", titles: ["en": "Again", "zh": "再次"], config: config, date: date)
    }
    #expect(throws: ContentEditor.EditError.self) {
      try editor(site).newPage("../escape", titles: ["en": "X", "zh": "X"], config: config, date: date)
    }
  }
}

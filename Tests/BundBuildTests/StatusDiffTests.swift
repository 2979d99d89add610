import BundCore
import BundLoading
import BundTestSupport
import Foundation
import Testing

@testable import BundBuild

/// `bund status --diff`: which blocks of the source changed since a translation was marked.
struct StatusDiffTests {
  @Test func blocksKeepFencedCodeWhole() {
    let blocks = SourceBlocks(body: "One.\n\n```\na\n\nb\n```\n\n## Two\n\nThree\nlines.\n").blocks
    #expect(blocks.map(\.text) == ["One.", "```\na\n\nb\n```", "## Two", "Three\nlines."])
    #expect(blocks.map(\.line) == [1, 3, 9, 11])
  }

  @Test func changesAreAddedChangedAndRemoved() {
    let before = SourceBlocks(body: "A\n\nB\n\nC\n\nD\n").recorded
    let after = SourceBlocks(body: "A\n\nB2\n\nC\n\nE\n\nD\n\nF\n")
    #expect(after.changes(since: before) == [.changed(1), .added(3), .added(5)])
    #expect(SourceBlocks(body: "A\n\nD\n").changes(since: before) == [.removed(1), .removed(2)])
  }

  @Test func aMarkedTranslationShowsWhatChangedInItsSource() async throws {
    let site = try TestSite(fixture: "mini")
    func report() async throws -> TranslationReport {
      let (loaded, _) = await SiteLoader(contentDirectory: site.content, templatesDirectory: site.templates)
        .load()
      return TranslationReport(site: try #require(loaded))
    }
    let editor = ContentEditor(contentDirectory: site.content, templatesDirectory: site.templates)
    _ = try editor.markTranslated("notes/plan", report: try await report())
    #expect(try site.read("Content/notes/plan.zh.md").contains("translation_blocks: \""))
    #expect(try await report().rows.first { $0.key == "notes/plan" }?.versions["zh"]?.state == .upToDate)

    let en = try site.read("Content/notes/plan.en.md")
    try site.write("Content/notes/plan.en.md", en + "\nA new closing paragraph.\n")
    let stale = try await report()
    #expect(stale.text().contains("zh stale (1 block changed; bund status --diff notes/plan)"))
    let diff = try #require(stale.diff("notes/plan"))
    #expect(diff.count == 1)
    #expect(diff[0].language == "zh")
    #expect(
      diff[0].entries == [
        TranslationReport.DiffEntry(
          kind: "added", line: 12, text: "A new closing paragraph.", translation: nil)
      ])
    #expect(stale.json().contains("\"changed_blocks\": 1"))
  }

  @Test func aNewPagesTranslationIsUntranslatedNotStale() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write(
      "Templates/archetypes/default.en.md", "---\ntitle: {{title}}\ndate: {{date}}\n---\nText.\n")
    try site.write("Templates/archetypes/default.zh.md", "---\ntitle: {{title}}\ndate: {{date}}\n---\n正文。\n")
    let (loaded, _) = await SiteLoader(contentDirectory: site.content, templatesDirectory: site.templates)
      .load()
    let config = try #require(loaded?.config)
    let editor = ContentEditor(contentDirectory: site.content, templatesDirectory: site.templates)
    _ = try editor.newPage(
      "notes/next", titles: ["en": "Next", "zh": "下一步"], config: config,
      date: SimpleDate(year: 2023, month: 2, day: 1))
    try site.write(
      "Content/notes/next.en.md", try site.read("Content/notes/next.en.md") + "\nWritten at last.\n")
    let (again, _) = await SiteLoader(
      contentDirectory: site.content, templatesDirectory: site.templates, includeDrafts: true
    ).load()
    let report = TranslationReport(site: try #require(again))
    #expect(report.rows.first { $0.key == "notes/next" }?.versions["zh"]?.state == .untranslated)
  }
}

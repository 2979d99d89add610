import BundCore
import BundLoading
import BundTestSupport
import Foundation
import Testing

@testable import BundBuild

/// A page dated in the future, or with publish_at, stays out until then (issue 15).
struct EmbargoTests {
  /// 2023-02-01T00:00:00Z.
  let now = SimpleDate(year: 2023, month: 2, day: 1).instant

  func build(_ site: TestSite, future: Bool = false) async -> BuildReport {
    var options = BuildOptions(
      contentDirectory: site.content, templatesDirectory: site.templates, outputDirectory: site.output)
    options.now = now
    options.includeFuture = future
    return await Builder(options: options).build()
  }

  @Test func aScheduledPageIsLeftOutUntilItsTime() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write(
      "Content/notes/next.en.md", "---\ntitle: Next\ndate: 2023-03-01T09:00:00+08:00\n---\nSoon.\n")
    try site.write(
      "Content/notes/embargoed.en.md",
      "---\ntitle: Embargoed\ndate: 2023-01-20\npublish_at: 2023-02-02\n---\nx\n")
    let report = await build(site)
    #expect(report.succeeded, "\(site.summaries(report))")
    #expect(!FileManager.default.fileExists(atPath: site.output + "/en/notes/next/index.html"))
    #expect(!FileManager.default.fileExists(atPath: site.output + "/en/notes/embargoed/index.html"))
    #expect(try !site.read("Public/en/feed.xml").contains("Next"))
    #expect(try !site.read("Public/sitemap.xml").contains("notes/next/"))
    #expect(report.scheduled.map(\.date.iso) == ["2023-02-02", "2023-03-01"])

    let all = await build(site, future: true)
    #expect(all.succeeded)
    #expect(FileManager.default.fileExists(atPath: site.output + "/en/notes/next/index.html"))
    #expect(all.scheduled.isEmpty)
  }

  @Test func aLinkToAScheduledPageSaysWhy() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write("Content/notes/next.en.md", "---\ntitle: Next\ndate: 2023-03-01\n---\nSoon.\n")
    try site.write("Content/about.en.md", "---\ntitle: About\n---\nSee [next](notes/next.md).\n")
    let report = await build(site)
    #expect(
      site.summaries(report).filter { $0.contains("error") } == [
        "Content/about.en.md:4:12: error: link 'notes/next.md' leads to a page scheduled for 2023-03-01 (its publish_at or date), which is not published yet; remove the link until then, or build with --future"
      ])
  }

  @Test func statusListsWhatIsScheduled() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write("Content/notes/next.en.md", "---\ntitle: Next\ndate: 2023-03-01\n---\nSoon.\n")
    let (loaded, _) = await SiteLoader(contentDirectory: site.content, templatesDirectory: site.templates)
      .load()
    let report = try #require(loaded.map { TranslationReport(site: $0, now: now) })
    #expect(
      report.text().contains(
        "scheduled: \(site.content)/notes/next.en.md is published from 2023-03-01T00:00:00Z"))
    #expect(report.json().contains("\"scheduled\": [{\"path\": "))
  }
}

import BundBuild
import BundCore
import BundTestSupport
import Foundation
import Testing

/// What a build may and may not do to the output folder.
struct BuildSafetyTests {
  @Test func failedBuildLeavesOutputUntouched() async throws {
    let site = try TestSite(fixture: "mini")
    #expect(await site.build().succeeded)
    let before = TestSite.tree(site.output)
    let datesBefore = TestSite.modificationDates(site.output)
    try site.write(
      "Content/notes/plan.zh.md", try site.read("Content/notes/plan.zh.md") + "\n[坏链接](missing.md)\n")
    try site.write("Content/about.en.md", "---\ntitle: About\n---\nChanged text.\n")
    let report = await site.build()
    #expect(!report.succeeded)
    #expect(
      site.summaries(report).contains(
        "Content/notes/plan.zh.md:10:7: error: link 'missing.md' leads to no page (looked for notes/missing.zh.md)"
      ))
    #expect(TestSite.tree(site.output) == before)
    #expect(TestSite.modificationDates(site.output) == datesBefore)
  }

  /// Pages are written while templates render; a template error after some of them must undo them.
  @Test func renderFailureLeavesNoPageBehind() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write("Templates/tag.mustache", "{{<base}}{{$main}}<h1>{{pagee}}</h1>{{/main}}{{/base}}\n")
    let report = await site.build()
    #expect(!report.succeeded)
    #expect(!FileManager.default.fileExists(atPath: site.output), "the output folder did not exist before")
  }

  @Test func renderFailureAfterAGoodBuildLeavesOutputUntouched() async throws {
    let site = try TestSite(fixture: "mini")
    #expect(await site.build().succeeded)
    let before = TestSite.tree(site.output)
    let datesBefore = TestSite.modificationDates(site.output)
    try site.write("Content/about.en.md", "---\ntitle: About\n---\nChanged text.\n")
    try site.write("Templates/tag.mustache", "{{<base}}{{$main}}<h1>{{pagee}}</h1>{{/main}}{{/base}}\n")
    let report = await site.build()
    #expect(!report.succeeded)
    #expect(TestSite.tree(site.output) == before)
    #expect(TestSite.modificationDates(site.output) == datesBefore)
    #expect(!FileManager.default.fileExists(atPath: site.output + "/.bund-staging"))
  }

  @Test func changedPagesMoveIntoPlaceAndStagingIsGone() async throws {
    let site = try TestSite(fixture: "mini")
    #expect(await site.build().succeeded)
    try site.write("Content/about.en.md", "---\ntitle: About\n---\nChanged text.\n")
    let report = await site.build()
    #expect(report.succeeded)
    #expect(report.written >= 1)
    let page = try String(contentsOfFile: site.output + "/en/about/index.html", encoding: .utf8)
    #expect(page.contains("Changed text."))
    #expect(!FileManager.default.fileExists(atPath: site.output + "/.bund-staging"))
    #expect(report.diagnostics.allSatisfy { !$0.summary.contains("not written by bund") })
  }

  @Test func unchangedFilesAreNotRewritten() async throws {
    let site = try TestSite(fixture: "mini")
    #expect(await site.build().succeeded)
    let datesBefore = TestSite.modificationDates(site.output)
    try await Task.sleep(for: .milliseconds(20))
    let report = await site.build()
    #expect(report.succeeded)
    #expect(report.written == 0)
    #expect(TestSite.modificationDates(site.output) == datesBefore)
  }

  @Test func staleFilesAreRemovedAndForeignFilesKept() async throws {
    let site = try TestSite(fixture: "mini")
    #expect(await site.build().succeeded)
    try site.write("Public/keep-me.txt", "not ours")
    try site.remove("Content/notes/plan.zh.md")
    let report = await site.build()
    #expect(report.succeeded)
    #expect(!FileManager.default.fileExists(atPath: site.output + "/zh/notes/plan/index.html"))
    #expect(FileManager.default.fileExists(atPath: site.output + "/keep-me.txt"))
    #expect(report.diagnostics.contains { $0.summary.contains("keep-me.txt' was not written by bund") })
  }

  @Test func slugThatEscapesTheOutputIsRefused() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write("Content/notes/evil.en.md", "---\ntitle: Evil\nslug: ../../etc\n---\nx\n")
    let report = await site.build()
    #expect(!report.succeeded)
    #expect(
      site.summaries(report).contains(
        "Content/notes/evil.en.md:3:7: error: slug '../../etc' cannot be used in a URL; use ASCII letters, digits, '-', '_' or Chinese characters (no spaces, dots, accents or invisible characters; at most 255 bytes)"
      ))
    #expect(!FileManager.default.fileExists(atPath: site.output))
  }

  @Test func twoPagesOnOneURLAreAnError() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write("Content/notes/other.en.md", "---\ntitle: Other\nslug: plan\n---\nx\n")
    let report = await site.build()
    #expect(!report.succeeded)
    #expect(site.summaries(report).contains { $0.contains("en/notes/plan/ is produced twice") })
  }
}

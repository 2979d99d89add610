import BundBuild
import BundTestSupport
import Foundation
import Testing

/// The search stage inside a whole build: its own timing, and the chunked index in the output.
struct SearchStageTests {
  static func siteWithSearch() throws -> TestSite {
    let site = try TestSite(fixture: "mini")
    try site.write("Templates/search.mustache", "<h1>{{page.title}}</h1>\n")
    for (language, title) in [("en", "Search"), ("zh", "搜索")] {
      let path = "Templates/i18n/\(language).yaml"
      try site.write(path, try site.read(path) + "search_title: \(title)\n")
    }
    return site
  }

  @Test func theIndexIsWrittenInChunksAndTimedAsItsOwnStage() async throws {
    let site = try Self.siteWithSearch()
    let report = await site.build()
    #expect(report.succeeded, "\(site.summaries(report))")
    let stages = report.timings.map(\.stage)
    #expect(stages.contains("search"))
    if let search = stages.firstIndex(of: "search") {
      #expect(stages.firstIndex(of: "templates").map { $0 < search } == true)
      #expect(stages.firstIndex(of: "write").map { $0 > search } == true)
    }
    let tree = TestSite.tree(site.output)
    for language in ["en", "zh"] {
      #expect(tree["\(language)/search/index.json"] != nil)
      #expect(tree["\(language)/search/terms/0.json"] != nil)
      #expect(tree["\(language)/search/docs/0.json"] != nil)
    }
    #expect(report.searchIndexes.map(\.language) == ["en", "zh"])
  }

  @Test func aSiteWithoutASearchTemplateHasNoIndex() async throws {
    let site = try TestSite(fixture: "mini")
    let report = await site.build()
    #expect(report.succeeded)
    #expect(TestSite.tree(site.output).keys.allSatisfy { !$0.contains("/search/") })
    #expect(report.searchIndexes.isEmpty)
  }
}

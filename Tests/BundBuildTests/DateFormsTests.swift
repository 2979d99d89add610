import BundBuild
import BundTestSupport
import Foundation
import Testing

/// Dates as press releases carry them: with a time and a zone (issue 12).
struct DateFormsTests {
  @Test func timestampsBuildSortAndReachFeedsAndSitemap() async throws {
    let site = try TestSite(fixture: "mini")
    let plan = try site.read("Content/notes/plan.en.md")
    try site.write(
      "Content/notes/plan.en.md",
      plan.replacingOccurrences(of: "date: 2023-01-29", with: "date: 2023-01-29T15:45:00+08:00"))
    try site.write(
      "Content/notes/later.en.md",
      "---\ntitle: Later\ndate: 2023-01-29 09:00:00 Z\nupdated: 2023-01-30T10:00\n---\nText.\n")
    let report = await site.build()
    #expect(report.succeeded, "\(site.summaries(report))")
    let page = try site.read("Public/en/notes/plan/index.html")
    #expect(page.contains("<time datetime=\"2023-01-29T15:45:00+08:00\">29 January 2023</time>"))
    let feed = try site.read("Public/en/feed.xml")
    #expect(feed.contains("<published>2023-01-29T15:45:00+08:00</published>"))
    #expect(feed.contains("<updated>2023-01-30T10:00:00Z</updated>"))
    // 09:00 UTC is after 15:45 in Shanghai (07:45 UTC): the later page comes first.
    let later = try #require(feed.range(of: "<title>Later</title>"))
    let first = try #require(feed.range(of: "<title>The plan</title>"))
    #expect(later.lowerBound < first.lowerBound)
    let sitemap = try site.read("Public/sitemap.xml")
    #expect(sitemap.contains("<lastmod>2023-01-30T10:00:00Z</lastmod>"))
  }

  @Test func aMalformedDateListsTheAcceptedForms() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write("Content/notes/bad.en.md", "---\ntitle: Bad\ndate: 29 Jan 2023 3:45 PM\n---\nText.\n")
    let report = await site.build()
    #expect(!report.succeeded)
    #expect(
      site.summaries(report).contains(
        "Content/notes/bad.en.md:3:7: error: date '29 Jan 2023 3:45 PM' is not a date; write YYYY-MM-DD (2023-01-29), a date and time (2023-01-29T15:45 or 2023-01-29 15:45:00) or a timestamp with its offset (2023-01-29T15:45:00+08:00, 2023-01-29T07:45:00Z)"
      ))
  }
}

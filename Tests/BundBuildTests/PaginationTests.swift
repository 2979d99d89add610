import BundTestSupport
import Foundation
import Testing

/// Long section and tag lists go on over page/2/, page/3/ … (paginate: in site.yaml; issue 15).
struct PaginationTests {
  func site(paginate: Int, pages: Int) throws -> TestSite {
    let site = try TestSite(fixture: "mini")
    let config = try site.read("Content/site.yaml")
    try site.write("Content/site.yaml", config + "paginate: \(paginate)\n")
    for number in 1...pages {
      try site.write(
        "Content/notes/n\(number).en.md",
        "---\ntitle: Note \(number)\ndate: 2023-01-\(String(format: "%02d", number))\ntags: [investment]\n---\nx\n"
      )
    }
    for code in ["en", "zh"] {
      try site.write(
        "Templates/i18n/\(code).yaml",
        try site.read("Templates/i18n/\(code).yaml")
          + (code == "en" ? "page_of: \"Page {n} of {total}\"\n" : "page_of: \"第{n}页，共{total}页\"\n"))
    }
    try site.write(
      "Templates/section.mustache",
      "{{<base}}{{$main}}{{#page.pages}}<li class=\"p\">{{title}}</li>{{/page.pages}}{{#page.pagination}}<nav>{{label}}{{#prev_url}}<a rel=\"prev\" href=\"{{prev_url}}\">p</a>{{/prev_url}}{{#next_url}}<a rel=\"next\" href=\"{{next_url}}\">n</a>{{/next_url}}</nav>{{/page.pagination}}{{/main}}{{/base}}\n"
    )
    return site
  }

  @Test func aLongSectionGoesOnOverPages() async throws {
    let site = try site(paginate: 2, pages: 5)
    let report = await site.build()
    #expect(report.succeeded, "\(site.summaries(report))")
    let first = try site.read("Public/en/notes/index.html")
    #expect(first.contains("<nav>Page 1 of 3<a rel=\"next\" href=\"page/2/\">n</a></nav>"))
    #expect(first.components(separatedBy: "<li class=\"p\">").count == 3)
    let second = try site.read("Public/en/notes/page/2/index.html")
    #expect(
      second.contains("Page 2 of 3<a rel=\"prev\" href=\"../../\">p</a><a rel=\"next\" href=\"../3/\">n</a>"))
    let third = try site.read("Public/en/notes/page/3/index.html")
    #expect(third.contains("Page 3 of 3<a rel=\"prev\" href=\"../2/\">p</a></nav>"))
    #expect(!FileManager.default.fileExists(atPath: site.output + "/en/notes/page/4/index.html"))
    #expect(try !site.read("Public/sitemap.xml").contains("page/2/"))
  }

  @Test func withoutPaginateEveryPageIsOnOne() async throws {
    let site = try site(paginate: 0, pages: 5)
    let report = await site.build()
    #expect(report.succeeded)
    #expect(!FileManager.default.fileExists(atPath: site.output + "/en/notes/page/2/index.html"))
  }

  @Test func paginateNeedsItsUIString() async throws {
    let site = try site(paginate: 2, pages: 3)
    let kept = try site.read("Templates/i18n/zh.yaml").split(separator: "\n").filter {
      !$0.hasPrefix("page_of:")
    }
    try site.write("Templates/i18n/zh.yaml", kept.joined(separator: "\n") + "\n")
    let report = await site.build()
    #expect(
      site.summaries(report).contains {
        $0.hasPrefix(
          "Templates/i18n/zh.yaml: error: UI string 'page_of' is needed for long lists split into pages")
      })
  }
}

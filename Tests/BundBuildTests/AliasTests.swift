import BundTestSupport
import Foundation
import Testing

/// Renamed pages keep their old URLs (issue 15): `aliases:` writes a redirect page at each.
struct AliasTests {
  @Test func anAliasRedirectsToThePage() async throws {
    let site = try TestSite(fixture: "mini")
    let plan = try site.read("Content/notes/plan.en.md")
    try site.write(
      "Content/notes/plan.en.md",
      plan.replacingOccurrences(
        of: "tags: [investment]",
        with: "tags: [investment]\naliases: [/en/old-plan/, /en/notes/plan-2022.html]"))
    let report = await site.build()
    #expect(report.succeeded, "\(site.summaries(report))")
    let folder = try site.read("Public/en/old-plan/index.html")
    #expect(folder.contains("<meta http-equiv=\"refresh\" content=\"0; url=../notes/plan/\">"))
    #expect(folder.contains("<link rel=\"canonical\" href=\"https://example.org/site/en/notes/plan/\">"))
    #expect(folder.contains("<meta name=\"robots\" content=\"noindex\">"))
    #expect(folder.contains("<html lang=\"en\">"))
    let file = try site.read("Public/en/notes/plan-2022.html")
    #expect(file.contains("url=plan/"))
    #expect(try !site.read("Public/sitemap.xml").contains("old-plan"))
  }

  @Test func anAliasThatIsTakenOrUnsafeIsAnError() async throws {
    let site = try TestSite(fixture: "mini")
    let plan = try site.read("Content/notes/plan.en.md")
    try site.write(
      "Content/notes/plan.en.md",
      plan.replacingOccurrences(
        of: "tags: [investment]",
        with: "tags: [investment]\naliases: [/en/about/, old-plan/, /../../etc/, /en/x.json]"))
    let report = await site.build()
    #expect(
      site.summaries(report).filter { $0.contains("error") } == [
        "Content/notes/plan.en.md:5:10: error: alias '/../../etc/': an alias must name a page's old address below the site's root, not the root itself",
        "Content/notes/plan.en.md:5:10: error: alias '/en/about/' is the address of Content/about.en.md; an alias must be an old URL that nothing else uses",
        "Content/notes/plan.en.md:5:10: error: alias '/en/x.json': an alias is a folder (/en/old/) or an .html file; a redirect cannot be served as another type",
        "Content/notes/plan.en.md:5:10: error: alias 'old-plan/': an alias is an old URL path from the site's root, such as /en/old-name/",
      ])
  }
}

/// A page that disappears from the output is said, with the alias that would keep its address.
struct VanishedPageTests {
  @Test func aRenamedPageIsReported() async throws {
    let site = try TestSite(fixture: "mini")
    #expect(await site.build().succeeded)
    for code in ["en", "zh"] {
      let plan = try site.read("Content/notes/plan.\(code).md")
      try site.remove("Content/notes/plan.\(code).md")
      try site.write(
        "Content/notes/plan-2023.\(code).md", plan.replacingOccurrences(of: "plan.md", with: "plan-2023.md"))
    }
    let about = try site.read("Content/about.en.md")
    try site.write("Content/about.en.md", about.replacingOccurrences(of: "plan.md", with: "plan-2023.md"))
    let report = await site.build()
    #expect(report.succeeded, "\(site.summaries(report))")
    #expect(
      site.summaries(report).contains(
        "warning: the page at /en/notes/plan/ was published by the last build and is gone now; if it moved, add aliases: [/en/notes/plan/] to its new page so links and bookmarks to it keep working"
      ))
    let again = try site.read("Content/notes/plan-2023.en.md")
      .replacingOccurrences(of: "tags: [investment]", with: "tags: [investment]\naliases: [/en/notes/plan/]")
    try site.write("Content/notes/plan-2023.en.md", again)
    let fixed = await site.build()
    #expect(!site.summaries(fixed).contains { $0.contains("is gone now") })
    #expect(try site.read("Public/en/notes/plan/index.html").contains("url=../plan-2023/"))
  }
}

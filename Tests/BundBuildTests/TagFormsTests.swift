import BundBuild
import BundTestSupport
import Foundation
import Testing

@testable import BundBuild

/// Tags as editors write them, in either language (issue 12).
struct TagFormsTests {
  @Test(arguments: [
    ("green development", "green-development"), ("FDI", "fdi"), ("绿色发展", "绿色发展"),
    ("“3+6”新型产业体系", "3-6-新型产业体系"), ("  Press, conference!  ", "press-conference"),
    ("../../etc", "etc"), ("外商投资 FDI", "外商投资-fdi"),
  ])
  func slugs(text: String, slug: String) {
    #expect(TagResolver.slug(text) == slug)
  }

  @Test func freeTagsInBothLanguagesBuildTheirPages() async throws {
    let site = try TestSite(fixture: "mini")
    let en = try site.read("Content/notes/plan.en.md")
    let zh = try site.read("Content/notes/plan.zh.md")
    try site.write(
      "Content/notes/plan.en.md",
      en.replacingOccurrences(of: "tags: [investment]", with: "tags: [\"green development\", FDI]"))
    try site.write(
      "Content/notes/plan.zh.md", zh.replacingOccurrences(of: "tags: [investment]", with: "tags: [绿色发展, 投资]"))
    try site.write("Content/about.en.md", "---\ntitle: About\ntags: [fdi, Investment]\n---\nAbout.\n")
    let report = await site.build()
    #expect(report.succeeded, "\(site.summaries(report))")
    // A free tag's page, named as written; two spellings of one slug are one tag, with a warning.
    let fdi = try site.read("Public/en/tags/fdi/index.html")
    #expect(fdi.contains("<h1>fdi</h1>"))  // the first spelling, in page order
    #expect(fdi.contains("The plan") && fdi.contains("About"))
    #expect(
      site.summaries(report).contains(
        "Content/notes/plan.en.md:4:7: warning: tags 'FDI' and 'fdi' (Content/about.en.md) make the same tag page 'fdi'; write them the same way"
      ))
    #expect(
      try site.read("Public/en/tags/green-development/index.html").contains("<h1>green development</h1>"))
    // Chinese kept in the address; a tags.yaml name in the page's language is that tag.
    #expect(try site.read("Public/zh/tags/绿色发展/index.html").contains("<h1>绿色发展</h1>"))
    #expect(try site.read("Public/zh/tags/investment/index.html").contains("计划"))
    #expect(try site.read("Public/en/tags/investment/index.html").contains("About"))
    // Unpaired tags exist in their own language only; the sitemap holds a valid (encoded) URI.
    #expect(!FileManager.default.fileExists(atPath: site.output + "/zh/tags/fdi/index.html"))
    let sitemap = try site.read("Public/sitemap.xml")
    #expect(sitemap.contains("/zh/tags/%E7%BB%BF%E8%89%B2%E5%8F%91%E5%B1%95/</loc>"))
    #expect(!sitemap.contains("绿色发展"))
  }

  @Test func aTagCloseToATagsYamlIDIsAWarning() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write("Content/about.en.md", "---\ntitle: About\ntags: [investmnt]\n---\nAbout.\n")
    let report = await site.build()
    #expect(report.succeeded)
    #expect(
      site.summaries(report).contains(
        "Content/about.en.md:3:7: warning: tag 'investmnt' is not in Content/data/tags.yaml (did you mean 'investment'?); it makes a tag page of its own"
      ))
  }
}

import BundTestSupport
import Foundation
import Testing

/// Menu entries may be links to other sites, marked as such (issue 15).
struct MenuLinkTests {
  func site(menu: String) throws -> TestSite {
    let site = try TestSite(fixture: "mini")
    let config = try site.read("Content/site.yaml")
    try site.write("Content/site.yaml", config.replacingOccurrences(of: "menu: [notes, about]", with: menu))
    try site.write(
      "Templates/partials/nav.mustache",
      "<nav>{{#nav}}<a href=\"{{url}}\"{{#external}} rel=\"external\"{{/external}}>{{title}}</a>{{/nav}}</nav>\n"
    )
    return site
  }

  @Test func aMenuLinkToAnotherSiteIsMarked() async throws {
    let site = try site(
      menu: "menu:\n  - notes\n  - {title: {en: SHEITC, zh: 市经济信息化委}, url: \"https://www.sheitc.sh.gov.cn/\"}"
    )
    let report = await site.build()
    #expect(report.succeeded, "\(site.summaries(report))")
    let en = try site.read("Public/en/index.html")
    #expect(en.contains("<a href=\"https://www.sheitc.sh.gov.cn/\" rel=\"external\">SHEITC</a>"))
    #expect(try site.read("Public/zh/index.html").contains("rel=\"external\">市经济信息化委</a>"))
  }

  @Test func aMenuLinkMustBeAFullSafeURL() async throws {
    let site = try site(
      menu:
        "menu:\n  - {title: {en: A, zh: 甲}, url: \"javascript:alert(1)\"}\n  - {title: {en: B, zh: 乙}, url: /en/notes/}\n  - {title: {en: C}, url: \"https://x.org/\"}"
    )
    let report = await site.build()
    #expect(
      site.summaries(report).filter { $0.contains("error") } == [
        "Content/site.yaml:15:34: error: menu link url: 'javascript:' links are not allowed; use an http, https or mailto URL, or a relative link",
        "Content/site.yaml:16:34: error: a menu link leads to another site: write its full URL (https://…); for a page of this site write its key, such as briefings",
        "Content/site.yaml:17:13: error: the menu link's title has no 'zh' text; add 'zh: …' so every language shows it",
      ])
  }
}

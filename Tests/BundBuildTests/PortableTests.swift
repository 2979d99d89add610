import BundTestSupport
import Foundation
import Testing

@testable import BundBuild

/// `bund build --portable`: links to folders end in index.html, so the output opens from disk.
struct PortableTests {
  @Test(arguments: [
    ("../about/", "../about/index.html"), ("./", "./index.html"),
    ("../x/?q=1#top", "../x/index.html?q=1#top"),
    ("#main", "#main"), ("https://example.org/", "https://example.org/"),
    ("//cdn.example/x/", "//cdn.example/x/"),
    ("mailto:a@b.c", "mailto:a@b.c"), ("../feed.xml", "../feed.xml"), ("", ""),
  ])
  func folderLinksEndInIndexHTML(href: String, portable: String) {
    let html = "<a href=\"\(href)\">x</a>"
    #expect(
      String(decoding: PortableLinks.rewrite(Array(html.utf8)), as: UTF8.self)
        == "<a href=\"\(portable)\">x</a>")
  }

  @Test func aPortableBuildLinksFilesThatExist() async throws {
    let site = try TestSite(fixture: "mini")
    var options = BuildOptions(
      contentDirectory: site.content, templatesDirectory: site.templates, outputDirectory: site.output)
    options.portable = true
    let report = await Builder(options: options).build()
    #expect(report.succeeded)
    let html = try site.read("Public/en/notes/plan/index.html")
    #expect(html.contains("href=\"../../about/index.html\""))
    #expect(!html.contains("href=\"../../about/\""))
  }
}

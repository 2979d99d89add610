import BundTestSupport
import Foundation
import Testing

@testable import BundBuild

/// Links as editors bring them from Hugo and Zola sites (issue 12): page URLs relative to the
/// page or to the site's root, with or without index.html, queries and fragments, encoded names.
struct LinkFormsTests {
  func build(_ body: String, files: [String: String] = [:]) async throws -> (TestSite, BuildReport) {
    let site = try TestSite(fixture: "mini")
    try site.write("Content/notes/links.en.md", "---\ntitle: Links\n---\n" + body + "\n")
    for (path, text) in files { try site.write(path, text) }
    return (site, await site.build())
  }

  @Test(arguments: [
    ("[a](../plan/)", "../plan/"),
    ("[a](../plan)", "../plan/"),
    ("[a](../plan/index.html)", "../plan/"),
    ("[a](/en/notes/plan/)", "../plan/"),
    ("[a](/zh/notes/plan/)", "../../../zh/notes/plan/"),
    ("[a](../plan/?x=1#next-steps)", "../plan/?x=1#next-steps"),
    ("[a](plan.md?x=2#next-steps)", "../plan/?x=2#next-steps"),
    ("[a](../../about/)", "../../about/"),
    ("[a](/)", "../../../"),
    ("[a](/en/feed.xml)", "../../feed.xml"),
    ("[a](../../tags/investment/)", "../../tags/investment/"),
    ("[a](/files/a%23b.txt)", "../../../files/a%23b.txt"),
    ("[a](../../../files/a%23b.txt)", "../../../files/a%23b.txt"),
    ("[a](../static/files/a%23b.txt)", "../../../files/a%23b.txt"),
  ])
  func linksWrittenAsURLsAreCheckedAndWrittenRelative(markdown: String, href: String) async throws {
    let (site, report) = try await build(markdown, files: ["Content/static/files/a#b.txt": "x"])
    #expect(report.succeeded, "\(site.summaries(report).filter { $0.contains("error") })")
    let html = try site.read("Public/en/notes/links/index.html")
    #expect(html.contains("<a href=\"\(href)\">a</a>"), "\(markdown)")
  }

  @Test func aURLToNoPageIsAnErrorWithTheTextToWrite() async throws {
    let (site, report) = try await build("[a](../plann/) and [b](/en/nowhere/) and [c](../../../../x/)")
    #expect(
      site.summaries(report).filter { $0.contains("error") } == [
        "Content/notes/links.en.md:4:5: error: link '../plann/' leads to no page or file: no page has the URL /en/notes/plann/ and there is no file Content/static/en/notes/plann (did you mean '../plan/'?); link pages as NAME.md or by their URL, and put files in Content/static/",
        "Content/notes/links.en.md:4:24: error: link '/en/nowhere/' leads to no page or file: no page has the URL /en/nowhere/ and there is no file Content/static/en/nowhere; link pages as NAME.md or by their URL, and put files in Content/static/",
        "Content/notes/links.en.md:4:46: error: link '../../../../x/' climbs above the site's root",
      ])
  }

  /// Suggestions are the exact text to write in that file (issue 15).
  @Test func suggestionsArePasteable() async throws {
    let (site, report) = try await build(
      "[a](plann.md) [b](abut.md) ![c](images/a%23b.txt)", files: ["Content/static/files/a#b.txt": "x"])
    let errors = site.summaries(report).filter { $0.contains("error") }
    #expect(errors.count == 3)
    #expect(
      errors[0].hasSuffix(
        "error: link 'plann.md' leads to no page (looked for notes/plann.en.md) (did you mean 'plan.md'?)"))
    #expect(
      errors[1].hasSuffix(
        "error: link 'abut.md' leads to no page (looked for notes/abut.en.md) (did you mean '../about.md'?)"))
    #expect(errors[2].contains("(did you mean '../static/files/a%23b.txt'?)"))
  }

  @Test func aURLToAMissingAnchorIsReported() async throws {
    let (site, report) = try await build("[a](../plan/#nowhere)")
    #expect(site.summaries(report).contains { $0.contains("error") && $0.contains("nowhere") })
  }

  /// Under a sub-path (--base-url https://host/invest/) every internal link stays relative.
  @Test func theSiteWorksUnderASubPath() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write("Content/notes/links.en.md", "---\ntitle: Links\n---\n[a](/en/notes/plan/)\n")
    let report = await Builder(
      options: BuildOptions(
        contentDirectory: site.content, templatesDirectory: site.templates, outputDirectory: site.output,
        baseURL: "https://host.example/invest/")
    ).build()
    #expect(report.succeeded)
    let html = try site.read("Public/en/notes/links/index.html")
    #expect(html.contains("<a href=\"../plan/\">a</a>"))
    #expect(!html.contains("href=\"/en/"))
  }
}

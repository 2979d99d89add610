import BundBuild
import BundTestSupport
import Foundation
import Testing

/// The corrections address in site.yaml: a placeholder is a warning and never reaches the pages.
struct SiteContactTests {
  @Test(arguments: ["corrections@example.org", "editor@news.example", "nobody"])
  func placeholderContactIsAWarning(address: String) async throws {
    let site = try TestSite(fixture: "mini")
    let config = try site.read("Content/site.yaml")
    try site.write("Content/site.yaml", config + "contact: \(address)\n")
    let report = await site.build()
    #expect(report.succeeded)
    #expect(
      site.summaries(report).contains(
        "Content/site.yaml:15:10: warning: contact '\(address)' in site.yaml is a placeholder; set the address readers write to for corrections"
      ))
  }

  @Test func realContactGivesNoWarning() async throws {
    let site = try TestSite(fixture: "mini")
    let config = try site.read("Content/site.yaml")
    try site.write("Content/site.yaml", config + "contact: corrections@bund.dev\n")
    let report = await site.build()
    #expect(report.succeeded)
    #expect(!site.summaries(report).contains { $0.contains("contact") })
  }
}

import BundBuild
import BundCore
import BundTestSupport
import Foundation
import Testing

/// The language chooser and the 404 page are checked like every other page.
struct SpecialPagesTests {
  @Test(arguments: ["chooser", "404"])
  func aNameTheContextLacksIsAnErrorInSpecialPagesToo(template: String) async throws {
    let site = try TestSite(fixture: "mini")
    let path = "Templates/\(template).mustache"
    try site.write(path, try site.read(path) + "{{#page}}{{summery}}{{/page}}\n")
    let report = await site.build()
    #expect(!report.succeeded)
    let messages = site.summaries(report).filter { $0.contains("summery") }
    #expect(messages.count == 1, "\(site.summaries(report))")
    #expect(messages.first?.hasPrefix("Templates/\(template).mustache: error: 'summery'") == true)
  }
}

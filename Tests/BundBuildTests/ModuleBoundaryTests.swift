import Foundation
import Testing

/// BundTemplates is the only user of BundMustache. SwiftPM's import check lets a module import
/// what its dependencies depend on, so this rule is checked here.
struct ModuleBoundaryTests {
  @Test func onlyBundTemplatesImportsBundMustache() throws {
    let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Sources")
    var importers: [String] = []
    let files = try #require(FileManager.default.enumerator(atPath: sources.path))
    while let path = files.nextObject() as? String {
      guard path.hasSuffix(".swift"), !path.hasPrefix("BundMustache/"), !path.hasPrefix("BundTemplates/")
      else {
        continue
      }
      let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
      if text.split(separator: "\n").contains(where: { $0.hasSuffix("import BundMustache") }) {
        importers.append(path)
      }
    }
    #expect(importers == [])
  }
}

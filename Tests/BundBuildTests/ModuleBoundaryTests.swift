import Foundation
import Testing

/// BundTemplates is the only user of BundMustache, and `DiskFileSystem` (BundCore) the only user of
/// swift-system. SwiftPM's import check lets a module import what its dependencies depend on, so
/// these rules are checked here.
struct ModuleBoundaryTests {
  /// The source files (below Sources/) that import `module`.
  static func importers(of module: String) throws -> [String] {
    let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Sources")
    var importers: [String] = []
    let files = try #require(FileManager.default.enumerator(atPath: sources.path))
    while let path = files.nextObject() as? String {
      guard path.hasSuffix(".swift") else { continue }
      let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
      if text.split(separator: "\n").contains(where: { $0.hasSuffix("import \(module)") }) {
        importers.append(path)
      }
    }
    return importers.sorted()
  }

  @Test func onlyBundTemplatesImportsBundMustache() throws {
    let outside = try Self.importers(of: "BundMustache").filter {
      !$0.hasPrefix("BundMustache/") && !$0.hasPrefix("BundTemplates/")
    }
    #expect(outside == [])
  }

  @Test func onlyTheDiskFileSystemImportsSwiftSystem() throws {
    #expect(try Self.importers(of: "SystemPackage") == ["BundCore/Files/FileSystem.swift"])
  }
}

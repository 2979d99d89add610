import BundBuild
import BundCore
import Foundation

/// A copy of a fixture site in a fresh temporary folder, so a test can change it freely.
public struct TestSite: Sendable {
  public let root: URL

  /// The fixture sites (`Tests/BundBuildTests/Fixtures`) and the golden trees recorded from them.
  public static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("BundBuildTests/Fixtures")
  public static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("BundBuildTests/Snapshots")

  public init(fixture: String) throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("bund-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    let source = Self.fixtures.appendingPathComponent(fixture)
    for name in ["Content", "Templates"] {
      try FileManager.default.copyItem(
        at: source.appendingPathComponent(name), to: root.appendingPathComponent(name))
    }
  }

  public var content: String { root.appendingPathComponent("Content").path }
  public var templates: String { root.appendingPathComponent("Templates").path }
  public var output: String { root.appendingPathComponent("Public").path }
  /// Options that build this site into its own `Public/`.
  public var options: BuildOptions {
    BuildOptions(contentDirectory: content, templatesDirectory: templates, outputDirectory: output)
  }

  public func build(output: String? = nil) async -> BuildReport {
    await Builder(
      options: BuildOptions(
        contentDirectory: content, templatesDirectory: templates, outputDirectory: output ?? self.output)
    ).build()
  }

  public func write(_ relativePath: String, _ text: String) throws {
    let url = root.appendingPathComponent(relativePath)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }

  /// Makes data tables used (a template names them), so the build reads them: a table no page or
  /// template uses is not read.
  public func useData(_ names: [String]) throws {
    try write("Templates/uses-data.mustache", names.map { "{{#data.\($0)}}{{/data.\($0)}}" }.joined() + "\n")
  }

  public func read(_ relativePath: String) throws -> String {
    try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
  }

  public func remove(_ relativePath: String) throws {
    try FileManager.default.removeItem(at: root.appendingPathComponent(relativePath))
  }

  /// Every file below a folder with its bytes, by relative path.
  public static func tree(_ folder: String) -> [String: Data] {
    var files: [String: Data] = [:]
    guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return files }
    while let item = enumerator.nextObject() as? String {
      var isFolder: ObjCBool = false
      _ = FileManager.default.fileExists(atPath: folder + "/" + item, isDirectory: &isFolder)
      if !isFolder.boolValue, let data = FileManager.default.contents(atPath: folder + "/" + item) {
        files[item] = data
      }
    }
    return files
  }

  /// Modification dates of every file below a folder.
  public static func modificationDates(_ folder: String) -> [String: Date] {
    var dates: [String: Date] = [:]
    for path in tree(folder).keys {
      let attributes = try? FileManager.default.attributesOfItem(atPath: folder + "/" + path)
      dates[path] = attributes?[.modificationDate] as? Date
    }
    return dates
  }

  /// The diagnostics as the CLI prints their first line, with the temporary folder taken out.
  public func summaries(_ report: BuildReport) -> [String] {
    report.diagnostics.map { $0.summary.replacingOccurrences(of: root.path + "/", with: "") }
  }
}

import BundCore
import Foundation

/// Reads `Templates/`: the Mustache templates, the UI strings (`i18n/CODE.yaml`) and the assets
/// (copied as they are, so read as bytes).
struct TemplateLoader {
  let templatesDirectory: String
  let fileSystem: any FileSystem

  func load(into site: inout Site, diagnostics: inout [Diagnostic]) {
    guard fileSystem.info(at: templatesDirectory, followingLinks: true)?.kind == .folder else {
      diagnostics.append(
        .error("templates folder '\(templatesDirectory)' does not exist; pass --templates DIR"))
      return
    }
    let (files, problems) = FileTree(
      root: templatesDirectory, displayRoot: templatesDirectory, fileSystem: fileSystem
    ).files()
    diagnostics += problems
    for entry in files {
      if entry.relativePath.hasPrefix("assets/") {
        if let bytes = read(entry, into: &diagnostics) {
          site.assets.append(
            SourceFile(
              relativePath: String(entry.relativePath.dropFirst("assets/".count)),
              displayPath: entry.displayPath,
              bytes: bytes))
        }
      } else if entry.relativePath.hasPrefix("i18n/") && entry.relativePath.hasSuffix(".yaml") {
        let code = String(entry.relativePath.dropFirst("i18n/".count).dropLast(".yaml".count))
        guard site.config.language(code) != nil else {
          diagnostics.append(
            .warning(
              "UI strings for undeclared language '\(code)' are ignored",
              at: SourceLocation(file: entry.displayPath)))
          continue
        }
        let text: String
        switch SiteLoader.readSource(entry, in: fileSystem) {
        case .success(let read): text = read
        case .failure(let diagnostic):
          diagnostics.append(diagnostic)
          continue
        }
        if let strings = Self.strings(text, path: entry.displayPath, diagnostics: &diagnostics) {
          site.strings[code] = strings
        }
      } else if entry.relativePath.hasSuffix(".mustache") {
        if let bytes = read(entry, into: &diagnostics) {
          site.templates.append(
            SourceFile(relativePath: entry.relativePath, displayPath: entry.displayPath, bytes: bytes))
        }
      }
    }
  }

  /// One language's UI strings: a mapping of names to texts, each with its position.
  static func strings(_ text: String, path: String, diagnostics: inout [Diagnostic]) -> UIStrings? {
    var reader = YAMLReader(file: path)
    defer { diagnostics += reader.diagnostics }
    guard let root = reader.parse(text) else {
      if reader.diagnostics.isEmpty { return UIStrings(path: path, values: [:]) }
      return nil
    }
    guard let pairs = reader.mapping(root, what: "UI strings") else { return nil }
    var strings = UIStrings(path: path, values: [:])
    for (key, keyNode, value) in pairs {
      if let text = reader.string(value, what: "UI string '\(key)'") {
        strings.values[key] = text
        strings.locations[key] = reader.location(of: keyNode)
      }
    }
    return strings
  }

  private func read(_ entry: FileTree.Entry, into diagnostics: inout [Diagnostic]) -> Data? {
    switch SiteLoader.readBytes(entry, in: fileSystem) {
    case .success(let bytes): return bytes
    case .failure(let diagnostic):
      diagnostics.append(diagnostic)
      return nil
    }
  }
}

import BundCore
import Foundation

/// Where the site may not be written: over its own sources, around them, or over a folder that
/// holds far more than a site (the file-system root, the home folder).
public enum OutputFolderCheck {
  /// Why `output` cannot be the output folder, or nil when it can.
  public static func problem(
    output: String, content: String, templates: String, fileSystem: any FileSystem = DiskFileSystem()
  ) -> String? {
    guard !output.isEmpty else {
      return "--output is empty; name the folder to write the site to, e.g. Public"
    }
    let resolved = { (path: String) in Self.resolved(path, in: fileSystem) }
    let out = resolved(output)
    let sources = [
      ("content folder", content, resolved(content)), ("templates folder", templates, resolved(templates)),
    ]
    let advice = "choose a folder outside them, such as Public"
    if out == "/" {
      return
        "--output '\(output)' is the root of the file system; choose a folder that holds only the site, such as Public"
    }
    if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty, resolved(home) == out {
      return
        "--output '\(output)' is your home folder; choose a folder that holds only the site, such as Public"
    }
    for (name, shown, path) in sources {
      if out == path {
        return
          "--output '\(output)' is the \(name) '\(shown)': the site would be written among its sources; \(advice)"
      }
      if path.hasPrefix(out + "/") {
        return
          "--output '\(output)' holds the \(name) '\(shown)': bund would treat the sources as files of the output folder; \(advice)"
      }
      if out.hasPrefix(path + "/") {
        return
          "--output '\(output)' is inside the \(name) '\(shown)': the next build would read the site back as sources; \(advice)"
      }
    }
    return nil
  }

  /// The absolute path with links resolved as far as the path exists, `.` and `..` removed.
  static func resolved(_ path: String, in fileSystem: any FileSystem = DiskFileSystem()) -> String {
    let absolute =
      path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    var parts: [Substring] = []
    for part in absolute.split(separator: "/") {
      if part == "." { continue }
      if part == ".." {
        _ = parts.popLast()
      } else {
        parts.append(part)
      }
    }
    // Resolve links in the longest part of the path that exists.
    var existing = parts.count
    while existing > 0 {
      let prefix = "/" + parts[..<existing].joined(separator: "/")
      if let base = fileSystem.realPath(prefix) {
        let rest = parts[existing...].joined(separator: "/")
        if rest.isEmpty { return base }
        return (base == "/" ? "" : base) + "/" + rest
      }
      existing -= 1
    }
    return "/" + parts.joined(separator: "/")
  }
}

/// Files the output folder would get twice, and names bund keeps for itself.
package enum OutputCollisions {
  /// A static file whose name (or a folder above it) starts with `.bund-`.
  static func reservedNames(in staticFiles: [SourceFile]) -> [Diagnostic] {
    staticFiles.compactMap { file in
      guard let name = file.relativePath.split(separator: "/").first(where: OutputWriter.isReserved) else {
        return nil
      }
      return .error(
        "'\(name)' is a name bund keeps for itself in the output folder (every name starting with '.bund-'); rename or remove this static file",
        at: SourceLocation(file: file.displayPath))
    }
  }

  /// A static file that would land where bund writes a file of its own: an error naming both.
  package static func staticOverGenerated(
    _ staticFiles: [SourceFile], staged: [StagedFile], files: [OutputFile]
  )
    -> [Diagnostic]
  {
    guard !staticFiles.isEmpty else { return [] }
    var counts: [String: Int] = [:]
    for file in staged { counts[file.path, default: 0] += 1 }
    for file in files { counts[file.path, default: 0] += 1 }
    return staticFiles.compactMap { file in
      guard (counts[file.relativePath] ?? 0) > 1 else { return nil }
      return .error(
        "this static file would be written to '\(file.relativePath)', where bund writes \(describe(file.relativePath)); rename or remove the static file",
        at: SourceLocation(file: file.displayPath))
    }
  }

  /// What bund writes at `path`, in words.
  static func describe(_ path: String) -> String {
    switch path {
    case "sitemap.xml": return "the sitemap"
    case "robots.txt": return "robots.txt"
    case "404.html": return "the 404 page"
    case "index.html": return "the language chooser"
    default: break
    }
    if path.hasSuffix("/feed.xml") { return "the feed of /\(path.dropLast("feed.xml".count))" }
    if path.hasPrefix("assets/") { return "an asset from Templates/assets/" }
    if path.hasPrefix("data/") { return "the figures' open data" }
    if path.contains("/search/") && path.hasSuffix(".json") { return "the search index" }
    if path.hasSuffix("index.html") { return "the page /\(path.dropLast("index.html".count))" }
    return "a file of its own"
  }
}

import BundCore
import Foundation

/// A file below a content folder, as listed.
public struct ContentFile: Sendable, Hashable {
  /// `/`-separated path below the root.
  public var relativePath: String
  /// Path to read the file from.
  public var path: String
  /// Path for messages (`Content/briefings/x.en.md`).
  public var displayPath: String
  /// Modification time and size when listed.
  public var stamp: FileStamp?
}

/// Lists the files below a folder in a stable order, never following a link out of the folder.
struct FileTree {
  typealias Entry = ContentFile

  let root: String
  let displayRoot: String
  let fileSystem: any FileSystem

  /// Every regular file below the root, sorted by path; links that leave the root or loop are errors.
  func files() -> (entries: [Entry], diagnostics: [Diagnostic]) {
    var entries: [Entry] = []
    var diagnostics: [Diagnostic] = []
    guard let realRoot = fileSystem.realPath(root) else { return ([], []) }
    FolderWalk.walk(
      root, in: fileSystem,
      unreadable: { folder in
        diagnostics.append(.error("cannot read the folder", at: SourceLocation(file: display(folder))))
      }
    ) { relative, info in
      let name = relative.split(separator: "/").last.map(String.init) ?? relative
      if name == ".DS_Store" || name.hasPrefix(".#") || name.hasSuffix("~") { return false }
      let path = root + "/" + relative
      switch info.kind {
      case .folder:
        return true
      case .file:
        entries.append(
          Entry(relativePath: relative, path: path, displayPath: display(relative), stamp: info.stamp))
      case .link:
        guard let target = fileSystem.realPath(path) else {
          diagnostics.append(
            .error(
              "symbolic link '\(relative)' is broken or loops; remove it or point it at a file inside \(displayRoot)",
              at: SourceLocation(file: display(relative))))
          return false
        }
        guard target == realRoot || target.hasPrefix(realRoot + "/") else {
          let what = fileSystem.info(at: target, followingLinks: true)?.kind == .folder ? "folder" : "file"
          diagnostics.append(
            .error(
              "symbolic link '\(relative)' points outside \(displayRoot) (to \(target)); copy the \(what) in instead",
              at: SourceLocation(file: display(relative))))
          return false
        }
        let targetInfo = fileSystem.info(at: target, followingLinks: true)
        if targetInfo?.kind == .folder {
          diagnostics.append(
            .warning(
              "symbolic link '\(relative)' points to a folder and is not followed",
              at: SourceLocation(file: display(relative))))
        } else {
          entries.append(
            Entry(
              relativePath: relative, path: target, displayPath: display(relative), stamp: targetInfo?.stamp))
        }
      case .other:
        diagnostics.append(
          .warning(
            "'\(relative)' is not a regular file and is skipped",
            at: SourceLocation(file: display(relative))))
      }
      return false
    }
    entries.sort { $0.relativePath < $1.relativePath }
    return (entries, diagnostics)
  }

  private func display(_ relative: String) -> String {
    relative.isEmpty ? displayRoot : displayRoot + "/" + relative
  }
}

import BundCore
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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

  /// Every regular file below the root, sorted by path; links that leave the root or loop are errors.
  func files() -> (entries: [Entry], diagnostics: [Diagnostic]) {
    var entries: [Entry] = []
    var diagnostics: [Diagnostic] = []
    guard let realRoot = Self.realPath(root) else { return ([], []) }
    var pending: [String] = [""]
    let manager = FileManager.default
    while let folder = pending.popLast() {
      let absolute = folder.isEmpty ? root : root + "/" + folder
      guard let names = try? manager.contentsOfDirectory(atPath: absolute) else {
        diagnostics.append(.error("cannot read the folder", at: SourceLocation(file: display(folder))))
        continue
      }
      for name in names.sorted() {
        if name == ".DS_Store" || name.hasPrefix(".#") || name.hasSuffix("~") { continue }
        let relative = folder.isEmpty ? name : folder + "/" + name
        let path = root + "/" + relative
        // lstat, not FileManager's attributes: this runs for every file on every serve rebuild.
        var info = stat()
        guard lstat(path, &info) == 0 else { continue }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
          pending.append(relative)
        case S_IFREG:
          entries.append(
            Entry(relativePath: relative, path: path, displayPath: display(relative), stamp: FileStamp(info)))
        case S_IFLNK:
          guard let target = Self.realPath(path) else {
            diagnostics.append(
              .error(
                "symbolic link '\(relative)' is broken or loops; remove it or point it at a file inside \(displayRoot)",
                at: SourceLocation(file: display(relative))))
            continue
          }
          guard target == realRoot || target.hasPrefix(realRoot + "/") else {
            diagnostics.append(
              .error(
                "symbolic link '\(relative)' points outside \(displayRoot) (to \(target)); copy the file in instead",
                at: SourceLocation(file: display(relative))))
            continue
          }
          var isFolder: ObjCBool = false
          if manager.fileExists(atPath: target, isDirectory: &isFolder), isFolder.boolValue {
            diagnostics.append(
              .warning(
                "symbolic link '\(relative)' points to a folder and is not followed",
                at: SourceLocation(file: display(relative))))
          } else {
            entries.append(
              Entry(
                relativePath: relative, path: target, displayPath: display(relative),
                stamp: FileStamp(path: target)))
          }
        default:
          diagnostics.append(
            .warning(
              "'\(relative)' is not a regular file and is skipped",
              at: SourceLocation(file: display(relative))))
        }
      }
    }
    entries.sort { $0.relativePath < $1.relativePath }
    return (entries, diagnostics)
  }

  private func display(_ relative: String) -> String {
    relative.isEmpty ? displayRoot : displayRoot + "/" + relative
  }

  /// The canonical path with every link resolved, or nil if it is broken or loops.
  static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}

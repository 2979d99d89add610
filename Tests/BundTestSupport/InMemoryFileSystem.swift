import BundCore
import Foundation
import Synchronization

/// A file system held in memory, for loading tests that need no temporary folder. Paths are absolute
/// and `/`-separated; folders exist when made or when a file lies below them. It has no links and
/// no permissions (tests of those stay on the disk), but a file can be made unreadable. It counts
/// every read, so a test can say a file was never read.
@available(macOS 15.0, *)
public final class InMemoryFileSystem: FileSystem {
  private struct State {
    var files: [String: Data] = [:]
    var stamps: [String: FileStamp] = [:]
    var folders: Set<String> = ["/"]
    var unreadable: Set<String> = []
    var reads: [String: Int] = [:]
    var clock = 0
  }

  private let state = Mutex(State())

  /// A file system holding these files (path → text).
  public init(_ files: [String: String] = [:]) {
    for (path, text) in files { write(path, text) }
  }

  /// A file system holding a copy of a fixture site's `Content/` and `Templates/` (from
  /// `Tests/BundBuildTests/Fixtures`) below `root`.
  public static func fixture(_ name: String, at root: String = "/site") -> InMemoryFileSystem {
    let memory = InMemoryFileSystem()
    let source = TestSite.fixtures.appendingPathComponent(name).path
    for folder in ["Content", "Templates"] {
      FolderWalk.visit(source + "/" + folder) { relative, isFolder, _ in
        let path = root + "/" + folder + "/" + relative
        if isFolder {
          memory.makeFolder(path)
        } else if let bytes = FileManager.default.contents(atPath: source + "/" + folder + "/" + relative) {
          memory.write(path, bytes: bytes)
        }
        return true
      }
    }
    return memory
  }

  public func write(_ path: String, _ text: String) { write(path, bytes: Data(text.utf8)) }

  /// Writes a file (making its folders), with a new stamp.
  public func write(_ path: String, bytes: Data) {
    let path = Self.normal(path)
    state.withLock { state in
      state.clock += 1
      state.files[path] = bytes
      state.stamps[path] = FileStamp(seconds: state.clock, nanoseconds: 0, size: bytes.count)
      var folder = Self.parent(path)
      while let next = folder, state.folders.insert(next).inserted { folder = Self.parent(next) }
    }
  }

  public func makeFolder(_ path: String) {
    write(Self.normal(path) + "/.keep", bytes: Data())
    remove(Self.normal(path) + "/.keep")
  }

  public func remove(_ path: String) {
    let path = Self.normal(path)
    _ = state.withLock { state in
      state.stamps[path] = nil
      state.unreadable.remove(path)
      return state.files.removeValue(forKey: path)
    }
  }

  /// Makes a file unreadable: listed, but every read fails ("Permission denied").
  public func makeUnreadable(_ path: String) {
    _ = state.withLock { $0.unreadable.insert(Self.normal(path)) }
  }

  /// How many times a file's bytes were read (whole or its first bytes).
  public func readCount(_ path: String) -> Int {
    state.withLock { $0.reads[Self.normal(path), default: 0] }
  }

  // MARK: FileSystem

  public func names(inFolder path: String) -> [String]? {
    let folder = Self.normal(path)
    return state.withLock { state in
      guard state.folders.contains(folder) else { return nil }
      let prefix = folder == "/" ? "/" : folder + "/"
      var names: Set<String> = []
      for child in Array(state.files.keys) + Array(state.folders)
      where child.hasPrefix(prefix) && child != folder {
        if let name = child.dropFirst(prefix.count).split(separator: "/").first { names.insert(String(name)) }
      }
      return Array(names)
    }
  }

  public func info(at path: String, followingLinks: Bool) -> FileInfo? {
    let path = Self.normal(path)
    return state.withLock { state in
      if let stamp = state.stamps[path] { return FileInfo(kind: .file, stamp: stamp) }
      if state.folders.contains(path) {
        return FileInfo(kind: .folder, stamp: FileStamp(seconds: 0, nanoseconds: 0, size: 0))
      }
      return nil
    }
  }

  public func realPath(_ path: String) -> String? {
    info(at: path, followingLinks: true) == nil ? nil : Self.normal(path)
  }

  public func contents(at path: String) -> Data? {
    read(path) { $0 }
  }

  public func prefix(at path: String, count: Int) -> Data? {
    read(path) { Data($0.prefix(count)) }
  }

  public func readProblem(at path: String) -> String? {
    let path = Self.normal(path)
    return state.withLock { state in
      if state.unreadable.contains(path) { return "Permission denied" }
      return state.files[path] == nil ? "No such file or directory" : nil
    }
  }

  private func read(_ path: String, _ part: (Data) -> Data) -> Data? {
    let path = Self.normal(path)
    return state.withLock { state in
      guard let bytes = state.files[path], !state.unreadable.contains(path) else { return nil }
      state.reads[path, default: 0] += 1
      return part(bytes)
    }
  }

  /// The path with `//`, `.` and a trailing `/` taken out.
  static func normal(_ path: String) -> String {
    "/" + path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
  }

  static func parent(_ path: String) -> String? {
    guard path != "/", let slash = path.lastIndex(of: "/") else { return nil }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }
}

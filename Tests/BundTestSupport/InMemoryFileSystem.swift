import BundCore
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file system held in memory, for tests that need no temporary folder: loading, and whole builds
/// written into an in-memory output folder. Paths are absolute and `/`-separated. It holds folders,
/// files and symbolic links (to a file, to a folder, dangling, in a loop), resolves links the way
/// POSIX does (every link above the last name is followed; the last is followed by `stat`, not by
/// `lstat`, a write, a rename or a remove), and fails with the `errno` the system gives. A hard link
/// is a copy (files are never changed in place, so the two names stay equal). It has no
/// permissions, but a file can be made unreadable. It counts every read, so a test can say a file
/// was never read. `FileSystemConformanceTests` checks it against the disk.
@available(macOS 15.0, *)
public final class InMemoryFileSystem: WritableFileSystem {
  enum Node {
    case file(Data, FileStamp)
    case folder(FileStamp)
    case link(String)
  }

  private struct State {
    var nodes: [String: Node] = ["/": .folder(FileStamp(seconds: 0, nanoseconds: 0, size: 0))]
    /// The names in each folder.
    var children: [String: Set<String>] = ["/": []]
    var unreadable: Set<String> = []
    var reads: [String: Int] = [:]
    var clock = 0
    var locks: [Int32: String] = [:]
    var nextLock: Int32 = 1
    var listsInReverse = false

    mutating func stamp(size: Int) -> FileStamp {
      clock += 1
      return FileStamp(seconds: clock, nanoseconds: 0, size: size)
    }

    mutating func insert(_ path: String, _ node: Node) {
      nodes[path] = node
      if case .folder = node, children[path] == nil { children[path] = [] }
      if let parent = InMemoryFileSystem.parent(path) {
        children[parent, default: []].insert(InMemoryFileSystem.name(path))
      }
    }

    /// Takes out a node and, for a folder, everything below it; gives them back keyed by path.
    mutating func take(_ path: String) -> [(String, Node)] {
      guard let node = nodes.removeValue(forKey: path) else { return [] }
      var taken = [(path, node)]
      if let parent = InMemoryFileSystem.parent(path) {
        children[parent]?.remove(InMemoryFileSystem.name(path))
      }
      if case .folder = node, let names = children.removeValue(forKey: path) {
        for name in names { taken += take(InMemoryFileSystem.join(path, name)) }
      }
      unreadable.remove(path)
      return taken
    }

    /// The path with every link in it resolved (the last one only when `followLast`): its folders
    /// exist; the last name may be missing. `ENOENT` when a folder on the way is missing, `ENOTDIR`
    /// when a file is, `ELOOP` after 40 links.
    func resolve(_ path: String, followLast: Bool) throws(FileError) -> String {
      var pending = Array(path.split(separator: "/").reversed())
      var current = "/"
      var links = 0
      while let name = pending.popLast() {
        if name == "." { continue }
        if name == ".." {
          current = InMemoryFileSystem.parent(current) ?? "/"
          continue
        }
        let candidate = InMemoryFileSystem.join(current, String(name))
        switch nodes[candidate] {
        case nil:
          if pending.contains(where: { $0 != "." }) { throw FileError(ENOENT, path) }
          return candidate
        case .link(let target) where !pending.isEmpty || followLast:
          links += 1
          if links > 40 { throw FileError(ELOOP, path) }
          if target.hasPrefix("/") { current = "/" }
          pending += target.split(separator: "/").reversed()
        case .file, .link:
          if pending.contains(where: { $0 != "." }) { throw FileError(ENOTDIR, path) }
          current = candidate
        case .folder:
          current = candidate
        }
      }
      return current
    }

    func node(_ path: String, followLast: Bool) throws(FileError) -> (String, Node) {
      let resolved = try resolve(path, followLast: followLast)
      guard let node = nodes[resolved] else { throw FileError(ENOENT, path) }
      return (resolved, node)
    }
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

  /// Writes a file (making its folders), with a new stamp. Whatever was at `path` is replaced: a
  /// folder with everything in it.
  public func write(_ path: String, bytes: Data) {
    let path = Self.normal(path)
    makeFolder(Self.parent(path) ?? "/")
    state.withLock { state in
      let stamp = state.stamp(size: bytes.count)
      _ = state.take(path)
      state.insert(path, .file(bytes, stamp))
    }
  }

  /// Makes a folder and the folders above it.
  public func makeFolder(_ path: String) {
    let path = Self.normal(path)
    state.withLock { state in
      var missing: [String] = []
      var folder: String? = path
      while let next = folder, state.nodes[next] == nil {
        missing.append(next)
        folder = Self.parent(next)
      }
      for folder in missing.reversed() { state.insert(folder, .folder(state.stamp(size: 0))) }
    }
  }

  /// A symbolic link at `path` (its folders made) holding `target`, which need not exist. Whatever
  /// was at `path` is replaced: a folder with everything in it.
  public func makeLink(_ path: String, to target: String) {
    let path = Self.normal(path)
    makeFolder(Self.parent(path) ?? "/")
    state.withLock { state in
      _ = state.take(path)
      state.insert(path, .link(target))
    }
  }

  /// Removes whatever is at `path` (a folder with everything in it; a link, not what it leads to).
  public func remove(_ path: String) {
    let path = Self.normal(path)
    _ = state.withLock { $0.take(path) }
  }

  /// Makes a file unreadable: listed, but every read fails ("Permission denied").
  public func makeUnreadable(_ path: String) {
    _ = state.withLock { $0.unreadable.insert(Self.normal(path)) }
  }

  /// How many times a file's bytes were read (whole or its first bytes).
  public func readCount(_ path: String) -> Int {
    state.withLock { $0.reads[Self.normal(path), default: 0] }
  }

  /// Every file below a folder with its bytes, by relative path (links not followed, not listed).
  public func files(below folder: String) -> [String: Data] {
    var files: [String: Data] = [:]
    for (path, entry) in entries(below: folder) {
      if case .file(let bytes) = entry { files[path] = bytes }
    }
    return files
  }

  public enum Entry: Sendable, Hashable {
    case folder
    case file(Data)
    case link(String)
  }

  /// Everything below a folder, by relative path, links as what they hold (not followed).
  public func entries(below folder: String) -> [String: Entry] {
    let folder = Self.normal(folder)
    let prefix = folder == "/" ? "/" : folder + "/"
    return state.withLock { state in
      var entries: [String: Entry] = [:]
      for (path, node) in state.nodes where path.hasPrefix(prefix) {
        let relative = String(path.dropFirst(prefix.count))
        switch node {
        case .folder: entries[relative] = .folder
        case .file(let bytes, _): entries[relative] = .file(bytes)
        case .link(let target): entries[relative] = .link(target)
        }
      }
      return entries
    }
  }

  /// Folders are listed in the order of their names (so a test is the same every run), or in the
  /// reverse order: the disk's order is neither, and code that walks a folder must not depend on it.
  public func listInReverse(_ reverse: Bool = true) {
    state.withLock { $0.listsInReverse = reverse }
  }

  /// Whether a lock is held on any folder.
  public var isLocked: Bool { state.withLock { !$0.locks.isEmpty } }

  // MARK: FileSystem

  public func names(inFolder path: String) -> [String]? {
    state.withLock { state in
      guard let (resolved, node) = try? state.node(path, followLast: true), case .folder = node else {
        return nil
      }
      let names = (state.children[resolved] ?? []).sorted()
      return state.listsInReverse ? names.reversed() : names
    }
  }

  public func info(at path: String, followingLinks: Bool) -> FileInfo? {
    try? status(at: path, followingLinks: followingLinks)
  }

  public func realPath(_ path: String) -> String? {
    state.withLock { state in (try? state.node(path, followLast: true))?.0 }
  }

  public func contents(at path: String) -> Data? {
    read(path, followLast: true) { $0 }
  }

  public func prefix(at path: String, count: Int) -> Data? {
    read(path, followLast: true) { Data($0.prefix(count)) }
  }

  public func readProblem(at path: String) -> String? {
    state.withLock { state in
      do throws(FileError) {
        let (resolved, _) = try state.node(path, followLast: true)
        return state.unreadable.contains(resolved) ? FileError.reason(EACCES) : nil
      } catch {
        return error.reason
      }
    }
  }

  private func read(_ path: String, followLast: Bool, _ part: (Data) -> Data) -> Data? {
    state.withLock { state in
      guard let (resolved, node) = try? state.node(path, followLast: followLast),
        case .file(let bytes, _) = node, !state.unreadable.contains(resolved)
      else { return nil }
      state.reads[resolved, default: 0] += 1
      return part(bytes)
    }
  }

  // MARK: WritableFileSystem

  public func status(at path: String, followingLinks: Bool) throws(FileError) -> FileInfo {
    let node = try state.withLock { state throws(FileError) in
      try state.node(path, followLast: followingLinks).1
    }
    switch node {
    case .file(_, let stamp): return FileInfo(kind: .file, stamp: stamp)
    case .folder(let stamp): return FileInfo(kind: .folder, stamp: stamp)
    case .link(let target):
      return FileInfo(kind: .link, stamp: FileStamp(seconds: 0, nanoseconds: 0, size: target.utf8.count))
    }
  }

  public func readFile(at path: String) throws(FileError) -> Data {
    try state.withLock { state throws(FileError) in
      let (resolved, node) = try state.node(path, followLast: false)
      switch node {
      case .link: throw FileError(ELOOP, path)
      case .folder: throw FileError(EISDIR, path)
      case .file(let bytes, _):
        if state.unreadable.contains(resolved) { throw FileError(EACCES, path) }
        state.reads[resolved, default: 0] += 1
        return bytes
      }
    }
  }

  public func holds(_ bytes: Data, at path: String) -> Bool {
    (try? readFile(at: path)) == bytes
  }

  public func holdsCopy(of source: String, at path: String) -> Bool {
    guard let bytes = contents(at: source) else { return false }
    return holds(bytes, at: path)
  }

  public func createFile(at path: String, bytes: Data) throws(FileError) {
    try state.withLock { state throws(FileError) in
      let resolved = try state.resolve(path, followLast: false)
      guard state.nodes[resolved] == nil else { throw FileError(EEXIST, path) }
      let stamp = state.stamp(size: bytes.count)
      state.insert(resolved, .file(bytes, stamp))
    }
  }

  public func copyFile(from source: String, to path: String) throws(FileError) {
    let bytes = try state.withLock { state throws(FileError) in
      let (resolved, node) = try state.node(source, followLast: true)
      guard case .file(let bytes, _) = node else { throw FileError(EISDIR, source) }
      if state.unreadable.contains(resolved) { throw FileError(EACCES, source) }
      state.reads[resolved, default: 0] += 1
      return bytes
    }
    try createFile(at: path, bytes: bytes)
  }

  public func makeFolder(at path: String) throws(FileError) {
    try state.withLock { state throws(FileError) in
      let resolved = try state.resolve(path, followLast: false)
      guard state.nodes[resolved] == nil else { throw FileError(EEXIST, path) }
      state.insert(resolved, .folder(state.stamp(size: 0)))
    }
  }

  public func removeFile(at path: String) throws(FileError) {
    try state.withLock { state throws(FileError) in
      let (resolved, node) = try state.node(path, followLast: false)
      if case .folder = node { throw FileError(EISDIR, path) }
      _ = state.take(resolved)
    }
  }

  public func removeFolder(at path: String) throws(FileError) {
    try state.withLock { state throws(FileError) in
      let (resolved, node) = try state.node(path, followLast: false)
      guard case .folder = node else { throw FileError(ENOTDIR, path) }
      guard resolved != "/" else { throw FileError(EBUSY, path) }
      guard state.children[resolved]?.isEmpty ?? true else { throw FileError(ENOTEMPTY, path) }
      _ = state.take(resolved)
    }
  }

  public func rename(_ source: String, to target: String) throws(FileError) {
    do {
      try move(source, to: target)
    } catch {
      throw FileError(error.code, source)
    }
  }

  private func move(_ source: String, to target: String) throws(FileError) {
    try state.withLock { state throws(FileError) in
      let (from, node) = try state.node(source, followLast: false)
      let to = try state.resolve(target, followLast: false)
      if from == to { return }
      let isFolder: Bool
      if case .folder = node { isFolder = true } else { isFolder = false }
      if isFolder && (to + "/").hasPrefix(from + "/") { throw FileError(EINVAL, target) }
      if let existing = state.nodes[to] {
        if case .folder = existing {
          guard isFolder else { throw FileError(EISDIR, target) }
          guard state.children[to]?.isEmpty ?? true else { throw FileError(ENOTEMPTY, target) }
        } else if isFolder {
          throw FileError(ENOTDIR, target)
        }
        _ = state.take(to)
      }
      let unreadable = state.unreadable
      for (path, moved) in state.take(from).sorted(by: { $0.0.count < $1.0.count }) {
        let destination = to + path.dropFirst(from.count)
        state.insert(destination, moved)
        if unreadable.contains(path) { state.unreadable.insert(destination) }
      }
    }
  }

  public func hardLink(_ existing: String, at path: String) throws(FileError) {
    do {
      try state.withLock { state throws(FileError) in
        let (_, node) = try state.node(existing, followLast: false)
        if case .folder = node { throw FileError(EPERM, existing) }
        let resolved = try state.resolve(path, followLast: false)
        guard state.nodes[resolved] == nil else { throw FileError(EEXIST, path) }
        state.insert(resolved, node)
      }
    } catch {
      throw FileError(error.code, path)
    }
  }

  public func lockFolder(at path: String) throws(LockError) -> FolderLock {
    try state.withLock { state throws(LockError) in
      let resolved: String
      let node: Node
      do throws(FileError) {
        (resolved, node) = try state.node(path, followLast: true)
      } catch {
        throw LockError(.open, error)
      }
      guard case .folder = node else { throw LockError(.open, FileError(ENOTDIR, path)) }
      guard !state.locks.values.contains(resolved) else {
        throw LockError(.lock, FileError(EWOULDBLOCK, path))
      }
      let id = state.nextLock
      state.nextLock += 1
      state.locks[id] = resolved
      return FolderLock(id: id)
    }
  }

  public func unlock(_ lock: FolderLock) {
    _ = state.withLock { $0.locks.removeValue(forKey: lock.id) }
  }

  /// The path with `//`, `.` and a trailing `/` taken out.
  static func normal(_ path: String) -> String {
    "/" + path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
  }

  static func parent(_ path: String) -> String? {
    guard path != "/", let slash = path.lastIndex(of: "/") else { return nil }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  static func name(_ path: String) -> String {
    path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
  }

  static func join(_ folder: String, _ name: String) -> String {
    folder == "/" ? "/" + name : folder + "/" + name
  }
}

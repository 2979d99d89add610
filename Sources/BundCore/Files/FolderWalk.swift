import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// When a file was last changed and its size: equal stamps mean an unchanged file (as make assumes).
public struct FileStamp: Sendable, Hashable {
  public var seconds: Int
  public var nanoseconds: Int
  public var size: Int

  public init(seconds: Int, nanoseconds: Int, size: Int) {
    self.seconds = seconds
    self.nanoseconds = nanoseconds
    self.size = size
  }

  public init(_ info: stat) {
    #if canImport(Darwin)
      seconds = Int(info.st_mtimespec.tv_sec)
      nanoseconds = Int(info.st_mtimespec.tv_nsec)
    #else
      seconds = Int(info.st_mtim.tv_sec)
      nanoseconds = Int(info.st_mtim.tv_nsec)
    #endif
    size = Int(info.st_size)
  }

  /// The stamp of the file at `path` (links followed), or nil when it cannot be read.
  public init?(path: String) {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    self.init(info)
  }
}

/// The one folder walk: every entry below `root` as lstat sees it (links not followed), folders
/// before what they hold, each folder's names in sorted order. It lists folders with FileManager and
/// stats with lstat (FileManager's enumerator and attributes cost more than the work done with the
/// files), through a `FileSystem` so that loading can walk an in-memory tree too.
public enum FolderWalk {
  /// Calls `visit` with each entry's path relative to `root` and what is there; a folder is entered
  /// when `visit` returns true. `unreadable` hears each folder that cannot be listed (`""` for the
  /// root). Entries that vanish before they are stat'ed are skipped.
  public static func walk(
    _ root: String, in fileSystem: any FileSystem, unreadable: (String) -> Void = { _ in },
    _ visit: (String, FileInfo) -> Bool
  ) {
    var pending = [""]
    while let folder = pending.popLast() {
      let absolute = folder.isEmpty ? root : root + "/" + folder
      guard let names = fileSystem.names(inFolder: absolute) else {
        unreadable(folder)
        continue
      }
      for name in names.sorted() {
        let relative = folder.isEmpty ? name : folder + "/" + name
        guard let info = fileSystem.info(at: root + "/" + relative, followingLinks: false) else { continue }
        if visit(relative, info) && info.kind == .folder { pending.append(relative) }
      }
    }
  }

  /// `walk` on the real disk, with whether each entry is a folder and its stamp.
  public static func visit(_ root: String, _ visit: (String, Bool, FileStamp) -> Bool) {
    walk(root, in: DiskFileSystem()) { relative, info in visit(relative, info.kind == .folder, info.stamp) }
  }
}

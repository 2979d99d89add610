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

/// Walks a folder with readdir and lstat (FileManager's enumerator and attributes cost more than the
/// work done with the files): every entry below `root`, folders before what they hold, links not
/// followed.
public enum FolderWalk {
  /// Calls `visit` with each entry's path relative to `root`, whether it is a folder, and its stamp;
  /// a folder is entered when `visit` returns true.
  public static func visit(_ root: String, _ visit: (String, Bool, FileStamp) -> Bool) {
    var pending = [""]
    while let folder = pending.popLast() {
      let absolute = folder.isEmpty ? root : root + "/" + folder
      guard let names = try? FileManager.default.contentsOfDirectory(atPath: absolute) else { continue }
      for name in names {
        let relative = folder.isEmpty ? name : folder + "/" + name
        var info = stat()
        guard lstat(root + "/" + relative, &info) == 0 else { continue }
        let isFolder = info.st_mode & S_IFMT == S_IFDIR
        if visit(relative, isFolder, FileStamp(info)) && isFolder { pending.append(relative) }
      }
    }
  }
}

import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What is at a path: its kind and its stamp.
public struct FileInfo: Sendable, Hashable {
  public enum Kind: Sendable, Hashable {
    case folder, file, link
    /// A device, socket or pipe.
    case other
  }

  public var kind: Kind
  public var stamp: FileStamp

  public init(kind: Kind, stamp: FileStamp) {
    self.kind = kind
    self.stamp = stamp
  }
}

/// The reads loading makes, as a value: `DiskFileSystem` for the real disk, an in-memory one for
/// tests (BundTestSupport). Paths are `/`-separated strings, as the loader builds them.
public protocol FileSystem: Sendable {
  /// The names in a folder, in no particular order, or nil when it cannot be listed.
  func names(inFolder path: String) -> [String]?
  /// What is at `path`: a link itself (as lstat), or what it leads to when `followingLinks` (as
  /// stat); nil when there is nothing there (or a link leads nowhere).
  func info(at path: String, followingLinks: Bool) -> FileInfo?
  /// The canonical path with every link resolved, or nil when it is broken or loops.
  func realPath(_ path: String) -> String?
  /// Every byte of a file, or nil when it cannot be read (or is a folder).
  func contents(at path: String) -> Data?
  /// The first `count` bytes of a file (fewer if it is shorter), or nil when it cannot be read.
  func prefix(at path: String, count: Int) -> Data?
  /// Why this user cannot read the file (the system's words), or nil when it can.
  func readProblem(at path: String) -> String?
}

/// The real disk, through the calls loading has always made: FileManager for listing and reading,
/// lstat/stat, realpath and access.
public struct DiskFileSystem: FileSystem {
  public init() {}

  public func names(inFolder path: String) -> [String]? {
    try? FileManager.default.contentsOfDirectory(atPath: path)
  }

  public func info(at path: String, followingLinks: Bool) -> FileInfo? {
    var info = stat()
    guard (followingLinks ? stat(path, &info) : lstat(path, &info)) == 0 else { return nil }
    let kind: FileInfo.Kind =
      switch info.st_mode & S_IFMT {
      case S_IFDIR: .folder
      case S_IFREG: .file
      case S_IFLNK: .link
      default: .other
      }
    return FileInfo(kind: kind, stamp: FileStamp(info))
  }

  public func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  public func contents(at path: String) -> Data? {
    FileManager.default.contents(atPath: path)
  }

  public func prefix(at path: String, count: Int) -> Data? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    return (try? handle.read(upToCount: count)) ?? nil
  }

  public func readProblem(at path: String) -> String? {
    access(path, R_OK) == 0 ? nil : String(cString: strerror(errno))
  }
}

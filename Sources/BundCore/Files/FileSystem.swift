import Foundation
import SystemPackage

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

/// Why a file operation failed: the system's error number (`errno`) and the path it was about, so
/// a caller words its message exactly as it would after the POSIX call.
public struct FileError: Error, Sendable, Hashable, CustomStringConvertible {
  public var code: Int32
  public var path: String

  public init(_ code: Int32, _ path: String) {
    self.code = code
    self.path = path
  }

  /// The system's words for the error (`strerror`).
  public var reason: String { Self.reason(code) }
  public var description: String { "\(path): \(reason)" }

  public static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}

/// Why a folder could not be locked: which call failed (opening the folder, or `flock` on it) and
/// the system's error, so the message says which.
public struct LockError: Error, Sendable, Hashable {
  public enum Call: Sendable, Hashable { case open, lock }
  public var call: Call
  public var error: FileError

  public init(_ call: Call, _ error: FileError) {
    self.call = call
    self.error = error
  }
}

/// Held while a folder is locked; given back to `unlock`.
public struct FolderLock: Sendable, Hashable {
  public let id: Int32
  public init(id: Int32) { self.id = id }
}

/// The operations the writer makes on the output folder, on top of the reads loading makes. A
/// second protocol rather than more requirements on `FileSystem`: loading is handed only the
/// read side, so the code that reads the site's sources cannot change them.
///
/// Every operation works on the path itself where POSIX lets it: a link at the end of a path is
/// never followed by a write, a read of the output, a rename or a remove (links above it are, as
/// the system does). Failures carry the system's `errno`.
public protocol WritableFileSystem: FileSystem {
  /// `lstat` (or `stat`, `followingLinks`), with the reason it failed.
  func status(at path: String, followingLinks: Bool) throws(FileError) -> FileInfo
  /// Every byte of a regular file; a link there is not followed (`ELOOP`), a folder is `EISDIR`.
  func readFile(at path: String) throws(FileError) -> Data
  /// Whether a regular file (not a link) at `path` holds exactly `bytes`.
  func holds(_ bytes: Data, at path: String) -> Bool
  /// Whether a regular file (not a link) at `path` holds exactly the bytes of `source` (links
  /// followed), compared in blocks.
  func holdsCopy(of source: String, at path: String) -> Bool
  /// Makes a new file (`O_CREAT|O_EXCL|O_NOFOLLOW`, mode 644): fails with `EEXIST` when anything,
  /// a link included, is already at `path`. A file that could not be written whole is removed.
  func createFile(at path: String, bytes: Data) throws(FileError)
  /// `createFile` with the bytes of `source` (links followed), streamed in blocks. The error's
  /// `path` says which side failed.
  func copyFile(from source: String, to path: String) throws(FileError)
  /// `mkdir` (mode 755), one folder.
  func makeFolder(at path: String) throws(FileError)
  /// `unlink`: a file or a link (never what it leads to).
  func removeFile(at path: String) throws(FileError)
  /// `rmdir`: only an empty folder.
  func removeFolder(at path: String) throws(FileError)
  /// `rename`: replaces a file or an empty folder at `target`. The error names `source`.
  func rename(_ source: String, to target: String) throws(FileError)
  /// `link`: a second name for a file. The error names `path`.
  func hardLink(_ existing: String, at path: String) throws(FileError)
  /// An exclusive lock on a folder for this process (`flock`), failing in its `lock` call with
  /// `EWOULDBLOCK` while another holds it; released by `unlock` (or by the system when the process
  /// ends).
  func lockFolder(at path: String) throws(LockError) -> FolderLock
  func unlock(_ lock: FolderLock)
}

/// The real disk. Reads, writes and stats, loading's and the writer's, go through swift-system
/// (`FileDescriptor`, `Errno`, `Stat`, in their C-string forms); what it lacks (mkdir, rmdir,
/// unlink, rename, link, flock, realpath, access) stays on the C calls, here and nowhere else.
/// Listing a folder is FileManager's (swift-system has no readdir).
public struct DiskFileSystem: WritableFileSystem {
  public init() {}

  public func names(inFolder path: String) -> [String]? {
    try? FileManager.default.contentsOfDirectory(atPath: path)
  }

  public func info(at path: String, followingLinks: Bool) -> FileInfo? {
    try? status(at: path, followingLinks: followingLinks)
  }

  public func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  public func contents(at path: String) -> Data? {
    // Links are followed (a source may be one); anything but a regular file reads as nil.
    guard let descriptor = try? open(path, .readOnly, []) else { return nil }
    defer { try? descriptor.close() }
    guard let size = try? regularSize(descriptor, path) else { return nil }
    return try? readAll(descriptor, size: size, path)
  }

  public func prefix(at path: String, count: Int) -> Data? {
    guard let descriptor = try? open(path, .readOnly, []) else { return nil }
    defer { try? descriptor.close() }
    guard let size = try? regularSize(descriptor, path) else { return nil }
    return try? readAll(descriptor, size: min(size, count), path)
  }

  public func readProblem(at path: String) -> String? {
    access(path, R_OK) == 0 ? nil : String(cString: strerror(errno))
  }

  // MARK: WritableFileSystem

  public func status(at path: String, followingLinks: Bool) throws(FileError) -> FileInfo {
    // The C-string forms of swift-system's calls: a `FilePath` would cost an allocation for every
    // file of every build (loading and the writer's snapshot stat each one).
    do {
      return try path.withCString { Self.info(try Stat($0, followTargetSymlink: followingLinks)) }
    } catch {
      throw FileError(Self.code(error), path)
    }
  }

  static func info(_ info: Stat) -> FileInfo {
    let kind: FileInfo.Kind =
      switch info.type {
      case .directory: .folder
      case .regular: .file
      case .symbolicLink: .link
      default: .other
      }
    return FileInfo(kind: kind, stamp: FileStamp(info.rawValue))
  }

  public func readFile(at path: String) throws(FileError) -> Data {
    let descriptor = try open(path, .readOnly, [.noFollow])
    defer { try? descriptor.close() }
    return try readAll(descriptor, size: regularSize(descriptor, path), path)
  }

  public func holds(_ bytes: Data, at path: String) -> Bool {
    guard let descriptor = try? open(path, .readOnly, [.noFollow]) else { return false }
    defer { try? descriptor.close() }
    guard (try? regularSize(descriptor, path)) == bytes.count else { return false }
    return (try? readAll(descriptor, size: bytes.count, path)) == bytes
  }

  /// The bytes of the file open on `descriptor`, `size` of them expected (fewer if it shrank).
  private func readAll(_ descriptor: FileDescriptor, size: Int, _ path: String) throws(FileError) -> Data {
    var data = Data(count: size)
    var offset = 0
    do {
      try data.withUnsafeMutableBytes { (buffer: UnsafeMutableRawBufferPointer) in
        while offset < buffer.count {
          let count = try descriptor.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[offset...]))
          if count == 0 { break }
          offset += count
        }
      }
    } catch {
      throw FileError(Self.code(error), path)
    }
    if offset < data.count { data.removeSubrange(offset...) }
    return data
  }

  public func holdsCopy(of source: String, at path: String) -> Bool {
    guard let input = try? open(source, .readOnly, []) else { return false }
    defer { try? input.close() }
    guard let other = try? open(path, .readOnly, [.noFollow]) else { return false }
    defer { try? other.close() }
    guard let left = try? input.stat(), let right = try? regularSize(other, path), Int(left.size) == right
    else { return false }
    var first = [UInt8](repeating: 0, count: blockSize)
    var second = [UInt8](repeating: 0, count: blockSize)
    while true {
      guard let count = try? first.withUnsafeMutableBytes({ try input.read(into: $0) }) else { return false }
      if count == 0 { return true }
      var filled = 0
      while filled < count {
        let got = try? second.withUnsafeMutableBytes {
          try other.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled..<count]))
        }
        guard let got, got > 0 else { return false }
        filled += got
      }
      if first[..<count] != second[..<count] { return false }
    }
  }

  public func createFile(at path: String, bytes: Data) throws(FileError) {
    let descriptor = try open(
      path, .writeOnly, [.create, .exclusiveCreate, .noFollow], mode: FilePermissions(rawValue: 0o644))
    do {
      try descriptor.writeAll(bytes)
    } catch {
      let code = Self.code(error)
      try? descriptor.close()
      unlink(path)
      throw FileError(code, path)
    }
    do {
      try descriptor.close()
    } catch {
      unlink(path)
      throw FileError(Self.code(error), path)
    }
  }

  public func copyFile(from source: String, to path: String) throws(FileError) {
    let input = try open(source, .readOnly, [])
    defer { try? input.close() }
    let output = try open(
      path, .writeOnly, [.create, .exclusiveCreate, .noFollow], mode: FilePermissions(rawValue: 0o644))
    var buffer = [UInt8](repeating: 0, count: blockSize)
    var failure: FileError?
    while true {
      let count: Int
      do {
        count = try buffer.withUnsafeMutableBytes { try input.read(into: $0) }
      } catch {
        failure = FileError(Self.code(error), source)
        break
      }
      if count == 0 { break }
      do {
        try buffer.withUnsafeBytes { _ = try output.writeAll(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
      } catch {
        failure = FileError(Self.code(error), path)
        break
      }
    }
    do {
      try output.close()
    } catch {
      if failure == nil { failure = FileError(Self.code(error), path) }
    }
    if let failure {
      unlink(path)
      throw failure
    }
  }

  public func makeFolder(at path: String) throws(FileError) {
    guard mkdir(path, 0o755) == 0 else { throw FileError(errno, path) }
  }

  public func removeFile(at path: String) throws(FileError) {
    guard unlink(path) == 0 else { throw FileError(errno, path) }
  }

  public func removeFolder(at path: String) throws(FileError) {
    guard rmdir(path) == 0 else { throw FileError(errno, path) }
  }

  public func rename(_ source: String, to target: String) throws(FileError) {
    guard Foundation.rename(source, target) == 0 else { throw FileError(errno, source) }
  }

  public func hardLink(_ existing: String, at path: String) throws(FileError) {
    guard link(existing, path) == 0 else { throw FileError(errno, path) }
  }

  public func lockFolder(at path: String) throws(LockError) -> FolderLock {
    let descriptor: FileDescriptor
    do {
      descriptor = try open(path, .readOnly, [.directory])
    } catch {
      throw LockError(.open, error)
    }
    guard flock(descriptor.rawValue, LOCK_EX | LOCK_NB) == 0 else {
      let code = errno
      try? descriptor.close()
      throw LockError(.lock, FileError(code, path))
    }
    return FolderLock(id: descriptor.rawValue)
  }

  public func unlock(_ lock: FolderLock) {
    try? FileDescriptor(rawValue: lock.id).close()
  }

  private func open(
    _ path: String, _ mode: FileDescriptor.AccessMode, _ options: FileDescriptor.OpenOptions,
    mode permissions: FilePermissions? = nil
  ) throws(FileError) -> FileDescriptor {
    do {
      return try path.withCString {
        try FileDescriptor.open($0, mode, options: options.union(.closeOnExec), permissions: permissions)
      }
    } catch {
      throw FileError(Self.code(error), path)
    }
  }

  /// The system's error number of a swift-system error.
  private static func code(_ error: any Error) -> Int32 { (error as? Errno)?.rawValue ?? EIO }

  /// The size of the regular file open on `descriptor`; `EISDIR` for a folder, `EINVAL` for
  /// anything else that is not a file.
  private func regularSize(_ descriptor: FileDescriptor, _ path: String) throws(FileError) -> Int {
    let info: Stat
    do {
      info = try descriptor.stat()
    } catch {
      throw FileError(error.rawValue, path)
    }
    switch info.type {
    case .regular: return Int(info.size)
    case .directory: throw FileError(EISDIR, path)
    default: throw FileError(EINVAL, path)
    }
  }
}

/// Block size for streamed copies and comparisons.
private let blockSize = 1 << 20

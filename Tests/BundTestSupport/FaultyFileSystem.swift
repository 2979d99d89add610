import BundCore
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Another file system (the disk, or an in-memory one) with faults injected: the Nth call of an
/// operation fails with a chosen `errno`, or the process "dies" after N calls of an operation (N
/// renames, say): from then on every operation fails, as nothing more would happen, until `revive`
/// (a new process). Locks are still
/// released, as the system releases a dead process's locks.
@available(macOS 15.0, *)
public final class FaultyFileSystem: WritableFileSystem {
  public enum Operation: Sendable, Hashable, CaseIterable {
    case createFile, copyFile, makeFolder, removeFile, removeFolder, rename, hardLink, lockFolder
  }

  private struct State {
    var calls: [Operation: Int] = [:]
    var failures: [Operation: [Int: Int32]] = [:]
    /// The operation whose calls count down to the kill, and how many more may be made.
    var kill: (operation: Operation, left: Int)?
    var killed = false
  }

  public let base: any WritableFileSystem
  private let state = Mutex(State())

  public init(_ base: any WritableFileSystem) {
    self.base = base
  }

  /// The `call`th call (from 1) of `operation` fails with `code` and changes nothing.
  public func fail(_ operation: Operation, call: Int, with code: Int32) {
    state.withLock { $0.failures[operation, default: [:]][call] = code }
  }

  /// The process dies after `renames` more renames: the next one, and everything after it, fails.
  public func kill(afterRenames renames: Int) {
    kill(after: renames, of: .rename)
  }

  /// The process dies after `calls` more calls of `operation`: the next one, and everything after
  /// it, fails.
  public func kill(after calls: Int, of operation: Operation) {
    state.withLock { $0.kill = (operation, calls) }
  }

  public var isKilled: Bool { state.withLock { $0.killed } }

  /// A new process: operations work again (injected failures not yet reached stay armed).
  public func revive() {
    state.withLock {
      $0.killed = false
      $0.kill = nil
    }
  }

  /// How many times `operation` was called.
  public func calls(_ operation: Operation) -> Int { state.withLock { $0.calls[operation, default: 0] } }

  /// Counts a call and throws the fault it meets, if any.
  private func enter(_ operation: Operation, _ path: String) throws(FileError) {
    let code: Int32? = state.withLock { state in
      if state.killed { return EIO }
      state.calls[operation, default: 0] += 1
      if let kill = state.kill, kill.operation == operation {
        if kill.left == 0 {
          state.killed = true
          return EIO
        }
        state.kill = (operation, kill.left - 1)
      }
      return state.failures[operation]?[state.calls[operation, default: 0]]
    }
    if let code { throw FileError(code, path) }
  }

  private var alive: Bool { !isKilled }

  // MARK: FileSystem

  public func names(inFolder path: String) -> [String]? { alive ? base.names(inFolder: path) : nil }
  public func info(at path: String, followingLinks: Bool) -> FileInfo? {
    alive ? base.info(at: path, followingLinks: followingLinks) : nil
  }
  public func realPath(_ path: String) -> String? { alive ? base.realPath(path) : nil }
  public func contents(at path: String) -> Data? { alive ? base.contents(at: path) : nil }
  public func prefix(at path: String, count: Int) -> Data? {
    alive ? base.prefix(at: path, count: count) : nil
  }
  public func readProblem(at path: String) -> String? {
    alive ? base.readProblem(at: path) : FileError.reason(EIO)
  }

  // MARK: WritableFileSystem

  public func status(at path: String, followingLinks: Bool) throws(FileError) -> FileInfo {
    guard alive else { throw FileError(EIO, path) }
    return try base.status(at: path, followingLinks: followingLinks)
  }
  public func readFile(at path: String) throws(FileError) -> Data {
    guard alive else { throw FileError(EIO, path) }
    return try base.readFile(at: path)
  }
  public func holds(_ bytes: Data, at path: String) -> Bool { alive && base.holds(bytes, at: path) }
  public func holdsCopy(of source: String, at path: String) -> Bool {
    alive && base.holdsCopy(of: source, at: path)
  }
  public func createFile(at path: String, bytes: Data) throws(FileError) {
    try enter(.createFile, path)
    try base.createFile(at: path, bytes: bytes)
  }
  public func copyFile(from source: String, to path: String) throws(FileError) {
    try enter(.copyFile, path)
    try base.copyFile(from: source, to: path)
  }
  public func makeFolder(at path: String) throws(FileError) {
    try enter(.makeFolder, path)
    try base.makeFolder(at: path)
  }
  public func removeFile(at path: String) throws(FileError) {
    try enter(.removeFile, path)
    try base.removeFile(at: path)
  }
  public func removeFolder(at path: String) throws(FileError) {
    try enter(.removeFolder, path)
    try base.removeFolder(at: path)
  }
  public func rename(_ source: String, to target: String) throws(FileError) {
    try enter(.rename, target)
    try base.rename(source, to: target)
  }
  public func hardLink(_ existing: String, at path: String) throws(FileError) {
    try enter(.hardLink, path)
    try base.hardLink(existing, at: path)
  }
  /// An injected `lockFolder` fault fails the `flock`, after the folder was opened.
  public func lockFolder(at path: String) throws(LockError) -> FolderLock {
    do {
      try enter(.lockFolder, path)
    } catch {
      throw LockError(.lock, error)
    }
    return try base.lockFolder(at: path)
  }
  public func unlock(_ lock: FolderLock) { base.unlock(lock) }
}

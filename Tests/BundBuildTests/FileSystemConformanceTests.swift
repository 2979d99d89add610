import BundCore
import BundTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The in-memory file system is an imitation of the disk; this runs one script of operations on
/// both (the disk in a temporary folder) and asks that every step end the same way, the same errno
/// included, and that the two trees end equal. Links to a file, to a folder, dangling and in a loop;
/// lstat against stat; exclusive creation over a link; rename over a file, of a folder, onto a
/// folder that is not empty; hard links; the folder lock.
@Suite struct FileSystemConformanceTests {
  /// A file system under test, with the root the script works below and how to make a link there.
  struct Subject {
    let fileSystem: any WritableFileSystem
    let root: String
    let makeLink: (String, String) -> Void
  }

  /// What each step of the script gave, one line a step.
  static func script(_ subject: Subject) -> [String] {
    let files = subject.fileSystem
    let root = subject.root
    func path(_ relative: String) -> String { root + "/" + relative }
    var log: [String] = []
    func step(_ name: String, _ operation: () throws(FileError) -> String) {
      do {
        log.append("\(name): \(try operation())")
      } catch {
        let side = error.path == root ? "" : " (\(error.path.dropFirst(root.count + 1)))"
        log.append("\(name): \(error.reason)\(side)")
      }
    }
    func info(_ relative: String, following: Bool) throws(FileError) -> String {
      let info = try files.status(at: path(relative), followingLinks: following)
      switch info.kind {
      case .folder: return "folder"
      case .file: return "file of \(info.stamp.size) bytes"
      case .link: return "link of \(info.stamp.size) bytes"
      case .other: return "other"
      }
    }
    func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

    step("mkdir a") { () throws(FileError) in
      try files.makeFolder(at: path("a")); return "ok"
    }
    step("mkdir a again") { () throws(FileError) in
      try files.makeFolder(at: path("a")); return "ok"
    }
    step("mkdir x/y") { () throws(FileError) in
      try files.makeFolder(at: path("x/y")); return "ok"
    }
    step("create a/f") { () throws(FileError) in
      try files.createFile(at: path("a/f"), bytes: Data("hello".utf8))
      return "ok"
    }
    step("create a/f again") { () throws(FileError) in
      try files.createFile(at: path("a/f"), bytes: Data("x".utf8))
      return "ok"
    }
    step("create below a file") { () throws(FileError) in
      try files.createFile(at: path("a/f/g"), bytes: Data())
      return "ok"
    }
    step("read a/f") { () throws(FileError) in text(try files.readFile(at: path("a/f"))) }
    step("read a") { () throws(FileError) in text(try files.readFile(at: path("a"))) }
    step("read missing") { () throws(FileError) in text(try files.readFile(at: path("missing"))) }

    subject.makeLink(path("to-file"), "a/f")
    subject.makeLink(path("to-folder"), "a")
    subject.makeLink(path("dangling"), "nowhere")
    subject.makeLink(path("loop1"), "loop2")
    subject.makeLink(path("loop2"), "loop1")
    for name in ["to-file", "to-folder", "dangling", "loop1", "a", "a/f", "missing"] {
      step("lstat \(name)") { () throws(FileError) in try info(name, following: false) }
      step("stat \(name)") { () throws(FileError) in try info(name, following: true) }
      step("realpath \(name)") { () throws(FileError) in
        files.realPath(path(name)).map { String($0.dropFirst(root.count)) } ?? "nil"
      }
    }
    step("read through a link") { () throws(FileError) in text(try files.readFile(at: path("to-file"))) }
    step("contents through a link") { () throws(FileError) in
      files.contents(at: path("to-file")).map(text) ?? "nil"
    }
    step("contents of a folder") { () throws(FileError) in files.contents(at: path("a")).map(text) ?? "nil" }
    step("contents of a missing file") { () throws(FileError) in
      files.contents(at: path("missing")).map(text) ?? "nil"
    }
    step("contents through a dangling link") { () throws(FileError) in
      files.contents(at: path("dangling")).map(text) ?? "nil"
    }
    step("the first bytes through a link") { () throws(FileError) in
      files.prefix(at: path("to-file"), count: 1).map(text) ?? "nil"
    }
    step("more first bytes than the file holds") { () throws(FileError) in
      files.prefix(at: path("a/f"), count: 100).map(text) ?? "nil"
    }
    step("the first bytes of a folder") { () throws(FileError) in
      files.prefix(at: path("a"), count: 4).map(text) ?? "nil"
    }
    step("create over a dangling link") { () throws(FileError) in
      try files.createFile(at: path("dangling"), bytes: Data("x".utf8))
      return "ok"
    }
    step("create below a folder link") { () throws(FileError) in
      try files.createFile(at: path("to-folder/g"), bytes: Data("through".utf8))
      return text(try files.readFile(at: path("a/g")))
    }
    step("create below a loop") { () throws(FileError) in
      try files.createFile(at: path("loop1/g"), bytes: Data())
      return "ok"
    }
    step("list a folder link") { () throws(FileError) in
      files.names(inFolder: path("to-folder"))?.sorted().joined(separator: ",") ?? "nil"
    }
    step("list a file") { () throws(FileError) in
      files.names(inFolder: path("a/f"))?.joined(separator: ",") ?? "nil"
    }
    step("unlink a folder") { () throws(FileError) in
      try files.removeFile(at: path("a")); return "ok"
    }
    step("rmdir a full folder") { () throws(FileError) in
      try files.removeFolder(at: path("a")); return "ok"
    }
    step("rmdir a folder link") { () throws(FileError) in
      try files.removeFolder(at: path("to-folder"))
      return "ok"
    }
    step("rmdir a file") { () throws(FileError) in
      try files.removeFolder(at: path("a/f")); return "ok"
    }

    step("rename over a file") { () throws(FileError) in
      try files.createFile(at: path("b"), bytes: Data("B".utf8))
      try files.rename(path("b"), to: path("a/f"))
      return text(try files.readFile(at: path("a/f"))) + ", b: "
        + ((try? info("b", following: false)) ?? "gone")
    }
    step("rename a folder") { () throws(FileError) in
      try files.makeFolder(at: path("c"))
      try files.createFile(at: path("c/1"), bytes: Data("1".utf8))
      try files.rename(path("c"), to: path("d"))
      return text(try files.readFile(at: path("d/1")))
    }
    step("rename onto a full folder") { () throws(FileError) in
      try files.rename(path("d"), to: path("a"))
      return "ok"
    }
    step("rename onto an empty folder") { () throws(FileError) in
      try files.makeFolder(at: path("e"))
      try files.rename(path("d"), to: path("e"))
      return text(try files.readFile(at: path("e/1")))
    }
    step("rename a file onto a folder") { () throws(FileError) in
      try files.rename(path("e/1"), to: path("a"))
      return "ok"
    }
    step("rename a folder onto a file") { () throws(FileError) in
      try files.rename(path("a"), to: path("e/1"))
      return "ok"
    }
    step("rename a folder into itself") { () throws(FileError) in
      try files.rename(path("a"), to: path("a/inner"))
      return "ok"
    }
    step("rename a link") { () throws(FileError) in
      try files.rename(path("to-file"), to: path("moved-link"))
      return try info("moved-link", following: false) + ", " + (try info("moved-link", following: true))
    }
    step("rename a missing file") { () throws(FileError) in
      try files.rename(path("missing"), to: path("z"))
      return "ok"
    }
    step("rename into a missing folder") { () throws(FileError) in
      try files.rename(path("e/1"), to: path("nope/1"))
      return "ok"
    }

    step("hard link") { () throws(FileError) in
      try files.hardLink(path("a/f"), at: path("a/h"))
      return text(try files.readFile(at: path("a/h")))
    }
    step("hard link again") { () throws(FileError) in
      try files.hardLink(path("a/f"), at: path("a/h"))
      return "ok"
    }
    step("hard link a folder") { () throws(FileError) in
      try files.hardLink(path("a"), at: path("q"))
      return "ok"
    }
    step("hard link, then replace the first name") { () throws(FileError) in
      try files.createFile(at: path("new"), bytes: Data("new".utf8))
      try files.rename(path("new"), to: path("a/f"))
      return text(try files.readFile(at: path("a/f"))) + ", kept: "
        + text(try files.readFile(at: path("a/h")))
    }

    step("copy") { () throws(FileError) in
      try files.copyFile(from: path("a/h"), to: path("a/copy"))
      return text(try files.readFile(at: path("a/copy")))
    }
    step("copy from a link") { () throws(FileError) in
      try files.copyFile(from: path("moved-link"), to: path("a/copy2"))
      return text(try files.readFile(at: path("a/copy2")))
    }
    step("copy a missing file") { () throws(FileError) in
      try files.copyFile(from: path("missing"), to: path("a/copy3"))
      return "ok"
    }
    step("copy onto a dangling link") { () throws(FileError) in
      try files.copyFile(from: path("a/h"), to: path("dangling"))
      return "ok"
    }
    step("holds") { () throws(FileError) in
      [
        files.holds(Data("new".utf8), at: path("a/f")), files.holds(Data("ne".utf8), at: path("a/f")),
        files.holds(Data("new".utf8), at: path("moved-link")), files.holds(Data(), at: path("a")),
        files.holdsCopy(of: path("a/h"), at: path("a/copy")),
        files.holdsCopy(of: path("moved-link"), at: path("a/copy2")),
        files.holdsCopy(of: path("a/f"), at: path("a/copy")),
        files.holdsCopy(of: path("a/copy2"), at: path("moved-link")),
      ].map { $0 ? "yes" : "no" }.joined(separator: ",")
    }

    /// A lock, or which call failed and why.
    func lock(_ name: String) -> (FolderLock?, String) {
      do {
        return (try files.lockFolder(at: path(name)), "ok")
      } catch {
        return (nil, "\(error.call) failed: \(error.error.reason)")
      }
    }
    step("lock") { () throws(FileError) in
      let (first, result) = lock("a")
      guard let first else { return result }
      defer { files.unlock(first) }
      let (second, secondResult) = lock("a")
      if let second { files.unlock(second) }
      return "second: \(secondResult)"
    }
    step("lock after unlock") { () throws(FileError) in
      let (again, result) = lock("a")
      if let again { files.unlock(again) }
      return result
    }
    step("lock a file") { () throws(FileError) in
      let (locked, result) = lock("a/f")
      if let locked { files.unlock(locked) }
      return result
    }
    step("lock a missing folder") { () throws(FileError) in
      let (locked, result) = lock("missing")
      if let locked { files.unlock(locked) }
      return result
    }

    step("unlink a folder link") { () throws(FileError) in
      try files.removeFile(at: path("to-folder"))
      return try info("a", following: false)
    }
    step("unlink a dangling link") { () throws(FileError) in
      try files.removeFile(at: path("dangling"))
      return "ok"
    }
    step("unlink missing") { () throws(FileError) in
      try files.removeFile(at: path("missing")); return "ok"
    }
    step("empty a folder and rmdir it") { () throws(FileError) in
      try files.removeFile(at: path("e/1"))
      try files.removeFolder(at: path("e"))
      return (try? info("e", following: false)) ?? "gone"
    }
    step("tree") { () throws(FileError) in tree(files, root).joined(separator: "; ") }
    return log
  }

  /// Every entry below `root` (links as what they hold), sorted.
  static func tree(_ files: any WritableFileSystem, _ root: String) -> [String] {
    var lines: [String] = []
    FolderWalk.walk(root, in: files) { relative, info in
      switch info.kind {
      case .folder: lines.append(relative + "/")
      case .file:
        lines.append(
          relative + " = "
            + String(decoding: (try? files.readFile(at: root + "/" + relative)) ?? Data(), as: UTF8.self))
      case .link, .other: lines.append(relative + " -> link")
      }
      return true
    }
    return lines.sorted()
  }

  @Test @available(macOS 15.0, *)
  func theInMemoryFileSystemBehavesAsTheDisk() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bund-fs-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let diskRoot = DiskFileSystem().realPath(folder.path) ?? folder.path
    let disk = Self.script(
      Subject(
        fileSystem: DiskFileSystem(), root: diskRoot, makeLink: { path, target in symlink(target, path) }))
    let memory = InMemoryFileSystem()
    memory.makeFolder("/work/t")
    let imitation = Self.script(
      Subject(
        fileSystem: memory, root: "/work/t", makeLink: { path, target in memory.makeLink(path, to: target) }))
    #expect(disk.count == imitation.count)
    for (real, imitated) in zip(disk, imitation) where real != imitated {
      Issue.record("the disk: \(real)\nin memory: \(imitated)")
    }
    // The script must have met the errors it is about, or it tests nothing.
    for expected in [
      "mkdir a again: File exists (a)", "read through a link: Too many levels of symbolic links (to-file)",
      "create over a dangling link: File exists (dangling)",
      "rename onto a full folder: Directory not empty (d)",
      "copy a missing file: No such file or directory (missing)",
      "hard link, then replace the first name: new, kept: B",
      "stat dangling: No such file or directory (dangling)",
      "lock: second: lock failed: Resource temporarily unavailable",
      "lock a file: open failed: Not a directory",
      "lock a missing folder: open failed: No such file or directory",
    ] {
      #expect(disk.contains(expected), "\(expected)")
    }
  }
}

/// The in-memory file system's own setup helpers (not part of the script above).
@Suite struct InMemorySetupTests {
  /// A file or a link written where a folder is replaces the folder with all it held: a name
  /// left below a file would be listed by nothing, yet still be found by a path.
  @Test(arguments: [false, true]) @available(macOS 15.0, *)
  func aFileOrLinkOverAFolderReplacesItWhole(link: Bool) {
    let memory = InMemoryFileSystem()
    memory.write("/t/a/deep/f", "below")
    if link { memory.makeLink("/t/a", to: "/elsewhere") } else { memory.write("/t/a", "file") }
    #expect(
      memory.entries(below: "/t") == ["a": link ? .link("/elsewhere") : .file(Data("file".utf8))])
    #expect(memory.info(at: "/t/a/deep/f", followingLinks: false) == nil)
    #expect(memory.names(inFolder: "/t") == ["a"])
  }
}

import BundCore
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A page handed to the writer while the build runs (see `OutputWriter.Staging`).
public struct StagedFile: Sendable, Hashable {
  public var path: String
  public var byteCount: Int
  /// Equal to the file already in the output folder: nothing was written.
  public var unchanged: Bool
  /// Why it could not be staged, or nil.
  public var problem: String?
}

/// Writes the output files: each atomically, unchanged files left alone, files of earlier builds that
/// this one no longer makes removed. The only code that writes to disk.
///
/// Pages can be written while the build runs (`beginStaging`): each goes to `.bund-staging/` inside
/// the output folder, or straight to its place when the output folder started empty, and `commit`
/// moves them into place once the whole build has succeeded; `discard` undoes them when it failed.
/// So the site is never held whole in memory, and a failed build still leaves the output as it was.
public struct OutputWriter: Sendable {
  /// Lists what the last build wrote, so a later build removes only its own files.
  public static let manifestName = ".bund-manifest"

  public struct Report: Sendable {
    public var written: Int = 0
    public var unchanged: Int = 0
    public var removed: Int = 0
    public var diagnostics: [Diagnostic] = []
  }

  /// Where staged pages wait, inside the output folder.
  public static let stagingName = ".bund-staging"
  /// Present while a build writes straight into an output folder that started empty: if the build is
  /// killed, the next one finds it and empties the folder again.
  public static let buildingMarker = ".bund-building"

  public let directory: String

  public init(directory: String) {
    self.directory = directory
  }

  /// Pages written during the build, before `commit` or `discard`.
  public struct Staging: Sendable {
    /// The output folder.
    let directory: String
    /// Where pages are written: the staging folder, or the output folder itself when it started empty.
    let root: String
    /// The output folder was empty (or did not exist) when the build started.
    let direct: Bool
    /// The output folder did not exist and was made for this build.
    let createdOutput: Bool

    /// Writes one page (unless the output folder already holds the same bytes).
    public func stage(_ file: OutputFile) -> StagedFile {
      var staged = StagedFile(path: file.path, byteCount: file.bytes.count, unchanged: false, problem: nil)
      guard OutputWriter.isInside(file.path) else {
        staged.problem = "refused to write '\(file.path)': it would land outside \(directory)"
        return staged
      }
      if !direct, let existing = FileManager.default.contents(atPath: directory + "/" + file.path),
        existing == file.bytes
      {
        staged.unchanged = true
        return staged
      }
      let path = root + "/" + file.path
      let code = OutputWriter.inFolder(of: path) { writeFile(file.bytes, to: path, flags: O_TRUNC) }
      if code != 0 { staged.problem = "cannot write '\(path)': \(String(cString: strerror(code)))" }
      return staged
    }
  }

  /// Gets the output folder ready for pages written during the build.
  public func beginStaging() -> Result<Staging, Diagnostic> {
    let manager = FileManager.default
    let existed = manager.fileExists(atPath: directory)
    do {
      try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      return .failure(.error("cannot create the output folder '\(directory)': \(error.localizedDescription)"))
    }
    let staging = directory + "/" + Self.stagingName
    try? manager.removeItem(atPath: staging)  // left by a build that was killed
    let marker = directory + "/" + Self.buildingMarker
    if manager.fileExists(atPath: marker) {
      // A build that started on an empty folder was killed: what is here is its half, remove it.
      for item in (try? manager.contentsOfDirectory(atPath: directory)) ?? [] {
        try? manager.removeItem(atPath: directory + "/" + item)
      }
    }
    let empty = (try? manager.contentsOfDirectory(atPath: directory))?.isEmpty ?? false
    if empty && !manager.createFile(atPath: marker, contents: Data()) {
      return .failure(.error("cannot write in the output folder '\(directory)'"))
    }
    if !empty {
      do {
        try manager.createDirectory(atPath: staging, withIntermediateDirectories: true)
      } catch {
        return .failure(.error("cannot create '\(staging)': \(error.localizedDescription)"))
      }
    }
    return .success(
      Staging(directory: directory, root: empty ? directory : staging, direct: empty, createdOutput: !existed)
    )
  }

  /// Undoes the pages of a failed build: the output folder is left as it was before.
  public func discard(_ staging: Staging) {
    let manager = FileManager.default
    if staging.direct {
      if staging.createdOutput {
        try? manager.removeItem(atPath: directory)
      } else {
        for item in (try? manager.contentsOfDirectory(atPath: directory)) ?? [] {
          try? manager.removeItem(atPath: directory + "/" + item)
        }
      }
    } else {
      try? manager.removeItem(atPath: staging.root)
    }
  }

  /// Stages the build's other files too (feeds, indexes, assets), then moves everything into place,
  /// removes what earlier builds made and this one does not, and updates the manifest. If any file
  /// cannot be written, everything staged is discarded and the output folder is left as it was.
  public func commit(_ staging: Staging, staged: [StagedFile], files: [OutputFile]) async -> Report {
    let manager = FileManager.default
    let previous = readManifest()
    var report = Report()
    var current: Set<String> = []
    var all = staged
    for file in files {
      let result = staging.stage(file)
      if let problem = result.problem { report.diagnostics.append(.error(problem)) }
      all.append(result)
    }
    guard !report.diagnostics.hasErrors, !staged.contains(where: { $0.problem != nil }) else {
      discard(staging)
      return report
    }
    for file in all {
      current.insert(file.path)
      if file.unchanged {
        report.unchanged += 1
        continue
      }
      if !staging.direct {
        let target = directory + "/" + file.path
        let code = Self.inFolder(of: target) {
          rename(staging.root + "/" + file.path, target) == 0 ? 0 : errno
        }
        if code != 0 {
          report.diagnostics.append(
            .error("cannot move '\(file.path)' into \(directory): \(String(cString: strerror(code)))"))
          continue
        }
      }
      report.written += 1
    }
    // An output folder that started empty can hold nothing foreign: no need to walk it.
    finish(current: current, previous: previous, checkForeign: !staging.direct, report: &report)
    if staging.direct {
      try? manager.removeItem(atPath: directory + "/" + Self.buildingMarker)
    } else {
      try? manager.removeItem(atPath: staging.root)
    }
    return report
  }

  /// Makes a folder and any missing folders above it (one `mkdir` when only the last is missing).
  static func makeFolder(_ path: Substring) {
    if mkdir(String(path), 0o755) == 0 || errno == EEXIST { return }
    guard errno == ENOENT, let slash = path.lastIndex(of: "/"), slash > path.startIndex else { return }
    makeFolder(path[..<slash])
    _ = mkdir(String(path), 0o755)
  }

  /// Runs `operation` (a write or a rename into `path`, giving 0 or an `errno`); when the folder is
  /// missing, makes it and runs it again.
  static func inFolder(of path: String, _ operation: () -> Int32) -> Int32 {
    let result = operation()
    guard result == ENOENT, let slash = path.lastIndex(of: "/") else { return result }
    makeFolder(path[..<slash])
    return operation()
  }

  public func write(_ files: [OutputFile]) async -> Report {
    let previous = readManifest()
    var (report, current) = await writeFiles(files)
    finish(current: current, previous: previous, checkForeign: true, report: &report)
    return report
  }

  /// Writes `files` (those whose bytes changed); also returns their paths.
  private func writeFiles(_ files: [OutputFile]) async -> (Report, Set<String>) {
    var report = Report()
    let manager = FileManager.default
    do {
      try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      report.diagnostics.append(
        .error("cannot create the output folder '\(directory)': \(error.localizedDescription)"))
      return (report, [])
    }
    var current: Set<String> = []
    var accepted: [OutputFile] = []
    var folders: Set<String> = []
    for file in files {
      guard Self.isInside(file.path) else {
        report.diagnostics.append(
          .error("refused to write '\(file.path)': it would land outside \(directory)"))
        continue
      }
      current.insert(file.path)
      accepted.append(file)
      var folder = Substring(file.path)
      while let slash = folder.lastIndex(of: "/") {
        folder = folder[..<slash]
        guard folders.insert(String(folder)).inserted else { break }
      }
    }
    // Folders first, once each and parents before children (a parent sorts before its children);
    // then the files on every core.
    for folder in folders.sorted() {
      let path = directory + "/" + folder
      if mkdir(path, 0o755) != 0 && errno != EEXIST {
        report.diagnostics.append(
          .error("cannot create the folder '\(path)': \(String(cString: strerror(errno)))"))
      }
    }
    let batches = stride(from: 0, to: accepted.count, by: 256).map {
      Array(accepted[$0..<min($0 + 256, accepted.count)])
    }
    await withTaskGroup(of: Report.self) { group in
      for batch in batches {
        group.addTask { writeBatch(batch) }
      }
      for await partial in group {
        report.written += partial.written
        report.unchanged += partial.unchanged
        report.diagnostics += partial.diagnostics
      }
    }
    return (report, current)
  }

  /// Removes what the previous build made and this one (`current`) does not, warns about files no
  /// build of ours made, and writes the manifest.
  private func finish(current: Set<String>, previous: Set<String>, checkForeign: Bool, report: inout Report) {
    let manager = FileManager.default
    for stale in previous.subtracting(current).sorted() where Self.isInside(stale) {
      let path = directory + "/" + stale
      if manager.fileExists(atPath: path) {
        do {
          try manager.removeItem(atPath: path)
          report.removed += 1
        } catch {
          report.diagnostics.append(
            .warning(
              "cannot remove '\(path)', which this build no longer makes: \(error.localizedDescription)"))
        }
        removeEmptyFolders(above: stale)
      }
    }
    if checkForeign { report.diagnostics += foreignFiles(known: current.union([Self.manifestName])) }
    let manifest = current.sorted().joined(separator: "\n") + "\n"
    let manifestPath = directory + "/" + Self.manifestName
    if manager.contents(atPath: manifestPath) != Data(manifest.utf8) {
      do {
        try writeAtomically(Data(manifest.utf8), to: manifestPath)
      } catch {
        report.diagnostics.append(
          .error(
            "cannot write '\(manifestPath)', the list of files bund wrote: \(error.localizedDescription)"))
      }
    }
  }

  /// Writes files whose bytes differ from what is on disk; leaves equal ones (and their dates) alone.
  private func writeBatch(_ files: [OutputFile]) -> Report {
    var report = Report()
    for file in files {
      let path = directory + "/" + file.path
      let existing = FileManager.default.contents(atPath: path)
      if let existing, existing == file.bytes {
        report.unchanged += 1
        continue
      }
      do {
        // A new file is written in place (nothing to keep whole); one that changes goes through a
        // temporary file and a rename, so no reader ever sees it half written.
        try writeAtomically(file.bytes, to: path, replacing: existing != nil)
        report.written += 1
      } catch {
        report.diagnostics.append(.error("cannot write '\(path)': \(error.localizedDescription)"))
      }
    }
    return report
  }

  private func readManifest() -> Set<String> {
    guard let data = FileManager.default.contents(atPath: directory + "/" + Self.manifestName) else {
      return []
    }
    return Set(String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init))
  }

  /// Files in the output folder that no build of ours wrote: left in place, with a warning.
  private func foreignFiles(known: Set<String>) -> [Diagnostic] {
    var foreign: [String] = []
    FolderWalk.visit(directory) { item, isFolder, _ in
      if item == Self.stagingName { return false }
      if !isFolder && !known.contains(item) { foreign.append(item) }
      return true
    }
    return foreign.sorted().map { item in
      .warning(
        "'\(directory)/\(item)' was not written by bund and is left in place; delete it if the site should not publish it"
      )
    }
  }

  private func writeAtomically(_ bytes: Data, to path: String, replacing: Bool = true) throws {
    if !replacing {
      let code = writeFile(bytes, to: path, flags: O_EXCL)
      if code == 0 { return }
      // EEXIST: someone made the file since we looked; fall back to replacing it.
      guard code == EEXIST else { throw NSError(domain: NSPOSIXErrorDomain, code: Int(code)) }
    }
    let folder = (path as NSString).deletingLastPathComponent
    let temporary = folder + "/.bund-tmp-" + (path as NSString).lastPathComponent
    let code = writeFile(bytes, to: temporary, flags: O_TRUNC)
    guard code == 0 else { throw NSError(domain: NSPOSIXErrorDomain, code: Int(code)) }
    if rename(temporary, path) != 0 {
      let code = errno
      try? FileManager.default.removeItem(atPath: temporary)
      throw NSError(domain: NSPOSIXErrorDomain, code: Int(code))
    }
  }

  private func removeEmptyFolders(above relative: String) {
    var parts = relative.split(separator: "/").dropLast()
    while !parts.isEmpty {
      let path = directory + "/" + parts.joined(separator: "/")
      guard let contents = try? FileManager.default.contentsOfDirectory(atPath: path), contents.isEmpty else {
        return
      }
      try? FileManager.default.removeItem(atPath: path)
      parts = parts.dropLast()
    }
  }

  /// A relative path with no `..`, no leading `/` and no empty segment.
  static func isInside(_ path: String) -> Bool {
    guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\") else { return false }
    return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy {
      !$0.isEmpty && $0 != "." && $0 != ".."
    }
  }
}

/// Creates (with `flags`: `O_TRUNC` or `O_EXCL`) and writes a file with plain open/write/close:
/// Foundation's Data.write syncs every file to disk, which costs more than the rest of the write
/// stage and buys nothing for a site that can be rebuilt. Returns 0, or the `errno` of the failure
/// (a file that could not be written whole is removed).
private func writeFile(_ bytes: Data, to path: String, flags: Int32) -> Int32 {
  let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0o644)
  guard descriptor >= 0 else { return errno }
  let written = bytes.withUnsafeBytes { writeAll(descriptor, $0) }
  let code = errno
  close(descriptor)
  if written { return 0 }
  unlink(path)
  return code == 0 ? EIO : code
}

/// Writes the whole buffer to a file descriptor; false on an error.
private func writeAll(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) -> Bool {
  var offset = 0
  while offset < buffer.count {
    let count = write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
    if count <= 0 { return false }
    offset += count
  }
  return true
}

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

/// Writes the output folder, the only code that does. The folder is a trust boundary:
///
/// - Every new or changed file is first written into `.bund-staging/` inside the output folder while
///   the build runs (so the site is never held whole in memory); nothing in the output changes until
///   the whole build has succeeded.
/// - `commit` then moves the staged files into place as one planned list of renames, recorded in a
///   journal first. If a rename fails, every rename already done is undone, so "the output was not
///   changed" is true; if the process is killed, the next build finds the journal and undoes them.
/// - Only files bund wrote (the manifest of the last build, or the staging folder) are ever
///   removed; everything else is left in place with a warning.
/// - No symbolic link inside the output folder is written or removed through.
/// - One build at a time: the output folder is locked (`flock`) for the whole build.
///
/// Every file operation goes through `fileSystem` (`DiskFileSystem` unless a test gives another),
/// whose writes create new files exclusively and never follow a link at the end of a path.
public struct OutputWriter: Sendable {
  /// Lists what the last build wrote, so a later build removes only its own files.
  public static let manifestName = ".bund-manifest"
  /// Where staged files, the journal and replaced files wait, inside the output folder.
  public static let stagingName = ".bund-staging"
  /// The first line of the file that marks a staging folder as bund's.
  static let stagingMagic = "bund staging folder v2"

  /// Names bund keeps for itself in the output folder: any file or folder whose name starts with
  /// `.bund-`. Such a name is never taken from Content/static/.
  public static func isReserved(_ name: Substring) -> Bool { name.hasPrefix(".bund-") }

  public struct Report: Sendable {
    public var written: Int = 0
    public var unchanged: Int = 0
    public var removed: Int = 0
    public var diagnostics: [Diagnostic] = []
  }

  public let directory: String
  /// Where the output folder is: the disk, unless a test gives another.
  public let fileSystem: any WritableFileSystem

  public init(directory: String, fileSystem: any WritableFileSystem = DiskFileSystem()) {
    self.directory = directory
    self.fileSystem = fileSystem
  }

  var stagingPath: String { directory + "/" + Self.stagingName }

  /// Pages written during the build, before `commit` or `discard`.
  public struct Staging: Sendable {
    /// The output folder.
    let directory: String
    /// Where new and changed files are written: `.bund-staging/tree`.
    let tree: String
    /// What the output folder held when the build started (staging left out).
    let existing: OutputSnapshot
    /// What the last build wrote, from its manifest.
    let previous: Set<String>
    /// The output folder did not exist and was made for this build.
    let createdOutput: Bool
    /// The lock on the output folder; released by `commit` or `discard`.
    let lock: FolderLock
    let fileSystem: any WritableFileSystem

    /// Writes one file into staging (unless the output folder already holds the same bytes).
    public func stage(_ file: OutputFile) -> StagedFile {
      var made: Set<Substring>?
      return stage(file, madeFolders: &made)
    }

    /// Writes files into staging, as `stage(_:)` does one by one, but makes each folder before the
    /// first file written into it instead of after an open that failed for want of it: most pages
    /// are the only file of their folder (`en/posts/slug/index.html`), so that was a failed open per
    /// page. Folders made by this call are remembered so a shared one is made once per call.
    public func stage(_ files: [OutputFile]) -> [StagedFile] {
      var made: Set<Substring>? = []
      return files.map { stage($0, madeFolders: &made) }
    }

    /// `madeFolders`, when given, holds the folders this caller already made: a file's folder not in
    /// it is made (and added) before the file is written. A missing folder is still made and the
    /// write tried again (`OutputWriter.inFolder`), so the result is the same either way.
    private func stage(_ file: OutputFile, madeFolders: inout Set<Substring>?) -> StagedFile {
      var staged = StagedFile(path: file.path, byteCount: file.bytes.count, unchanged: false, problem: nil)
      guard PathRules.isInside(file.path) else {
        staged.problem = "refused to write '\(file.path)': it would land outside \(directory)"
        return staged
      }
      guard !file.path.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
        staged.problem =
          "refused to write '\(file.path.debugDescription)': a file name may not hold control characters"
        return staged
      }
      // Split only a path holding the reserved prefix's bytes (almost none do).
      if file.path.containsBytes(".bund-"),
        let reserved = file.path.split(separator: "/").first(where: OutputWriter.isReserved)
      {
        staged.problem = "refused to write '\(file.path)': '\(reserved)' is a name bund keeps for itself"
        return staged
      }
      if let source = file.copyFrom { return stageCopy(of: source, as: staged, madeFolders: &madeFolders) }
      if existing.files.contains(file.path), fileSystem.holds(file.bytes, at: directory + "/" + file.path) {
        staged.unchanged = true
        return staged
      }
      let path = tree + "/" + file.path
      makeFolder(of: path, unlessIn: &madeFolders)
      let code = OutputWriter.inFolder(of: path, in: fileSystem) {
        writeFile(file.bytes, to: path, in: fileSystem)
      }
      if code != 0 { staged.problem = "cannot write '\(path)': \(FileError.reason(code))" }
      return staged
    }

    /// Stages a copy of a file, streamed in blocks (unless the output holds the same bytes).
    func stageCopy(of source: String, as file: StagedFile, madeFolders: inout Set<Substring>?) -> StagedFile {
      var staged = file
      if let size = fileSystem.info(at: source, followingLinks: true)?.stamp.size { staged.byteCount = size }
      if existing.files.contains(file.path), fileSystem.holdsCopy(of: source, at: directory + "/" + file.path)
      {
        staged.unchanged = true
        return staged
      }
      let path = tree + "/" + file.path
      makeFolder(of: path, unlessIn: &madeFolders)
      var readFailure: FileError?
      let code = OutputWriter.inFolder(of: path, in: fileSystem) {
        do throws(FileError) {
          try fileSystem.copyFile(from: source, to: path)
          return 0
        } catch {
          if error.path == source { readFailure = error }
          return error.code
        }
      }
      if let readFailure {
        staged.problem = "cannot read '\(source)': \(readFailure.reason)"
      } else if code != 0 {
        staged.problem = "cannot write '\(path)': \(FileError.reason(code))"
      }
      return staged
    }

    /// Makes the folder of `path` (inside staging) unless `made` is nil or holds it already.
    private func makeFolder(of path: String, unlessIn made: inout Set<Substring>?) {
      guard made != nil, let slash = path.lastIndex(of: "/") else { return }
      let folder = path[..<slash]
      if made?.insert(folder).inserted == true { OutputWriter.makeFolder(folder, in: fileSystem) }
    }
  }

  /// Locks the output folder, undoes what a killed build left, and gets staging ready.
  public func beginStaging() -> Result<Staging, Diagnostic> {
    var info: FileInfo
    var createdOutput = false
    do {
      info = try fileSystem.status(at: directory, followingLinks: true)
    } catch {
      guard error.code == ENOENT else {
        return .failure(.error("cannot open the output folder '\(directory)': \(error.reason)"))
      }
      Self.makeFolder(Substring(directory), in: fileSystem)
      do {
        info = try fileSystem.status(at: directory, followingLinks: true)
      } catch {
        return .failure(.error("cannot create the output folder '\(directory)': \(error.reason)"))
      }
      createdOutput = true
    }
    guard info.kind == .folder else {
      return .failure(
        .error("the output folder '\(directory)' is a file, not a folder; choose another --output or move it")
      )
    }
    let lock: FolderLock
    switch OutputLock.acquire(directory, staging: stagingPath, in: fileSystem) {
    case .success(let held): lock = held
    case .failure(let problem): return .failure(problem)
    }
    // What this build made of staging, taken away again if it cannot be set up whole: a staging
    // folder without its `build` file would block every later build.
    var made: [String] = []
    func fail(_ problem: Diagnostic) -> Result<Staging, Diagnostic> {
      for folder in made.reversed() { try? fileSystem.removeFolder(at: folder) }
      if createdOutput { try? fileSystem.removeFolder(at: directory) }
      fileSystem.unlock(lock)
      return .failure(problem)
    }
    if let problem = recoverKilledBuild() { return fail(problem) }
    let previous: Set<String>
    switch readManifest() {
    case .success(let names): previous = names
    case .failure(let problem): return fail(problem)
    }
    let snapshot = OutputSnapshot(of: directory, in: fileSystem)
    let tree = stagingPath + "/tree"
    for folder in [stagingPath, tree] {
      do {
        try fileSystem.makeFolder(at: folder)
        made.append(folder)
      } catch {
        return fail(.error("cannot create '\(folder)': \(error.reason)"))
      }
    }
    let identity = "\(Self.stagingMagic)\nprocess \(getpid())\n"
    // A file that could not be written whole is removed by `writeFile`.
    let code = writeFile(Data(identity.utf8), to: stagingPath + "/build", in: fileSystem)
    guard code == 0 else {
      return fail(.error("cannot write in the output folder '\(directory)': \(Self.reason(code))"))
    }
    return .success(
      Staging(
        directory: directory, tree: tree, existing: snapshot, previous: previous,
        createdOutput: createdOutput, lock: lock, fileSystem: fileSystem))
  }

  /// Undoes the pages of a failed build: the output folder is left as it was before.
  public func discard(_ staging: Staging) {
    if removeStaging() == 0, staging.createdOutput { try? fileSystem.removeFolder(at: directory) }
    fileSystem.unlock(staging.lock)
  }

  /// Removes the staging folder in an order that a kill at any point leaves safe: the journal
  /// first, so a journal is never replayed against a staging folder partly removed (whose missing
  /// sources would read as steps that ran); the `build` file that marks the folder as bund's last,
  /// so what is left is still recognized and removed by the next build. When the journal cannot be
  /// removed, nothing is: gives its `errno`, or 0.
  @discardableResult
  func removeStaging() -> Int32 {
    let journal = stagingPath + "/journal"
    let code = errorCode { () throws(FileError) in try fileSystem.removeFile(at: journal) }
    guard code == 0 || code == ENOENT else { return code }
    for name in fileSystem.names(inFolder: stagingPath) ?? [] where name != "build" {
      removeTree(stagingPath + "/" + name, in: fileSystem)
    }
    try? fileSystem.removeFile(at: stagingPath + "/build")
    try? fileSystem.removeFolder(at: stagingPath)
    return 0
  }

  /// Tests only: ends the build as a killed process would, leaving staging behind.
  func abandon(_ staging: Staging) {
    fileSystem.unlock(staging.lock)
  }

  /// Stages the build's other files too (feeds, indexes, assets), then moves everything into place,
  /// removes what earlier builds made and this one does not, and updates the manifest: all or
  /// nothing (see the type's documentation).
  public func commit(_ staging: Staging, staged: [StagedFile], files: [OutputFile]) async -> Report {
    var report = Report()
    var all = staged
    for result in staging.stage(files) {
      if let problem = result.problem { report.diagnostics.append(.error(problem)) }
      all.append(result)
    }
    guard !report.diagnostics.hasErrors, !staged.contains(where: { $0.problem != nil }) else {
      discard(staging)
      return report
    }
    let current = Set(all.map(\.path))
    report.unchanged = all.filter(\.unchanged).count
    report.written = all.count - report.unchanged
    let stale = staging.previous.subtracting(current).filter {
      PathRules.isInside($0) && (staging.existing.files.contains($0) || staging.existing.links.contains($0))
    }
    let manifest = current.sorted().joined(separator: "\n") + "\n"
    let manifestChanged = !fileSystem.holds(Data(manifest.utf8), at: directory + "/" + Self.manifestName)
    if manifestChanged {
      let code = writeFile(Data(manifest.utf8), to: stagingPath + "/manifest", in: fileSystem)
      guard code == 0 else {
        report.diagnostics.append(
          .error("cannot write the list of files bund wrote in '\(stagingPath)': \(Self.reason(code))"))
        discard(staging)
        return report
      }
    }

    var plan = CommitPlan(
      directory: directory, staging: stagingPath, snapshot: staging.existing, fileSystem: fileSystem)
    plan.retire(stale, current: current)
    plan.placeTree()
    if manifestChanged { plan.placeManifest() }
    guard plan.problems.isEmpty else {
      report.diagnostics += plan.problems
      discard(staging)
      return report
    }
    let journalCode = writeFile(Data(plan.journal.utf8), to: stagingPath + "/journal", in: fileSystem)
    guard journalCode == 0 else {
      report.diagnostics.append(
        .error("cannot write the journal in '\(stagingPath)': \(Self.reason(journalCode))"))
      discard(staging)
      return report
    }
    var executor = CommitExecutor(fileSystem: fileSystem)
    var failure: (problem: Diagnostic, begun: Int)?
    switch executor.run(plan.operations) {
    case .failed(let problem):
      failure = (problem, executor.begun)
    case .done:
      // The commit is final once the journal is gone: a build killed after this point is complete.
      let code = errorCode { () throws(FileError) in try fileSystem.removeFile(at: stagingPath + "/journal") }
      if code != 0 {
        failure = (
          .error(
            "cannot remove the journal '\(stagingPath)/journal' that makes the build final: \(Self.reason(code)); every file moved was put back, so the output folder is as it was. Fix the cause (permissions, a read-only disk) and build again"
          ), plan.operations.count
        )
      }
    }
    if let failure {
      // The failed operation is undone too: the undo reads what is there, so it puts back a file
      // moved aside before the rename that failed, and leaves alone what was not touched.
      let notRestored = executor.undo(plan.operations[..<failure.begun])
      report.diagnostics.append(failure.problem)
      if !notRestored.isEmpty {
        report.diagnostics.append(
          .error(
            "\(notRestored.count) of the files already moved could not be put back; '\(directory)' is partly changed. Run the build again once the cause is fixed: its journal is kept in '\(stagingPath)'",
            notes: notRestored.prefix(5).map { "'\($0)'" }))
        abandon(staging)
        return report
      }
      // Undone: the journal goes first (see `removeStaging`). One that cannot be removed is left
      // with all of staging; the next build replays it, which changes nothing now.
      discard(staging)
      return report
    }
    for path in stale.sorted() { removeEmptyFolders(above: path) }
    report.removed = stale.count
    report.diagnostics += Self.vanishedPages(stale)
    removeStaging()
    fileSystem.unlock(staging.lock)
    report.diagnostics += foreignFiles(
      staging.existing, known: current.union(stale).union([Self.manifestName]))
    return report
  }

  /// A warning for each page the last build published that this one removed: a renamed page
  /// breaks every link and bookmark to its old address unless the new page names it in `aliases`.
  /// Tag pages and later pages of lists come and go with the content, and are not mentioned.
  static func vanishedPages(_ removed: Set<String>) -> [Diagnostic] {
    removed.sorted().compactMap { path in
      guard path.hasSuffix("/index.html") else { return nil }
      let folder = String(path.dropLast("index.html".count))
      let segments = folder.split(separator: "/")
      if segments.contains("tags") { return nil }
      if segments.count >= 2, segments[segments.count - 2] == "page", Int(segments[segments.count - 1]) != nil
      {
        return nil
      }
      return .warning(
        "the page at /\(folder) was published by the last build and is gone now; if it moved, add aliases: [/\(folder)] to its new page so links and bookmarks to it keep working"
      )
    }
  }

  /// A staging folder left by a killed build: undoes what its journal says was moved, then removes it.
  private func recoverKilledBuild() -> Diagnostic? {
    guard let info = fileSystem.info(at: stagingPath, followingLinks: false) else { return nil }
    let identity = (try? fileSystem.readFile(at: stagingPath + "/build")).map {
      String(decoding: $0, as: UTF8.self)
    }
    guard info.kind == .folder, identity?.hasPrefix(Self.stagingMagic + "\n") == true else {
      return .error(
        "'\(stagingPath)' was not made by this version of bund (bund keeps names starting with '.bund-' for itself); move it out of the output folder and build again"
      )
    }
    if let journal = try? fileSystem.readFile(at: stagingPath + "/journal") {
      let operations = CommitPlan.operations(
        journal: String(decoding: journal, as: UTF8.self), directory: directory, staging: stagingPath)
      let executor = CommitExecutor(fileSystem: fileSystem)
      let notRestored = executor.undo(operations[...])
      guard notRestored.isEmpty else {
        return .error(
          "a killed build left '\(directory)' partly changed and \(notRestored.count) files could not be put back; its journal is in '\(stagingPath)/journal'",
          notes: notRestored.prefix(5).map { "'\($0)'" })
      }
    }
    let code = removeStaging()
    guard code == 0 else {
      return .error(
        "cannot remove the journal of a killed build, '\(stagingPath)/journal': \(Self.reason(code)); its changes were undone. Fix the cause (permissions, a read-only disk) and build again"
      )
    }
    return nil
  }

  private func readManifest() -> Result<Set<String>, Diagnostic> {
    let path = directory + "/" + Self.manifestName
    let data: Data
    do {
      data = try fileSystem.readFile(at: path)
    } catch {
      if error.code == ENOENT { return .success([]) }
      if error.code == EISDIR || error.code == EINVAL {
        return .failure(.error("cannot read '\(path)', the list of files bund wrote: \(error.reason)"))
      }
      return .failure(
        .error(
          "cannot read '\(path)', the list of files bund wrote: \(error.reason); fix its permissions, or delete it (bund then keeps every file already in the folder, with a warning)"
        ))
    }
    return .success(Set(String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)))
  }

  /// Files in the output folder that no build of ours wrote: left in place, with one warning per
  /// file at the top, or one per top-level folder.
  private func foreignFiles(_ snapshot: OutputSnapshot, known: Set<String>) -> [Diagnostic] {
    var byTop: [String: [String]] = [:]
    for file in snapshot.files.union(snapshot.links) where !known.contains(file) {
      let top = file.split(separator: "/", maxSplits: 1).first.map(String.init) ?? file
      byTop[top, default: []].append(file)
    }
    return byTop.keys.sorted().map { top in
      let files = byTop[top] ?? []
      if files.count == 1, let only = files.first {
        return .warning(
          "'\(directory)/\(only)' was not written by bund and is left in place; delete it if the site should not publish it"
        )
      }
      return .warning(
        "'\(directory)/\(top)/' holds \(files.count) files that were not written by bund; they are left in place (delete them if the site should not publish them)"
      )
    }
  }

  private func removeEmptyFolders(above relative: String) {
    var parts = relative.split(separator: "/").dropLast()
    while !parts.isEmpty {
      // rmdir removes only an empty folder (and never follows a link).
      guard (try? fileSystem.removeFolder(at: directory + "/" + parts.joined(separator: "/"))) != nil else {
        return
      }
      parts = parts.dropLast()
    }
  }

  /// Makes a folder and any missing folders above it (one `mkdir` when only the last is missing).
  static func makeFolder(_ path: Substring, in fileSystem: any WritableFileSystem) {
    let code = errorCode { () throws(FileError) in try fileSystem.makeFolder(at: String(path)) }
    if code == 0 || code == EEXIST { return }
    guard code == ENOENT, let slash = path.lastIndex(of: "/"), slash > path.startIndex else { return }
    makeFolder(path[..<slash], in: fileSystem)
    try? fileSystem.makeFolder(at: String(path))
  }

  /// Runs `operation` (a write or a rename into `path`, giving 0 or an `errno`); when the folder is
  /// missing, makes it and runs it again.
  static func inFolder(of path: String, in fileSystem: any WritableFileSystem, _ operation: () -> Int32)
    -> Int32
  {
    let result = operation()
    guard result == ENOENT, let slash = path.lastIndex(of: "/") else { return result }
    makeFolder(path[..<slash], in: fileSystem)
    return operation()
  }

  static func reason(_ code: Int32) -> String { FileError.reason(code) }
}

/// 0, or the `errno` of the operation's failure.
func errorCode(_ operation: () throws(FileError) -> Void) -> Int32 {
  do {
    try operation()
    return 0
  } catch {
    return error.code
  }
}

/// What the output folder holds, walked once at the start of a build without following links.
struct OutputSnapshot: Sendable {
  var files: Set<String> = []
  var folders: Set<String> = []
  var links: Set<String> = []

  init(of directory: String, in fileSystem: any FileSystem) {
    FolderWalk.walk(directory, in: fileSystem) { item, info in
      if item == OutputWriter.stagingName { return false }
      switch info.kind {
      case .folder: folders.insert(item)
      case .link: links.insert(item)
      case .file, .other: files.insert(item)
      }
      return true
    }
  }
}

/// Removes a file or a folder with everything in it; links are removed, never followed.
func removeTree(_ path: String, in fileSystem: any WritableFileSystem) {
  guard let info = fileSystem.info(at: path, followingLinks: false) else { return }
  if info.kind == .folder {
    for name in fileSystem.names(inFolder: path) ?? [] {
      removeTree(path + "/" + name, in: fileSystem)
    }
    try? fileSystem.removeFolder(at: path)
  } else {
    try? fileSystem.removeFile(at: path)
  }
}

/// Creates a new file at `path` (replacing a file there, never following a link there), without
/// syncing it: Foundation's Data.write syncs every file to disk, which costs more than the rest of
/// the write stage and buys nothing for a site that can be rebuilt. Returns 0, or the `errno` of the
/// failure (a file that could not be written whole is removed).
func writeFile(_ bytes: Data, to path: String, in fileSystem: any WritableFileSystem) -> Int32 {
  let code = errorCode { () throws(FileError) in try fileSystem.createFile(at: path, bytes: bytes) }
  guard code == EEXIST else { return code }
  return errorCode { () throws(FileError) in
    try fileSystem.removeFile(at: path)
    try fileSystem.createFile(at: path, bytes: bytes)
  }
}

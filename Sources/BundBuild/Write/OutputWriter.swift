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
  /// Moves a file or folder (`rename`), giving 0 or an `errno`. Tests inject failures here.
  let move: @Sendable (String, String) -> Int32
  /// Tests only: the commit stops dead after this many moves, as if the process were killed.
  let killAfterMoves: Int?

  public init(directory: String) {
    self.init(directory: directory, move: { rename($0, $1) == 0 ? 0 : errno })
  }

  init(
    directory: String, move: @escaping @Sendable (String, String) -> Int32, killAfterMoves: Int? = nil
  ) {
    self.directory = directory
    self.move = move
    self.killAfterMoves = killAfterMoves
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
    /// The locked descriptor of the output folder; closed by `commit` or `discard`.
    let lock: Int32

    /// Writes one file into staging (unless the output folder already holds the same bytes).
    public func stage(_ file: OutputFile) -> StagedFile {
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
      if let reserved = file.path.split(separator: "/").first(where: OutputWriter.isReserved) {
        staged.problem = "refused to write '\(file.path)': '\(reserved)' is a name bund keeps for itself"
        return staged
      }
      if let source = file.copyFrom { return stageCopy(of: source, as: staged) }
      if existing.files.contains(file.path), let current = readFile(directory + "/" + file.path),
        current == file.bytes
      {
        staged.unchanged = true
        return staged
      }
      let path = tree + "/" + file.path
      let code = OutputWriter.inFolder(of: path) { writeFile(file.bytes, to: path) }
      if code != 0 { staged.problem = "cannot write '\(path)': \(String(cString: strerror(code)))" }
      return staged
    }

    /// Stages a copy of a file on disk, streamed in blocks (unless the output holds the same bytes).
    func stageCopy(of source: String, as file: StagedFile) -> StagedFile {
      var staged = file
      let input = open(source, O_RDONLY | O_CLOEXEC)
      guard input >= 0 else {
        staged.problem = "cannot read '\(source)': \(OutputWriter.reason(errno))"
        return staged
      }
      defer { close(input) }
      var info = stat()
      if fstat(input, &info) == 0 { staged.byteCount = Int(info.st_size) }
      if existing.files.contains(file.path), sameBytes(input, directory + "/" + file.path) {
        staged.unchanged = true
        return staged
      }
      lseek(input, 0, SEEK_SET)
      let path = tree + "/" + file.path
      let code = OutputWriter.inFolder(of: path) { copyFile(input, to: path) }
      if code != 0 { staged.problem = "cannot write '\(path)': \(String(cString: strerror(code)))" }
      return staged
    }
  }

  /// Locks the output folder, undoes what a killed build left, and gets staging ready.
  public func beginStaging() -> Result<Staging, Diagnostic> {
    var info = stat()
    var createdOutput = false
    if stat(directory, &info) != 0 {
      guard errno == ENOENT else {
        return .failure(.error("cannot open the output folder '\(directory)': \(Self.reason(errno))"))
      }
      Self.makeFolder(Substring(directory))
      guard stat(directory, &info) == 0 else {
        return .failure(.error("cannot create the output folder '\(directory)': \(Self.reason(errno))"))
      }
      createdOutput = true
    }
    guard info.st_mode & S_IFMT == S_IFDIR else {
      return .failure(
        .error("the output folder '\(directory)' is a file, not a folder; choose another --output or move it")
      )
    }
    let lock: Int32
    switch OutputLock.acquire(directory, staging: stagingPath) {
    case .success(let descriptor): lock = descriptor
    case .failure(let problem): return .failure(problem)
    }
    func fail(_ problem: Diagnostic) -> Result<Staging, Diagnostic> {
      close(lock)
      return .failure(problem)
    }
    if let problem = recoverKilledBuild() { return fail(problem) }
    let previous: Set<String>
    switch readManifest() {
    case .success(let names): previous = names
    case .failure(let problem): return fail(problem)
    }
    let snapshot = OutputSnapshot(of: directory)
    let tree = stagingPath + "/tree"
    guard mkdir(stagingPath, 0o755) == 0, mkdir(tree, 0o755) == 0 else {
      return fail(.error("cannot create '\(stagingPath)': \(Self.reason(errno))"))
    }
    let identity = "\(Self.stagingMagic)\nprocess \(getpid())\n"
    let code = writeFile(Data(identity.utf8), to: stagingPath + "/build")
    guard code == 0 else {
      return fail(.error("cannot write in the output folder '\(directory)': \(Self.reason(code))"))
    }
    return .success(
      Staging(
        directory: directory, tree: tree, existing: snapshot, previous: previous,
        createdOutput: createdOutput, lock: lock))
  }

  /// Undoes the pages of a failed build: the output folder is left as it was before.
  public func discard(_ staging: Staging) {
    removeTree(stagingPath)
    if staging.createdOutput { rmdir(directory) }
    close(staging.lock)
  }

  /// Tests only: ends the build as a killed process would, leaving staging behind.
  func abandon(_ staging: Staging) {
    close(staging.lock)
  }

  /// Stages the build's other files too (feeds, indexes, assets), then moves everything into place,
  /// removes what earlier builds made and this one does not, and updates the manifest: all or
  /// nothing (see the type's documentation).
  public func commit(_ staging: Staging, staged: [StagedFile], files: [OutputFile]) async -> Report {
    var report = Report()
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
    let current = Set(all.map(\.path))
    report.unchanged = all.filter(\.unchanged).count
    report.written = all.count - report.unchanged
    let stale = staging.previous.subtracting(current).filter {
      PathRules.isInside($0) && (staging.existing.files.contains($0) || staging.existing.links.contains($0))
    }
    let manifest = current.sorted().joined(separator: "\n") + "\n"
    let manifestChanged = readFile(directory + "/" + Self.manifestName) != Data(manifest.utf8)
    if manifestChanged {
      let code = writeFile(Data(manifest.utf8), to: stagingPath + "/manifest")
      guard code == 0 else {
        report.diagnostics.append(
          .error("cannot write the list of files bund wrote in '\(stagingPath)': \(Self.reason(code))"))
        discard(staging)
        return report
      }
    }

    var plan = CommitPlan(directory: directory, staging: stagingPath, snapshot: staging.existing)
    plan.retire(stale.sorted())
    plan.placeTree(stale: stale)
    if manifestChanged { plan.placeManifest() }
    guard plan.problems.isEmpty else {
      report.diagnostics += plan.problems
      discard(staging)
      return report
    }
    let journalCode = writeFile(Data(plan.journal.utf8), to: stagingPath + "/journal")
    guard journalCode == 0 else {
      report.diagnostics.append(
        .error("cannot write the journal in '\(stagingPath)': \(Self.reason(journalCode))"))
      discard(staging)
      return report
    }
    var executor = CommitExecutor(move: move, killAfterMoves: killAfterMoves)
    switch executor.run(plan.operations) {
    case .killed:
      abandon(staging)
      return report
    case .failed(let problem):
      let notRestored = executor.undo(plan.operations[..<executor.done])
      report.diagnostics.append(problem)
      if !notRestored.isEmpty {
        report.diagnostics.append(
          .error(
            "\(notRestored.count) of the files already moved could not be put back; '\(directory)' is partly changed. Run the build again once the cause is fixed: its journal is kept in '\(stagingPath)'",
            notes: notRestored.prefix(5).map { "'\($0)'" }))
        abandon(staging)
        return report
      }
      discard(staging)
      return report
    case .done:
      break
    }
    // The commit is final once the journal is gone: a build killed after this point is complete.
    unlink(stagingPath + "/journal")
    for path in stale.sorted() { removeEmptyFolders(above: path) }
    report.removed = stale.count
    report.diagnostics += Self.vanishedPages(stale)
    removeTree(stagingPath)
    close(staging.lock)
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
    var info = stat()
    guard lstat(stagingPath, &info) == 0 else { return nil }
    let identity = readFile(stagingPath + "/build").map { String(decoding: $0, as: UTF8.self) }
    guard info.st_mode & S_IFMT == S_IFDIR, identity?.hasPrefix(Self.stagingMagic + "\n") == true else {
      return .error(
        "'\(stagingPath)' was not made by this version of bund (bund keeps names starting with '.bund-' for itself); move it out of the output folder and build again"
      )
    }
    if let journal = readFile(stagingPath + "/journal") {
      let operations = CommitPlan.operations(
        journal: String(decoding: journal, as: UTF8.self), directory: directory, staging: stagingPath)
      let executor = CommitExecutor(move: move, killAfterMoves: nil)
      let notRestored = executor.undo(operations[...])
      guard notRestored.isEmpty else {
        return .error(
          "a killed build left '\(directory)' partly changed and \(notRestored.count) files could not be put back; its journal is in '\(stagingPath)/journal'",
          notes: notRestored.prefix(5).map { "'\($0)'" })
      }
      unlink(stagingPath + "/journal")
    }
    removeTree(stagingPath)
    return nil
  }

  private func readManifest() -> Result<Set<String>, Diagnostic> {
    let path = directory + "/" + Self.manifestName
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
    if descriptor < 0 {
      if errno == ENOENT { return .success([]) }
      return .failure(
        .error(
          "cannot read '\(path)', the list of files bund wrote: \(Self.reason(errno)); fix its permissions, or delete it (bund then keeps every file already in the folder, with a warning)"
        ))
    }
    guard let data = readAll(descriptor) else {
      let code = errno
      close(descriptor)
      return .failure(.error("cannot read '\(path)', the list of files bund wrote: \(Self.reason(code))"))
    }
    close(descriptor)
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
      guard rmdir(directory + "/" + parts.joined(separator: "/")) == 0 else { return }
      parts = parts.dropLast()
    }
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

  static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}

/// What the output folder holds, walked once at the start of a build without following links.
struct OutputSnapshot: Sendable {
  var files: Set<String> = []
  var folders: Set<String> = []
  var links: Set<String> = []

  init(of directory: String) {
    FolderWalk.walk(directory, in: DiskFileSystem()) { item, info in
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

/// Block size for streamed copies and comparisons.
private let blockSize = 1 << 20

/// Whether the file at `path` (a link is not followed) holds exactly the bytes left to read from
/// `descriptor`, compared block by block.
private func sameBytes(_ descriptor: Int32, _ path: String) -> Bool {
  let other = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
  guard other >= 0 else { return false }
  defer { close(other) }
  var left = stat()
  var right = stat()
  guard fstat(descriptor, &left) == 0, fstat(other, &right) == 0, right.st_mode & S_IFMT == S_IFREG,
    left.st_size == right.st_size
  else { return false }
  var first = [UInt8](repeating: 0, count: blockSize)
  var second = [UInt8](repeating: 0, count: blockSize)
  while true {
    let count = first.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, blockSize) }
    if count < 0 { return false }
    if count == 0 { return true }
    var filled = 0
    while filled < count {
      let got = second.withUnsafeMutableBytes {
        read(other, $0.baseAddress.map { $0 + filled }, count - filled)
      }
      if got <= 0 { return false }
      filled += got
    }
    if first[..<count] != second[..<count] { return false }
  }
}

/// Copies what is left to read from `descriptor` into a new file at `path` (a link there is not
/// followed), block by block; 0 or the `errno` of the failure (a partial copy is removed).
private func copyFile(_ descriptor: Int32, to path: String) -> Int32 {
  let output = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
  guard output >= 0 else { return errno }
  var buffer = [UInt8](repeating: 0, count: blockSize)
  var code: Int32 = 0
  while true {
    let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, blockSize) }
    if count < 0 { code = errno }
    if count <= 0 { break }
    let ok = buffer.withUnsafeBytes { writeAll(output, UnsafeRawBufferPointer(rebasing: $0[..<count])) }
    if !ok {
      code = errno == 0 ? EIO : errno
      break
    }
  }
  close(output)
  if code != 0 { unlink(path) }
  return code
}

/// Removes a file or a folder with everything in it; links are removed, never followed.
func removeTree(_ path: String) {
  var info = stat()
  guard lstat(path, &info) == 0 else { return }
  if info.st_mode & S_IFMT == S_IFDIR {
    for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
      removeTree(path + "/" + name)
    }
    rmdir(path)
  } else {
    unlink(path)
  }
}

/// The bytes of a regular file (a link is not followed), or nil.
func readFile(_ path: String) -> Data? {
  let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
  guard descriptor >= 0 else { return nil }
  defer { close(descriptor) }
  return readAll(descriptor)
}

private func readAll(_ descriptor: Int32) -> Data? {
  var info = stat()
  guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
  var data = Data(count: Int(info.st_size))
  var offset = 0
  let ok = data.withUnsafeMutableBytes { buffer -> Bool in
    while offset < buffer.count {
      let count = read(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
      if count < 0 { return false }
      if count == 0 { break }
      offset += count
    }
    return true
  }
  guard ok else { return nil }
  if offset < data.count { data.removeSubrange(offset...) }
  return data
}

/// Creates a new file (replacing one at `path`, never following a link there) with plain
/// open/write/close: Foundation's Data.write syncs every file to disk, which costs more than the rest
/// of the write stage and buys nothing for a site that can be rebuilt. Returns 0, or the `errno` of
/// the failure (a file that could not be written whole is removed).
func writeFile(_ bytes: Data, to path: String) -> Int32 {
  let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
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

import BundCore
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One step of a commit: a file of the last build moved aside (`retire`), a staged file or folder
/// moved into place (`place`), the manifest replaced. Each names its three paths, so the same
/// description serves to run it, to undo it and to write it in the journal.
struct CommitOperation: Sendable, Hashable {
  enum Kind: String, Sendable { case retire, place, manifest }
  var kind: Kind
  /// Path below the output folder (for the manifest, its name).
  var path: String
  /// The output folder already holds something at `path` that this step replaces.
  var replacing: Bool
  /// Where the step's file comes from, where it goes, and where the replaced one is kept.
  var source: String
  var target: String
  var backup: String
}

/// Plans the renames of a commit before any is made: what to move aside, what to move in, and the
/// problems that forbid it (a link inside the output folder where the site needs a folder, a
/// foreign file where it needs a folder).
struct CommitPlan {
  let directory: String
  let staging: String
  let snapshot: OutputSnapshot
  let fileSystem: any WritableFileSystem
  private(set) var operations: [CommitOperation] = []
  private(set) var problems: [Diagnostic] = []

  init(directory: String, staging: String, snapshot: OutputSnapshot, fileSystem: any WritableFileSystem) {
    self.directory = directory
    self.staging = staging
    self.snapshot = snapshot
    self.fileSystem = fileSystem
  }

  static func operation(
    _ kind: CommitOperation.Kind, _ path: String, replacing: Bool, directory: String, staging: String
  ) -> CommitOperation {
    switch kind {
    case .retire:
      return CommitOperation(
        kind: kind, path: path, replacing: true, source: directory + "/" + path,
        target: staging + "/old/" + path, backup: staging + "/old/" + path)
    case .place:
      return CommitOperation(
        kind: kind, path: path, replacing: replacing, source: staging + "/tree/" + path,
        target: directory + "/" + path, backup: staging + "/old/" + path)
    case .manifest:
      return CommitOperation(
        kind: kind, path: OutputWriter.manifestName, replacing: replacing, source: staging + "/manifest",
        target: directory + "/" + OutputWriter.manifestName, backup: staging + "/old-manifest")
    }
  }

  private mutating func add(_ kind: CommitOperation.Kind, _ path: String, replacing: Bool) {
    operations.append(
      Self.operation(kind, path, replacing: replacing, directory: directory, staging: staging))
  }

  /// What `retire` moves aside: stale files and links, and folders retired whole.
  private(set) var retired: Set<String> = []

  /// Files of the last build that this one no longer makes (`stale`): moved aside first. Where
  /// this build writes a file (`current`) and the output holds a folder, the folder is moved aside
  /// whole when everything in it is stale and every folder in it holds something stale (so no
  /// foreign file or empty folder goes with it): a file cannot be renamed onto a folder.
  mutating func retire(_ stale: Set<String>, current: Set<String>) {
    var folders: Set<String> = []
    for path in current where snapshot.folders.contains(path) {
      let prefix = path + "/"
      let inside = snapshot.files.union(snapshot.links).filter { $0.hasPrefix(prefix) }
      guard !inside.isEmpty, inside.allSatisfy(stale.contains) else { continue }
      let holdsStale = snapshot.folders.filter { $0.hasPrefix(prefix) }.allSatisfy { folder in
        inside.contains { $0.hasPrefix(folder + "/") }
      }
      if holdsStale { folders.insert(path) }
    }
    retired = folders.union(
      stale.filter { path in !folders.contains { path.hasPrefix($0 + "/") } })
    for path in retired.sorted() { add(.retire, path, replacing: true) }
  }

  /// Everything staged, walked from the top: a staged file or folder with nothing in its place in
  /// the output (or only what `retire` moved aside) moves in with one rename; a folder present in
  /// both is entered.
  mutating func placeTree() {
    visit("", stale: retired)
  }

  mutating func placeManifest() {
    let present = snapshot.files.contains(OutputWriter.manifestName)
    add(.manifest, OutputWriter.manifestName, replacing: present)
  }

  private mutating func visit(_ folder: String, stale: Set<String>) {
    let absolute = staging + "/tree" + (folder.isEmpty ? "" : "/" + folder)
    let names = (fileSystem.names(inFolder: absolute) ?? []).sorted()
    for name in names {
      let path = folder.isEmpty ? name : folder + "/" + name
      guard let info = fileSystem.info(at: absolute + "/" + name, followingLinks: false) else { continue }
      let stagedFolder = info.kind == .folder
      let shown = directory + "/" + path
      if snapshot.folders.contains(path) && !stale.contains(path) {
        if stagedFolder {
          visit(path, stale: stale)
        } else {
          problems.append(
            .error(
              "cannot write '\(shown)': the output folder holds a folder there that bund did not make; move it away and build again"
            ))
        }
      } else if snapshot.links.contains(path) && !stale.contains(path) {
        if stagedFolder {
          problems.append(
            .error(
              "'\(shown)' is a symbolic link; bund never writes through a link inside the output folder. Replace it with a real folder (rm '\(shown)') and build again"
            ))
        } else {
          add(.place, path, replacing: true)
        }
      } else if snapshot.files.contains(path) && !stale.contains(path) {
        if stagedFolder {
          problems.append(
            .error(
              "cannot write the folder '\(shown)/': a file bund did not write is in its place; move it away and build again"
            ))
        } else {
          add(.place, path, replacing: true)
        }
      } else {
        add(.place, path, replacing: false)
      }
    }
  }

  /// The plan as the journal stores it: one operation a line, `kind<TAB>replacing<TAB>path`.
  var journal: String {
    operations.map { "\($0.kind.rawValue)\t\($0.replacing ? 1 : 0)\t\($0.path)\n" }.joined()
  }

  /// Reads a journal back. Only lines whole to their newline are read: a journal cut short by a
  /// kill while it was written (before any rename) may end in part of a line, which could name
  /// another path. Lines that do not parse are skipped.
  static func operations(journal: String, directory: String, staging: String) -> [CommitOperation] {
    let whole = journal.lastIndex(of: "\n").map { journal[...$0] } ?? ""
    return whole.split(separator: "\n").compactMap { line in
      let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
      guard fields.count == 3, let kind = CommitOperation.Kind(rawValue: String(fields[0])),
        PathRules.isInside(String(fields[2]))
      else { return nil }
      return operation(
        kind, String(fields[2]), replacing: fields[1] == "1", directory: directory, staging: staging)
    }
  }
}

/// Runs a plan's operations in order and undoes them; the undo reads the state of the file system,
/// so it also repairs a commit that was killed at any point.
struct CommitExecutor {
  enum Outcome {
    case done
    case failed(Diagnostic)
  }

  let fileSystem: any WritableFileSystem
  /// Operations completed.
  private(set) var done = 0
  /// Operations begun: one more than `done` after a failure, whose first rename (the replaced file
  /// moved aside where it could not be linked) may have been made.
  var begun: Int { failed ? done + 1 : done }
  private var failed = false

  init(fileSystem: any WritableFileSystem) {
    self.fileSystem = fileSystem
  }

  /// Moves a file or folder (`rename`), giving 0 or an `errno`.
  private func move(_ source: String, _ target: String) -> Int32 {
    errorCode { () throws(FileError) in try fileSystem.rename(source, to: target) }
  }

  private func moveInto(_ source: String, _ target: String) -> Int32 {
    OutputWriter.inFolder(of: target, in: fileSystem) { move(source, target) }
  }

  mutating func run(_ operations: [CommitOperation]) -> Outcome {
    for operation in operations {
      if operation.replacing && operation.kind != .retire {
        // Keep the file being replaced: a hard link costs one call and leaves no moment in which
        // the output lacks the file; where links are not possible, it is moved aside.
        let kept = OutputWriter.inFolder(of: operation.backup, in: fileSystem) {
          errorCode { () throws(FileError) in try fileSystem.hardLink(operation.target, at: operation.backup)
          }
        }
        if kept != 0 {
          let code = moveInto(operation.target, operation.backup)
          if code != 0 { return failure(operation, code) }
        }
      }
      let code = moveInto(operation.source, operation.target)
      if code != 0 { return failure(operation, code) }
      done += 1
    }
    return .done
  }

  private mutating func failure(_ operation: CommitOperation, _ code: Int32) -> Outcome {
    failed = true
    let what =
      operation.kind == .retire
      ? "cannot remove '\(operation.source)', which this build no longer makes"
      : "cannot move '\(operation.path)' into place at '\(operation.target)'"
    return .failed(
      .error(
        "\(what): \(OutputWriter.reason(code)); every file already moved was put back, so the output folder is as it was"
      ))
  }

  /// Undoes `operations`, last first; returns the paths that could not be put back.
  ///
  /// Each step is undone from what the file system shows, so the undo serves after a failure and
  /// after a kill at any point, and undoing twice changes nothing. It relies on one rule the writer
  /// keeps: while the journal exists, nothing in staging is removed (commit, discard and recovery
  /// remove the journal first), so a step's source is gone only because the step moved it.
  ///
  /// Undone last first, each step finds the output as that step left it:
  /// - `retire`: its file is at the backup and not in the output: moved back.
  /// - `place` of something new (`replacing` false): its source is gone, so it moved in: moved back
  ///   to its source. Its backup is not looked at: a retire of the same path (a stale file where a
  ///   folder is staged now) keeps the old file at that path, and the retire's own undo, after this
  ///   one, puts it back.
  /// - `place` or `manifest` replacing a file: its source is gone, so the new file is in: the kept
  ///   file goes back over it. With the source still there, the kept file (linked or moved aside)
  ///   goes back only when the output lacks the file. With neither source nor backup there is
  ///   nothing to put back, and the file in the output is left alone (never moved into staging,
  ///   which is about to be removed).
  func undo(_ operations: ArraySlice<CommitOperation>) -> [String] {
    var failed: [String] = []
    for operation in operations.reversed() {
      let code: Int32
      switch operation.kind {
      case .retire:
        code =
          exists(operation.backup) && !exists(operation.source)
          ? moveInto(operation.backup, operation.source) : 0
      case .place, .manifest:
        let ran = !exists(operation.source)
        if !operation.replacing {
          code = ran && exists(operation.target) ? moveInto(operation.target, operation.source) : 0
        } else if exists(operation.backup) && (ran || !exists(operation.target)) {
          code = move(operation.backup, operation.target)
        } else {
          code = 0
        }
      }
      if code != 0 { failed.append(operation.target) }
    }
    return failed
  }

  private func exists(_ path: String) -> Bool {
    fileSystem.info(at: path, followingLinks: false) != nil
  }
}

/// One build at a time per output folder: an exclusive `flock` on the folder itself, held until the
/// build commits or discards (and released by the kernel if the process dies).
enum OutputLock {
  static func acquire(_ directory: String, staging: String, in fileSystem: any WritableFileSystem) -> Result<
    FolderLock, Diagnostic
  > {
    do {
      return .success(try fileSystem.lockFolder(at: directory))
    } catch {
      switch (error.call, error.error.code) {
      case (.lock, EWOULDBLOCK):
        break
      case (.lock, let code):
        return .failure(
          .error(
            "cannot lock the output folder '\(directory)': \(OutputWriter.reason(code)); bund locks it so that two builds never write it at once. Choose an output folder on a file system that supports locks (flock), such as a local disk"
          ))
      case (.open, let code):
        return .failure(.error("cannot open the output folder '\(directory)': \(OutputWriter.reason(code))"))
      }
    }
    let identity =
      (try? fileSystem.readFile(at: staging + "/build")).map { String(decoding: $0, as: UTF8.self) } ?? ""
    let process = identity.split(separator: "\n").first { $0.hasPrefix("process ") }.map {
      " (\($0))"
    }
    return .failure(
      .error(
        "another bund build\(process ?? "") is writing to '\(directory)'; wait until it has finished, or stop it, and build again"
      ))
  }
}

import BundBuild
import BundCore
import Foundation

/// `bund serve`: builds the site into memory, serves it (on 127.0.0.1 unless told otherwise), watches
/// `Content/` and `Templates/`, rebuilds on every change and tells open pages to reload. Nothing is
/// written to disk.
public struct DevServer: Sendable {
  public var options: BuildOptions
  /// The address to listen on: `127.0.0.1` by default; `0.0.0.0` reaches the whole network.
  public var host: String
  public var port: UInt16
  /// How often the folders are checked for changes.
  public var pollInterval: Duration
  /// How long a client may take to send its request (and stay silent before it).
  public var requestTimeout: Duration = .seconds(10)
  /// How many connections are served at once; more wait until one closes.
  public var maxConnections = 128

  public init(
    options: BuildOptions, host: String = "127.0.0.1", port: UInt16 = 8080,
    pollInterval: Duration = .milliseconds(100)
  ) {
    self.options = options
    self.host = host
    self.port = port
    self.pollInterval = pollInterval
  }

  /// One finished build, as serve reports it.
  public struct Build: Sendable {
    public var report: BuildReport
    /// What the build took from the one before.
    public var reuse: ReuseCounts
    public var duration: Duration
    public var isFirst: Bool
    /// Whether a good build is being served (false while every build so far has failed).
    public var hasGoodBuild: Bool
    /// Warnings that the build before did not have (all of them on the first build).
    public var newWarnings: [Diagnostic]
    public var warningCount: Int { report.diagnostics.filter { $0.severity == .warning }.count }
  }

  /// Why serve could not start listening.
  public enum StartError: Error, Equatable, CustomStringConvertible {
    case portInUse(UInt16)
    case cannotListen(String, UInt16, String)

    public var description: String {
      switch self {
      case .portInUse(let port):
        return "port \(port) is in use; try --port \(port == UInt16.max ? port - 1 : port + 1)"
      case .cannotListen(let host, let port, let reason):
        return "cannot listen on \(host):\(port): \(reason); check --bind and --port"
      }
    }
  }

  /// Whether an address given to `--bind` reaches only this machine.
  public static func isLoopback(_ address: String) -> Bool { HostCheck.isLoopback(address) }

  /// Serves until the task is cancelled. `onBuild` hears every build (the first one included) and
  /// `onListening` the address once the server accepts connections.
  public func run(
    onListening: @escaping @Sendable (String) async -> Void,
    onBuild: @escaping @Sendable (Build) async -> Void
  ) async throws {
    let site = ServedSite(basePath: options.baseURL.map(Self.path(of:)) ?? "/")
    var limits = RequestHeadGuard.Limits()
    limits.headTimeout = .init(requestTimeout)
    let listener = HTTPListener(
      host: host, port: Int(port), limits: limits, maxConnections: maxConnections)
    let channel: HTTPListener.Channel
    do {
      channel = try await listener.bind()
    } catch HTTPListener.StartError.portInUse {
      throw StartError.portInUse(port)
    } catch HTTPListener.StartError.cannotListen(_, _, let reason) {
      throw StartError.cannotListen(host, port, reason)
    }
    var firstBuild = IncrementalBuild(options: options)
    try await rebuild(site, with: &firstBuild, onBuild: onBuild, isFirst: true)
    let initialBuild = firstBuild
    let router = Router(site: site)
    let hosts = HostCheck(bindAddress: host, port: Int(port))
    // A wildcard address is not one to open: show the loopback one (others work too).
    let shownHost =
      switch host {
      case "0.0.0.0": "127.0.0.1"
      case "::", "[::]": "[::1]"
      default: host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
      }
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await listener.serve(channel, router: router, hosts: hosts) }
      group.addTask {
        await onListening("http://\(shownHost):\(port)\(await site.basePath)")
        let watcher = FolderWatcher(folders: [options.contentDirectory, options.templatesDirectory])
        var incremental = initialBuild
        while !Task.isCancelled {
          try await Task.sleep(for: watcher.isEventDriven ? .milliseconds(5) : pollInterval)
          if var changes = watcher.changes() {
            // An editor's save can be several writes: let them land, then build once.
            try await Task.sleep(for: .milliseconds(2))
            if let more = watcher.changes() { changes.formUnion(more) }
            // One page's body edited: show it at once, made from the last good build; the full
            // incremental build below then brings every other output (and any problem) up to date.
            var fast: OutputFile?
            if !changes.structural, changes.paths.count == 1, let path = changes.paths.first {
              fast = incremental.renderEdit(of: path)
              if let fast { await site.updatePage(fast) }
            }
            try await rebuild(site, with: &incremental, onBuild: onBuild, quietIfSame: fast != nil)
          }
        }
      }
      defer { group.cancelAll() }
      do {
        try await group.next()
      } catch is CancellationError {
      }
      await site.finishAll()
    }
  }

  /// Rebuilds in memory, redoing only what changed since the cached build. With `quietIfSame`
  /// (the page was shown by the fast path already), browsers reload only if the build changed a page
  /// or its problems.
  private func rebuild(
    _ site: ServedSite, with incremental: inout IncrementalBuild, onBuild: @Sendable (Build) async -> Void,
    isFirst: Bool = false, quietIfSame: Bool = false
  ) async throws {
    let start = ContinuousClock.now
    let outcome = await incremental.run()
    let report = outcome.report
    let before = await site.problems.map(\.diagnostic)
    let problems = ProblemPanel.problems(report.diagnostics)
    await site.update(
      report: report, problems: problems, files: outcome.files, rendered: outcome.renderedPages,
      basePath: incremental.lastGoodBaseURL.map(Self.path(of:)), quietIfSame: quietIfSame)
    let newWarnings = report.diagnostics.filter {
      $0.severity == .warning && (isFirst || !before.contains($0))
    }
    await onBuild(
      Build(
        report: report, reuse: outcome.reuse, duration: ContinuousClock.now - start, isFirst: isFirst,
        hasGoodBuild: await site.hasGoodBuild, newWarnings: newWarnings))
  }

  /// The path part of a base URL: `https://example.org/invest/` → `/invest/`.
  static func path(of baseURL: String) -> String {
    guard let components = URLComponents(string: baseURL), !components.path.isEmpty else { return "/" }
    return components.path.hasSuffix("/") ? components.path : components.path + "/"
  }
}

/// Tells when anything below some folders has changed since it last asked: from inotify events on
/// Linux (new folders are watched as they appear), elsewhere by comparing every file's modification
/// time and size.
final class FolderWatcher {
  let folders: [String]
  private var snapshot: [String: FileStamp] = [:]
  #if os(Linux)
    private var descriptor: Int32 = -1
    private var watched: [Int32: String] = [:]
    /// The watches of the folders themselves (`Content/`, `Templates/`).
    private var roots: Set<Int32> = []
  #endif

  /// Whether changes arrive as events (cheap to ask often) rather than from a scan.
  var isEventDriven: Bool {
    #if os(Linux)
      descriptor >= 0
    #else
      false
    #endif
  }

  init(folders: [String]) {
    self.folders = folders
    #if os(Linux)
      if startWatching() { return }
    #endif
    snapshot = Self.scan(folders)
  }

  deinit {
    #if os(Linux)
      if descriptor >= 0 { close(descriptor) }
    #endif
  }

  /// What changed below the folders: the paths, and whether anything was made, removed or moved
  /// (then the paths may be incomplete).
  struct Changes {
    var paths: Set<String> = []
    var structural = false

    mutating func formUnion(_ other: Changes) {
      paths.formUnion(other.paths)
      structural = structural || other.structural
    }
  }

  /// What changed since the last call (or since `init`), or nil when nothing did.
  func changes() -> Changes? {
    #if os(Linux)
      if descriptor >= 0 { return drainEvents() }
    #endif
    let current = Self.scan(folders)
    defer { snapshot = current }
    guard current != snapshot else { return nil }
    var changes = Changes()
    changes.structural = Set(current.keys) != Set(snapshot.keys)
    for (path, stamp) in current where snapshot[path] != stamp { changes.paths.insert(path) }
    return changes
  }

  #if os(Linux)
    private static let mask = UInt32(
      IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB
        | IN_DELETE_SELF | IN_MOVE_SELF)

    /// Watches every folder below the roots; false (and no watching) when one cannot be watched.
    private func startWatching() -> Bool {
      if descriptor >= 0 { close(descriptor) }
      watched = [:]
      roots = []
      descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
      guard descriptor >= 0 else { return false }
      for folder in folders {
        guard let watch = watchTree(folder) else {
          close(descriptor)
          descriptor = -1
          return false
        }
        roots.insert(watch)
      }
      return true
    }

    /// Watches a folder and every folder below it; the folder's watch, or nil if any failed (a
    /// missing folder, or the system's limit on watches).
    @discardableResult
    private func watchTree(_ folder: String) -> Int32? {
      let watch = inotify_add_watch(descriptor, folder, Self.mask)
      guard watch >= 0 else { return nil }
      watched[watch] = folder
      var failed = false
      FolderWalk.visit(folder) { relative, isFolder, _ in
        guard isFolder, !failed else { return false }
        let path = folder + "/" + relative
        let inner = inotify_add_watch(descriptor, path, Self.mask)
        guard inner >= 0 else {
          failed = true
          return false
        }
        watched[inner] = path
        return true
      }
      return failed ? nil : watch
    }

    /// Reads every pending event, or nil if there was none. A new folder gets watched (with what is
    /// already inside it); an overflowing queue counts as a structural change.
    private func drainEvents() -> Changes? {
      var changed = false
      var changes = Changes()
      var lostTrack = false
      var buffer = [UInt8](repeating: 0, count: 64 * 1024)
      while true {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { break }
        changed = true
        var offset = 0
        while offset + MemoryLayout<inotify_event>.size <= count {
          let (watch, mask, nameLength) = buffer.withUnsafeBytes { bytes in
            let event = bytes.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
            return (event.wd, event.mask, Int(event.len))
          }
          let nameStart = offset + MemoryLayout<inotify_event>.size
          let nameBytes = buffer[nameStart..<min(count, nameStart + nameLength)].prefix { $0 != 0 }
          let name = String(decoding: nameBytes, as: UTF8.self)
          if mask
            & UInt32(IN_Q_OVERFLOW | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF)
            != 0
          {
            changes.structural = true
          }
          // Events were lost, or Content/ or Templates/ itself was removed or moved: its watch is
          // gone, so watch everything again from the roots.
          if mask & UInt32(IN_Q_OVERFLOW) != 0
            || (roots.contains(watch) && mask & UInt32(IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF) != 0)
          {
            lostTrack = true
          }
          if let parent = watched[watch], !name.isEmpty {
            changes.paths.insert(parent + "/" + name)
            if mask & UInt32(IN_ISDIR) != 0, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0,
              watchTree(parent + "/" + name) == nil
            {
              lostTrack = true
            }
          }
          offset = nameStart + nameLength
        }
      }
      if lostTrack && !startWatching() {
        snapshot = Self.scan(folders)  // a root is missing or watches ran out: compare scans from now on
      }
      return changed ? changes : nil
    }
  #endif

  /// Modification time and size of every file and folder below the folders.
  static func scan(_ folders: [String]) -> [String: FileStamp] {
    var entries: [String: FileStamp] = [:]
    for folder in folders {
      FolderWalk.visit(folder) { relative, _, stamp in
        entries[folder + "/" + relative] = stamp
        return true
      }
    }
    return entries
  }
}

import BundBuild
import BundCore
import FlyingFox
import Foundation

/// `bund serve`: builds the site into memory, serves it on 127.0.0.1, watches `Content/` and
/// `Templates/`, rebuilds on every change and tells open pages to reload. Nothing is written to disk.
public struct DevServer: Sendable {
  public var options: BuildOptions
  public var port: UInt16
  /// How often the folders are checked for changes.
  public var pollInterval: Duration

  public init(options: BuildOptions, port: UInt16 = 8080, pollInterval: Duration = .milliseconds(100)) {
    self.options = options
    self.port = port
    self.pollInterval = pollInterval
  }

  /// Serves until the task is cancelled. `onBuild` hears every build (the first one included) and
  /// `onListening` the address once the server accepts connections.
  public func run(
    onListening: @escaping @Sendable (String) async -> Void,
    onBuild: @escaping @Sendable (BuildReport, Duration) async -> Void
  ) async throws {
    let site = ServedSite()
    var firstCache = BuildCache()
    try await rebuild(site, cache: &firstCache, onBuild: onBuild)
    let initialCache = firstCache
    let server = HTTPServer(
      address: try .inet(ip4: "127.0.0.1", port: port), timeout: 3600, logger: .disabled)
    let router = Router(site: site)
    await server.appendRoute("GET /__bund/events") { _ in await router.events() }
    await server.appendRoute("GET /*") { request in
      await router.respond(to: request.target.path(percentEncoded: false))
    }
    await server.appendRoute("HEAD /*") { request in
      await router.respond(to: request.target.path(percentEncoded: false))
    }
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await server.run() }
      group.addTask {
        try await server.waitUntilListening()
        await onListening("http://127.0.0.1:\(port)/")
        var snapshot = FolderSnapshot(folders: [options.contentDirectory, options.templatesDirectory])
        var cache = initialCache
        var beats = 0
        while !Task.isCancelled {
          try await Task.sleep(for: pollInterval)
          let current = FolderSnapshot(folders: [options.contentDirectory, options.templatesDirectory])
          if current != snapshot {
            snapshot = current
            try await rebuild(site, cache: &cache, onBuild: onBuild)
          }
          beats += 1
          if beats % 100 == 0 { await site.heartbeat() }
        }
      }
      defer { group.cancelAll() }
      do {
        try await group.next()
      } catch is CancellationError {
      }
      await site.finishAll()
      await server.stop(timeout: 1)
    }
  }

  /// Rebuilds in memory, redoing only what changed since the cached build.
  private func rebuild(
    _ site: ServedSite, cache: inout BuildCache, onBuild: @Sendable (BuildReport, Duration) async -> Void
  ) async throws {
    let start = ContinuousClock.now
    let (report, files) = await Builder(options: options).render(reusing: &cache)
    await site.update(report: report, files: files)
    await onBuild(report, ContinuousClock.now - start)
  }
}

/// Modification times and sizes of every file below some folders: a change in any is a change.
struct FolderSnapshot: Equatable {
  var entries: [String: [Double]] = [:]

  init(folders: [String]) {
    for folder in folders {
      guard let enumerator = FileManager.default.enumerator(atPath: folder) else { continue }
      while let item = enumerator.nextObject() as? String {
        let path = folder + "/" + item
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { continue }
        let date = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let size = (attributes[.size] as? NSNumber)?.doubleValue ?? 0
        entries[path] = [date, size]
      }
    }
  }
}

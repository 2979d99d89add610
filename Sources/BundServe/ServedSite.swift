import BundBuild
import BundCore
import Foundation

/// The site as the dev server holds it: the last good build in memory, the problems of the latest
/// build, and the browsers waiting for a reload event.
actor ServedSite {
  private(set) var files: [String: Data] = [:]
  private(set) var version = 0
  /// The problems of the latest build: an overlay on every page when it failed, else a panel of
  /// its warnings.
  private(set) var problems: [ProblemPanel.Problem] = []
  private(set) var failed = false
  /// Whether any build so far succeeded (else there is no page to show under the overlay).
  private(set) var hasGoodBuild = false
  /// The path the site is served under, from its base URL (`/`, or say `/invest/`).
  private(set) var basePath: String
  private var listeners: [Int: AsyncStream<[UInt8]>.Continuation] = [:]
  private var nextListener = 0

  /// `basePath` is where the site is served until a build says otherwise (from `--base-url`, or `/`).
  init(basePath: String = "/") {
    self.basePath = basePath
  }

  /// Takes a new build: its files when it succeeded (else the last good ones stay), then tells
  /// browsers. With `quietIfSame`, they are told only if the build changed an HTML page or its
  /// problems (the page edited was shown already by `updatePage`).
  func update(
    report: BuildReport, problems newProblems: [ProblemPanel.Problem], files newFiles: [OutputFile],
    rendered: [String] = [], basePath newBasePath: String? = nil, quietIfSame: Bool = false
  ) {
    if let newBasePath { basePath = newBasePath }
    let before = files
    let problemsBefore = problems
    let failedBefore = failed
    failed = !report.succeeded
    problems = newProblems
    if report.succeeded {
      hasGoodBuild = true
      files = Dictionary(
        newFiles.map { ($0.path, $0.contents() ?? Data()) }, uniquingKeysWith: { _, last in last })
    }
    if quietIfSame && failed == failedBefore && problems == problemsBefore
      && rendered.allSatisfy({ before[$0] == files[$0] })
    {
      return
    }
    notify()
  }

  /// Shows one page at once (serve's fast path) and tells browsers.
  func updatePage(_ file: OutputFile) {
    files[file.path] = file.contents() ?? Data()
    notify()
  }

  private func notify() {
    version += 1
    let event = Array("event: reload\ndata: \(version)\n\n".utf8)
    for continuation in listeners.values { continuation.yield(event) }
  }

  /// A stream of server-sent events for one browser tab.
  func subscribe() -> AsyncStream<[UInt8]> {
    let (stream, continuation) = AsyncStream<[UInt8]>.makeStream(bufferingPolicy: .bufferingNewest(8))
    let id = nextListener
    nextListener += 1
    listeners[id] = continuation
    continuation.yield(Array("retry: 500\nevent: hello\ndata: \(version)\n\n".utf8))
    continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
    return stream
  }

  func finishAll() {
    for continuation in listeners.values { continuation.finish() }
    listeners.removeAll()
  }

  private func unsubscribe(_ id: Int) {
    listeners[id] = nil
  }
}

import BundBuild
import Foundation
import Testing

@testable import BundServe

/// Drives `bund serve` over HTTP on loopback: pages, reload events, the error overlay.
@Suite(.serialized)
struct DevServerTests {
  let root: URL

  init() throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("bund-serve-\(UUID().uuidString)")
    let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("BundBuildTests/Fixtures/mini")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    for name in ["Content", "Templates"] {
      try FileManager.default.copyItem(
        at: fixture.appendingPathComponent(name), to: root.appendingPathComponent(name))
    }
  }

  func edit(_ path: String, _ change: (String) -> String) throws {
    let url = root.appendingPathComponent(path)
    try Data(change(try String(contentsOf: url, encoding: .utf8)).utf8).write(to: url)
  }

  /// Starts the server, runs the body against its port, stops it.
  func withServer(_ body: (UInt16) async throws -> Void) async throws {
    let port = LoopbackClient.freePort()
    let server = DevServer(
      options: BuildOptions(
        contentDirectory: root.appendingPathComponent("Content").path,
        templatesDirectory: root.appendingPathComponent("Templates").path,
        outputDirectory: root.path + "/Public"),
      port: port, pollInterval: .milliseconds(50))
    let (listening, ready) = AsyncStream<Void>.makeStream()
    let task = Task {
      try await server.run(onListening: { _ in ready.yield() }, onBuild: { _, _ in })
    }
    var iterator = listening.makeAsyncIterator()
    _ = await iterator.next()
    try await body(port)
    task.cancel()
    _ = try? await task.value
    #expect(!FileManager.default.fileExists(atPath: root.path + "/Public"), "serve must not write the site")
  }

  @Test func editingAPageSendsAReloadAndServesTheNewText() async throws {
    try await withServer { port in
      let page = await LoopbackClient.get(port: port, path: "/zh/notes/plan/")
      #expect(page?.status == 200)
      #expect(page?.text.contains("工业投资同比增长0.6%") == true)
      #expect(page?.text.contains("/__bund/events") == true)

      async let events = LoopbackClient.get(
        port: port, path: "/__bund/events", until: "event: reload", timeout: 8)
      try await Task.sleep(for: .milliseconds(300))
      try edit("Content/notes/plan.zh.md") { $0.replacingOccurrences(of: "工业投资同比增长", with: "工业投资同比提高") }
      let stream = await events
      #expect(stream?.text.contains("event: reload") == true)

      let updated = await LoopbackClient.get(port: port, path: "/zh/notes/plan/")
      #expect(updated?.text.contains("工业投资同比提高0.6%") == true)
      #expect(await LoopbackClient.get(port: port, path: "/zh/notes/plan")?.status == 301)
      #expect(await LoopbackClient.get(port: port, path: "/missing/")?.status == 404)
    }
  }

  /// A sentence added at the end changes no other page: the fast path shows it, and the full build
  /// that follows agrees, so browsers reload once.
  @Test func aBodyEditReloadsOnce() async throws {
    try await withServer { port in
      async let events = LoopbackClient.get(
        port: port, path: "/__bund/events", until: "never sent", timeout: 3)
      try await Task.sleep(for: .milliseconds(300))
      try edit("Content/notes/plan.zh.md") { $0 + "\n最后再补充一句。\n" }
      let stream = await events
      #expect(stream?.text.components(separatedBy: "event: reload").count == 2, "exactly one reload event")
      let updated = await LoopbackClient.get(port: port, path: "/zh/notes/plan/")
      #expect(updated?.text.contains("最后再补充一句。") == true)
    }
  }

  /// Replacing the whole Templates/ folder (as some tools do) must not stop the watching.
  @Test func editsAreSeenAfterTheTemplatesFolderIsReplaced() async throws {
    try await withServer { port in
      let templates = root.appendingPathComponent("Templates")
      let moved = root.appendingPathComponent("Templates.old")
      async let first = LoopbackClient.get(
        port: port, path: "/__bund/events", until: "event: reload", timeout: 8)
      try await Task.sleep(for: .milliseconds(300))
      try FileManager.default.moveItem(at: templates, to: moved)
      try FileManager.default.copyItem(at: moved, to: templates)
      try FileManager.default.removeItem(at: moved)
      #expect(await first?.text.contains("event: reload") == true)

      try await Task.sleep(for: .milliseconds(1500))  // let the rebuilds after the move settle
      async let second = LoopbackClient.get(
        port: port, path: "/__bund/events", until: "event: reload", timeout: 8)
      try await Task.sleep(for: .milliseconds(300))
      try edit("Templates/page.mustache") { $0 + "<!-- after the move -->\n" }
      #expect(await second?.text.contains("event: reload") == true)
      let page = await LoopbackClient.get(port: port, path: "/zh/notes/plan/")
      #expect(page?.text.contains("<!-- after the move -->") == true)
    }
  }

  @Test func aFailedBuildShowsTheOverlayAndKeepsTheLastGoodPage() async throws {
    try await withServer { port in
      async let events = LoopbackClient.get(
        port: port, path: "/__bund/events", until: "event: reload", timeout: 8)
      try await Task.sleep(for: .milliseconds(300))
      try edit("Content/notes/plan.zh.md") { $0 + "\n[坏链接](nowhere.md)\n" }
      #expect(await events?.text.contains("event: reload") == true)
      let broken = await LoopbackClient.get(port: port, path: "/zh/notes/plan/")
      #expect(broken?.status == 200)
      #expect(broken?.text.contains("bund-error-overlay") == true)
      #expect(
        broken?.text.contains("plan.zh.md:10:7: error: link &#39;nowhere.md&#39; leads to no page") == true)
      #expect(broken?.text.contains("工业投资同比增长0.6%") == true)

      async let fixed = LoopbackClient.get(
        port: port, path: "/__bund/events", until: "event: reload", timeout: 8)
      try await Task.sleep(for: .milliseconds(300))
      try edit("Content/notes/plan.zh.md") { $0.replacingOccurrences(of: "[坏链接](nowhere.md)", with: "修好了。") }
      #expect(await fixed?.text.contains("event: reload") == true)
      let back = await LoopbackClient.get(port: port, path: "/zh/notes/plan/")
      #expect(back?.text.contains("bund-error-overlay") == false)
      #expect(back?.text.contains("修好了。") == true)
    }
  }
}

import BundBuild
import BundTestSupport
import Foundation
import Testing

@testable import BundServe

/// Drives `bund serve` over HTTP on loopback: pages, reload events, the error overlay.
@Suite(.serialized)
struct DevServerTests {
  let root: URL

  init() throws {
    root = try TestSite(fixture: "mini").root
  }

  func edit(_ path: String, _ change: (String) -> String) throws {
    let url = root.appendingPathComponent(path)
    try Data(change(try String(contentsOf: url, encoding: .utf8)).utf8).write(to: url)
  }

  /// Starts the server, runs the body against its port, stops it (as Ctrl-C does) and checks that it
  /// stopped cleanly.
  func withServer(
    configure: (inout DevServer) -> Void = { _ in },
    onBuild: @escaping @Sendable (DevServer.Build) -> Void = { _ in },
    _ body: (UInt16) async throws -> Void
  ) async throws {
    let port = LoopbackClient.freePort()
    var server = DevServer(
      options: BuildOptions(
        contentDirectory: root.appendingPathComponent("Content").path,
        templatesDirectory: root.appendingPathComponent("Templates").path,
        outputDirectory: root.path + "/Public"),
      port: port, pollInterval: .milliseconds(50))
    configure(&server)
    let (listening, ready) = AsyncStream<Void>.makeStream()
    let task = Task {
      try await server.run(onListening: { _ in ready.yield() }, onBuild: { onBuild($0) })
    }
    var iterator = listening.makeAsyncIterator()
    _ = await iterator.next()
    try await body(port)
    task.cancel()
    do {
      try await task.value
    } catch is CancellationError {
    }
    #expect(!FileManager.default.fileExists(atPath: root.path + "/Public"), "serve must not write the site")
  }

  @Test func editingAPageSendsAReloadAndServesTheNewText() async throws {
    try await withServer { port in
      let page = await LoopbackClient.get(port: port, path: "/site/zh/notes/plan/")
      #expect(page?.status == 200)
      #expect(page?.text.contains("工业投资同比增长0.6%") == true)
      #expect(page?.text.contains("/__bund/events") == true)

      var events = EventWatch(port: port)
      #expect(await events.wait(for: "event: hello") != nil)
      try edit("Content/notes/plan.zh.md") { $0.replacingOccurrences(of: "工业投资同比增长", with: "工业投资同比提高") }
      #expect(await events.wait(for: "event: reload") != nil)

      let updated = await LoopbackClient.get(port: port, path: "/site/zh/notes/plan/")
      #expect(updated?.text.contains("工业投资同比提高0.6%") == true)
      #expect(await LoopbackClient.get(port: port, path: "/site/zh/notes/plan")?.status == 301)
      #expect(await LoopbackClient.get(port: port, path: "/site/missing/")?.status == 404)
    }
  }

  /// A sentence added at the end changes no other page: the fast path shows it, and the full build
  /// that follows agrees, so browsers reload once. A second edit then gives the very next reload
  /// number: no reload came in between.
  @Test func aBodyEditReloadsOnce() async throws {
    try await withServer { port in
      var events = EventWatch(port: port)
      let hello = await events.wait(for: "event: hello\ndata: ")
      let start = try #require(await events.wait(for: "\n\n").flatMap { Int($0.dropLast(2)) })
      #expect(hello != nil)
      try edit("Content/notes/plan.zh.md") { $0 + "\n最后再补充一句。\n" }
      #expect(await events.wait(for: "event: reload\ndata: \(start + 1)\n") != nil)
      let updated = await LoopbackClient.get(port: port, path: "/site/zh/notes/plan/")
      #expect(updated?.text.contains("最后再补充一句。") == true)

      try edit("Content/notes/plan.en.md") { $0 + "\nOne more sentence.\n" }
      let next = await events.wait(for: "event: reload\ndata: ")
      let number = await events.wait(for: "\n").flatMap { Int($0.dropLast()) }
      #expect(next?.components(separatedBy: "event: reload").count == 2, "one reload for the first edit")
      #expect(number == start + 2)
    }
  }

  /// Replacing the whole Templates/ folder (as some tools do) must not stop the watching.
  @Test func editsAreSeenAfterTheTemplatesFolderIsReplaced() async throws {
    try await withServer { port in
      let templates = root.appendingPathComponent("Templates")
      let moved = root.appendingPathComponent("Templates.old")
      var events = EventWatch(port: port)
      #expect(await events.wait(for: "event: hello") != nil)
      try FileManager.default.moveItem(at: templates, to: moved)
      try FileManager.default.copyItem(at: moved, to: templates)
      try FileManager.default.removeItem(at: moved)
      #expect(await events.wait(for: "event: reload") != nil)

      // The rebuilds after the move may send more reloads: edit until the new comment is served.
      var served = false
      for attempt in 0..<20 where !served {
        try edit("Templates/page.mustache") { $0 + "<!-- after the move \(attempt) -->\n" }
        _ = await events.wait(for: "event: reload")
        let page = await LoopbackClient.get(port: port, path: "/site/zh/notes/plan/")
        served = page?.text.contains("<!-- after the move \(attempt) -->") == true
      }
      #expect(served)
    }
  }

  @Test func aFailedBuildShowsTheOverlayAndKeepsTheLastGoodPage() async throws {
    try await withServer { port in
      var events = EventWatch(port: port)
      #expect(await events.wait(for: "event: hello") != nil)
      try edit("Content/notes/plan.zh.md") { $0 + "\n[坏链接](nowhere.md)\n" }
      #expect(await events.wait(for: "event: reload") != nil)
      var broken = await LoopbackClient.get(port: port, path: "/site/zh/notes/plan/")
      // The fast path may show the page a moment before the full build reports the error.
      for _ in 0..<50 where broken?.text.contains("id=\"bund-error-overlay\"") != true {
        _ = await events.wait(for: "event: reload")
        broken = await LoopbackClient.get(port: port, path: "/site/zh/notes/plan/")
      }
      #expect(broken?.status == 200)
      #expect(broken?.text.contains("id=\"bund-error-overlay\"") == true)
      #expect(
        broken?.text.contains("plan.zh.md:10:7: error: link &#39;nowhere.md&#39; leads to no page") == true)
      #expect(broken?.text.contains("工业投资同比增长0.6%") == true)
      // In the page's language, with the source line and a caret under the link, after an invisible
      // copy of the text before it.
      #expect(broken?.text.contains("bund：生成失败") == true)
      #expect(
        broken?.text.contains(
          "<span class=\"bund-source\">    [坏链接](nowhere.md)\n    <span class=\"bund-pad\">[坏链接](</span><span class=\"bund-caret\">^</span></span>"
        )
          == true)

      try edit("Content/notes/plan.zh.md") { $0.replacingOccurrences(of: "[坏链接](nowhere.md)", with: "修好了。") }
      var back = await LoopbackClient.get(port: port, path: "/site/zh/notes/plan/")
      for _ in 0..<50
      where back?.text.contains("修好了。") != true || back?.text.contains("id=\"bund-error-overlay\"") != false {
        _ = await events.wait(for: "event: reload")
        back = await LoopbackClient.get(port: port, path: "/site/zh/notes/plan/")
      }
      #expect(back?.text.contains("id=\"bund-error-overlay\"") == false)
      #expect(back?.text.contains("修好了。") == true)
    }
  }
}

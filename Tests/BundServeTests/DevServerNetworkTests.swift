import BundBuild
import Foundation
import Testing

@testable import BundServe

/// What a hostile or broken client gets from `bund serve`, over loopback: each case is answered or
/// closed, and the server goes on answering normal requests.
extension DevServerTests {
  @Test func aRequestForAnotherHostGets421() async throws {
    try await withServer { port in
      let foreign = await LoopbackClient.raw(
        port: port, request: "GET /site/en/ HTTP/1.1\r\nHost: evil.example:\(port)\r\n\r\n")
      #expect(foreign?.status == 421)
      #expect(foreign?.body.contains("<html") == false)
      let wrongPort = await LoopbackClient.raw(
        port: port, request: "GET /site/en/ HTTP/1.1\r\nHost: localhost:\(port &+ 1)\r\n\r\n")
      #expect(wrongPort?.status == 421)
      let noHost = await LoopbackClient.raw(port: port, request: "GET /site/en/ HTTP/1.0\r\n\r\n")
      #expect(noHost?.status == 421)
      for host in ["localhost", "127.0.0.1", "[::1]"] {
        let local = await LoopbackClient.raw(
          port: port, request: "GET /site/en/ HTTP/1.1\r\nHost: \(host):\(port)\r\n\r\n")
        #expect(local?.status == 200, "Host \(host)")
      }
    }
  }

  @Test func aLongRequestLineGets414AndTheServerGoesOn() async throws {
    try await withServer { port in
      let path = "/" + String(repeating: "a", count: 100_000)
      let long = await LoopbackClient.raw(
        port: port, request: "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
      #expect(long?.status == 414)
      #expect(long?.closedByServer == true)
      #expect(await LoopbackClient.get(port: port, path: "/site/en/")?.status == 200)
    }
  }

  @Test func aLongHeaderGets431() async throws {
    try await withServer { port in
      let header = "X-Long: " + String(repeating: "b", count: 100_000)
      let long = await LoopbackClient.raw(
        port: port, request: "GET /site/en/ HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\(header)\r\n\r\n")
      #expect(long?.status == 431)
      #expect(await LoopbackClient.get(port: port, path: "/site/en/")?.status == 200)
    }
  }

  @Test func headAnswersWithoutABody() async throws {
    try await withServer { port in
      let head = await LoopbackClient.raw(
        port: port, request: "HEAD /site/en/ HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
      #expect(head?.status == 200)
      #expect(head?.text.lowercased().contains("content-length: ") == true)
      #expect(head?.body == "")
      #expect(head?.closedByServer == true)
    }
  }

  @Test func otherMethodsGet405() async throws {
    try await withServer { port in
      let post = await LoopbackClient.raw(
        port: port, request: "POST /site/en/ HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Length: 0\r\n\r\n"
      )
      #expect(post?.status == 405)
    }
  }

  /// A client that connects and says nothing, or stops half way through its request, is closed
  /// after the request timeout; an open tab's event stream stays open past it.
  @Test func idleAndSlowConnectionsAreClosedButEventStreamsStay() async throws {
    try await withServer(configure: { $0.requestTimeout = .seconds(1) }) { port in
      var events = EventWatch(port: port)
      #expect(await events.wait(for: "event: hello") != nil)
      let idle = await LoopbackClient.raw(port: port, request: "", timeout: 30)
      #expect(idle?.closedByServer == true)
      #expect(idle?.text == "")
      let half = await LoopbackClient.raw(
        port: port, request: "GET /site/en/ HTTP/1.1\r\nHost: 127.0.0.1", timeout: 30)
      #expect(half?.closedByServer == true)
      // Both waits took at least the timeout: the stream is older than that, and still delivers.
      try edit("Content/notes/plan.en.md") { $0 + "\nStill listening.\n" }
      #expect(await events.wait(for: "event: reload") != nil)
    }
  }

  /// More connections than the cap, all silent: they wait or time out, and a normal request is
  /// still answered.
  @Test func manyConnectionsThenANormalRequestIsAnswered() async throws {
    try await withServer(configure: {
      $0.requestTimeout = .seconds(1)
      $0.maxConnections = 8
    }) { port in
      let idle = await LoopbackClient.openIdle(port: port, count: 40)
      #expect(idle.count == 40)
      let page = await LoopbackClient.get(port: port, path: "/site/en/", timeout: 60)
      LoopbackClient.closeAll(idle)
      #expect(page?.status == 200)
    }
  }

  /// Ctrl-C (cancelling the server) with an open tab and a half-sent request stops cleanly.
  @Test func stoppingWithOpenConnectionsIsClean() async throws {
    var open: [Int32] = []
    try await withServer { port in
      var events = EventWatch(port: port)
      #expect(await events.wait(for: "event: hello") != nil)
      open = await LoopbackClient.openIdle(port: port, count: 2)
      _ = await LoopbackClient.raw(port: port, request: "GET /site/en/ HT", timeout: 0.3)
    }
    LoopbackClient.closeAll(open)
  }

  @Test func theSiteIsServedUnderItsBasePath() async throws {
    try await withServer { port in
      let root = await LoopbackClient.get(port: port, path: "/")
      #expect(root?.status == 302)
      #expect(root?.text.contains("Location: /site/\r\n") == true)
      #expect(await LoopbackClient.get(port: port, path: "/site/en/")?.status == 200)
      #expect(await LoopbackClient.get(port: port, path: "/en/")?.status == 404)
      #expect(await LoopbackClient.get(port: port, path: "/site/%7A%68/notes/plan/")?.status == 200)
    }
  }

  @Test func aPortInUseSaysWhichToTry() async throws {
    try await withServer { port in
      let second = DevServer(
        options: BuildOptions(
          contentDirectory: root.appendingPathComponent("Content").path,
          templatesDirectory: root.appendingPathComponent("Templates").path),
        port: port)
      await #expect(throws: DevServer.StartError.portInUse(port)) {
        try await second.run(onListening: { _ in }, onBuild: { _ in })
      }
      #expect(
        DevServer.StartError.portInUse(8080).description == "port 8080 is in use; try --port 8081")
    }
  }
}

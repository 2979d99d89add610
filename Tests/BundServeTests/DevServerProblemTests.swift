import BundBuild
import Foundation
import Testing

@testable import BundServe

/// How serve shows a build's problems: in the terminal's build reports and in the pages.
extension DevServerTests {
  @Test(.timeLimit(.minutes(2)))
  func warningsShowInAPanelInThePagesLanguage() async throws {
    let (builds, reported) = AsyncStream<DevServer.Build>.makeStream()
    var reports = builds.makeAsyncIterator()
    try await withServer(onBuild: { reported.yield($0) }) { port in
      let first = try #require(await reports.next())
      #expect(first.isFirst && first.hasGoodBuild)
      #expect(
        first.newWarnings.map(\.message) == [
          "no 中文 (zh) translation; readers of that language are sent to its home page"
        ])

      let english = await LoopbackClient.get(port: port, path: "/site/en/")
      #expect(english?.text.contains("<div id=\"bund-warnings\"") == true)
      #expect(english?.text.contains("<h2>bund: 1 warning</h2>") == true)
      #expect(english?.text.contains(">Hide</button>") == true)
      #expect(english?.text.contains("about.en.md: warning: no 中文 (zh) translation") == true)
      let chinese = await LoopbackClient.get(port: port, path: "/site/zh/")
      #expect(chinese?.text.contains("<h2>bund：1条警告</h2>") == true)
      #expect(chinese?.text.contains(">隐藏</button>") == true)

      var events = EventWatch(port: port)
      #expect(await events.wait(for: "event: hello") != nil)
      try edit("Content/about.en.md") {
        $0.replacingOccurrences(of: "---\ntitle:", with: "---\nsumary: typo\ntitle:")
      }
      var rebuilt = try #require(await reports.next())
      while rebuilt.warningCount != 2 { rebuilt = try #require(await reports.next()) }
      #expect(!rebuilt.isFirst)
      #expect(
        rebuilt.newWarnings.map(\.message) == [
          "unknown front matter key 'sumary' is ignored (did you mean 'summary'?)"
        ])

      var page = await LoopbackClient.get(port: port, path: "/site/en/")
      for _ in 0..<50 where page?.text.contains("bund: 2 warnings") != true {
        _ = await events.wait(for: "event: reload")
        page = await LoopbackClient.get(port: port, path: "/site/en/")
      }
      #expect(
        page?.text.contains(
          "about.en.md:2:1: warning: unknown front matter key &#39;sumary&#39; is ignored (did you mean &#39;summary&#39;?)<span class=\"bund-source\">    sumary: typo\n    <span class=\"bund-pad\"></span><span class=\"bund-caret\">^</span></span>"
        ) == true)
      #expect(page?.text.contains("\n    note: valid keys: title,") == true)
    }
  }

  /// When the very first build fails there is no last good version to speak of (D26).
  @Test(.timeLimit(.minutes(2)))
  func aFirstBuildThatFailsSaysNothingHasBeenBuilt() async throws {
    try edit("Content/about.en.md") { $0 + "\n[broken](nowhere.md)\n" }
    let (builds, reported) = AsyncStream<DevServer.Build>.makeStream()
    var reports = builds.makeAsyncIterator()
    try await withServer(onBuild: { reported.yield($0) }) { port in
      let first = try #require(await reports.next())
      #expect(first.isFirst && !first.hasGoodBuild && !first.report.succeeded)
      let page = await LoopbackClient.get(port: port, path: "/en/")
      #expect(page?.status == 404)
      #expect(page?.text.contains("<h2>bund: the build failed; nothing has been built yet</h2>") == true)
      #expect(
        page?.text.contains("about.en.md:6:10: error: link &#39;nowhere.md&#39; leads to no page") == true)
      // The build's warnings follow its errors.
      #expect(
        page?.text.contains("<h3>bund: 1 warning</h3><pre>") == true)
      #expect(page?.text.contains("about.en.md: warning: no 中文 (zh) translation") == true)

      var events = EventWatch(port: port)
      #expect(await events.wait(for: "event: hello") != nil)
      try edit("Content/about.en.md") { $0.replacingOccurrences(of: "[broken](nowhere.md)", with: "Fixed.") }
      var fixed = try #require(await reports.next())
      while !fixed.report.succeeded { fixed = try #require(await reports.next()) }
      #expect(fixed.hasGoodBuild)
      let back = await LoopbackClient.get(port: port, path: "/site/en/about/")
      #expect(back?.status == 200)
      #expect(back?.text.contains("Fixed.") == true)
      #expect(back?.text.contains("id=\"bund-error-overlay\"") == false)
    }
  }

  @Test func problemPanelListsAtMostFiftyOfAKind() {
    let problems = (1...60).map { number in
      ProblemPanel.Problem(diagnostic: .warning("warning number \(number)"))
    }
    let html = ProblemPanel.html(
      problems: problems, failed: false, hasGoodBuild: true, strings: ProblemPanel.chinese)
    #expect(html.contains("warning number 50<"))
    #expect(!html.contains("warning number 51<"))
    #expect(html.contains("<p>……另有10条，完整列表见终端</p>"))
  }

  @Test(arguments: [
    ("<!doctype html><html lang=\"zh-Hans\"><head>", "zh-Hans"),
    ("<html class=x lang='en'>", "en"),
    ("<p>no html element</p>", nil),
  ])
  func aPageLanguageIsReadFromItsHTMLElement(html: String, language: String?) {
    #expect(ProblemPanel.language(ofPage: html) == language)
  }

  @Test(arguments: [
    ("127.0.0.1", "localhost:8080", true), ("127.0.0.1", "127.0.0.1:8080", true),
    ("127.0.0.1", "[::1]:8080", true),
    ("127.0.0.1", "LOCALHOST:8080", true), ("127.0.0.1", "localhost:8081", false),
    ("127.0.0.1", "localhost", false),
    ("127.0.0.1", "evil.example:8080", false), ("127.0.0.1", "192.168.1.5:8080", false),
    ("127.0.0.1", "localhost.evil.example:8080", false), ("127.0.0.1", "", false),
    ("192.168.1.5", "192.168.1.5:8080", true), ("0.0.0.0", "192.168.1.5:8080", true),
    ("0.0.0.0", "[fe80::1]:8080", true), ("0.0.0.0", "evil.example:8080", false),
    ("::", "10.0.0.2:8080", true), ("0.0.0.0", "1.2.3.4.5:8080", false),
  ])
  func theHostHeaderIsChecked(bind: String, host: String, allowed: Bool) {
    #expect(HostCheck(bindAddress: bind, port: 8080).allows(host) == allowed)
  }
}

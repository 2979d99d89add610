import BundMustache
import Foundation
import Testing

/// A realistic page: layout inheritance, partials, a 50-item list and escaped text.
@Suite struct SiteRenderingTests {
  @Test func rendersTheListPage() throws {
    let library = try MustacheLibrary(templates: SiteFixture.templates)
    let frames: [MustacheValue] = [
      ["site": SiteFixture.site, "lang": "en"], ["page": SiteFixture.page(items: 50)],
    ]
    let result = try #require(try library.render("list", frames: frames))

    var items = ""
    for index in 0..<50 {
      let tags = index % 3 == 0 ? " <span>x</span> <span>y&#39;s</span>" : ""
      items +=
        "<li class=\"entry\">\n  <a href=\"/p/\(index)/\">Item \(index) &amp; &lt;co&gt;</a>\(tags)\n</li>\n"
    }
    let expected = """
      <!doctype html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <title>Ünïcode &quot;quotes&quot; &amp; more · Tom &amp; Jerry&#39;s &lt;Site&gt;</title>
      <meta name="description" content="a &lt; b &gt; c">
      </head>
      <body>
      <header><a href="/">Tom &amp; Jerry&#39;s &lt;Site&gt;</a></header>
      <main>
      <h1>Ünïcode &quot;quotes&quot; &amp; more</h1>
      <p>Intro</p>
      <ul>
      \(items)</ul>

      </main>
      <footer>
        <p>© 2025 &quot;Bund&quot; &amp; friends</p>
      </footer>
      </body>
      </html>

      """
    #expect(String(decoding: result.bytes, as: UTF8.self) == expected)
    #expect(result.unresolved.isEmpty)
  }

  @Test func rendersTheEmptyList() throws {
    let library = try MustacheLibrary(templates: SiteFixture.templates)
    let frames: [MustacheValue] = [
      ["site": SiteFixture.site, "lang": "en"], ["page": SiteFixture.page(items: 0)],
    ]
    let output = try #require(try library.renderString("list", frames: frames))
    #expect(output.contains("<p>Intro</p>\n<p>Nothing yet.</p>\n\n</main>"))
    #expect(!output.contains("<ul>"))
  }

  @Test func parallelRendersEqualSerialOnes() async throws {
    let library = try MustacheLibrary(templates: SiteFixture.templates)
    func frames(_ items: Int) -> [MustacheValue] {
      [["site": SiteFixture.site, "lang": "en"], ["page": SiteFixture.page(items: items)]]
    }
    let parallel = await withTaskGroup(of: (Int, [UInt8]?).self) { group in
      for items in 0..<16 {
        group.addTask { (items, try? library.render("list", frames: frames(items))?.bytes) }
      }
      var outputs: [Int: [UInt8]] = [:]
      for await (items, output) in group { outputs[items] = output }
      return outputs
    }
    for items in 0..<16 {
      #expect(parallel[items] == (try library.render("list", frames: frames(items))?.bytes))
    }
  }

  /// `BUND_MUSTACHE_BENCH=1 swift test -c release --filter BundMustacheTests.SiteRenderingTests/benchmark`
  /// renders a 3 KB page with a 20-item list 20,000 times and prints the rate.
  @Test(.enabled(if: ProcessInfo.processInfo.environment["BUND_MUSTACHE_BENCH"] == "1"))
  func benchmark() throws {
    let library = try MustacheLibrary(templates: SiteFixture.templates)
    let intro = String(repeating: "<p>Shanghai's industrial policy, in plain words.</p>\n", count: 18)
    let frames: [MustacheValue] = [
      ["site": SiteFixture.site, "lang": "en"], ["page": SiteFixture.page(items: 20, intro: intro)],
    ]
    let renders = 20_000
    var bytes = 0
    let clock = ContinuousClock()
    let elapsed = try clock.measure {
      for _ in 0..<renders {
        bytes += try #require(try library.render("list", frames: frames)).bytes.count
      }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    print(
      "BundMustache: \(renders) renders of a \(bytes / renders)-byte page in \(seconds) s: "
        + "\(Int(Double(renders) / seconds)) renders/s")
  }
}

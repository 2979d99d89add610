import BundCore
import Testing

/// One rule for names that become URL segments and one for relative paths that must stay inside
/// their folder; a path made of safe names always stays inside.
struct PathRulesTests {
  static let safe = ["notes", "plan.en.md", "review-2022", "a_b", "绿色发展", "v1.2", "A"]
  static let unsafe = [
    "", ".", "..", ".hidden", "a..b", "a b", "a/b", "a\\b", "café", "e\u{301}", "zero\u{200B}width",
    "straße", "Ω", String(repeating: "a", count: 256), "?", "#", "%20",
  ]

  @Test(arguments: safe) func safeNames(_ name: String) {
    #expect(PathRules.isSafeSegment(name))
    #expect(PathRules.isInside(name))
  }

  @Test(arguments: unsafe) func unsafeNames(_ name: String) {
    #expect(!PathRules.isSafeSegment(name))
  }

  @Test func aSegmentMayBe255BytesLong() {
    #expect(PathRules.isSafeSegment(String(repeating: "a", count: 255)))
    #expect(PathRules.isSafeSegment(String(repeating: "文", count: 85)))
    #expect(!PathRules.isSafeSegment(String(repeating: "文", count: 86)))
  }

  @Test func relativePathsStayInside() {
    for path in ["index.html", "en/notes/plan/index.html", ".bund-manifest", "a/.b/c", "a..b/c"] {
      #expect(PathRules.isInside(path), "\(path)")
    }
    for path in [
      "", "/etc/passwd", "../x", "a/../../x", "a/..", "./a", "a/./b", "a//b", "a/", "a\\..\\b",
      // A combining mark after `/` makes one Character of them, but the file system sees the `/`.
      "../\u{338}x", "/\u{338}etc", "a//\u{338}",
    ] {
      #expect(!PathRules.isInside(path), "\(path)")
    }
  }

  @Test func pathsOfSafeNamesStayInside() {
    for first in Self.safe {
      for second in Self.safe {
        #expect(PathRules.isInside(first + "/" + second))
      }
    }
  }
}

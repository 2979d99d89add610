import BundCore
import Testing

struct ControlCharactersTests {
  @Test(arguments: [
    ("a\u{0}b", "ab"), ("form\u{0C}feed", "formfeed"), ("esc\u{1B}[2J", "esc[2J"),
    ("tab\tand\nline\r", "tab\tand\nline\r"),
    ("\u{FFFE}x\u{FFFF}", "x"), ("中文\u{0B}", "中文"), ("plain", "plain"),
  ])
  func feedsAndPagesCarryNoForbiddenCharacter(text: String, kept: String) {
    #expect(ControlCharacters.removingForbidden(text) == kept)
    #expect(TextKit.escapeXML(text) == kept)
  }

  @Test func theFirstForbiddenCharacterIsFoundWithItsOffset() {
    #expect(ControlCharacters.firstForbidden(in: "中文\u{0C}x")?.characterOffset == 2)
    #expect(ControlCharacters.firstForbidden(in: "line\nbreak\ttab") == nil)
    #expect(ControlCharacters.name("\u{0C}") == "U+000C")
  }

  @Test func terminalsSeeSymbolsNotEscapes() {
    #expect(ControlCharacters.visible("a\u{1B}]0;t\u{07}b\u{7F}\u{9B}") == "a␛]0;t␇b\u{2421}\\u{9B}")
    #expect(ControlCharacters.visible("tab\tkept") == "tab\tkept")
  }

  @Test(
    arguments: [
      ("https://example.org/", nil), ("mailto:a@b.c", nil), ("../x/", nil), ("a/b:c", nil), ("", nil),
      (
        "javascript:alert(1)",
        "'javascript:' links are not allowed; use an http, https or mailto URL, or a relative link"
      ),
      (" JaVaScRiPt:x", "a URL may not hold spaces; write them as %20"),
      (
        "data:text/html,x",
        "'data:' links are not allowed; use an http, https or mailto URL, or a relative link"
      ),
    ] as [(String, String?)])
  func linksFromData(url: String, problem: String?) {
    #expect(URLRules.linkProblem(url) == problem)
  }

  @Test(arguments: [
    ("https://example.org/invest/", true), ("http://localhost:8080/", true), ("example.org/", false),
    ("https://x.org/\nSitemap: y", false), ("https://x.org/?a=1", false), ("https:///path", false),
    ("https://x.org/\"><script>", false),
  ])
  func baseURLs(url: String, accepted: Bool) {
    #expect((URLRules.baseURLProblem(url) == nil) == accepted)
  }
}

import Testing

@testable import BundCore

struct DiagnosticSummaryTests {
  @Test func pastTwentyOfAKindTheRestAreCounted() {
    let links = (1...25).map { Diagnostic.error("link 'page\($0).md' leads to no page") }
    let tags = (1...3).map { Diagnostic.warning("tag \"t\($0)\" has no translation") }
    let (shown, more) = DiagnosticSummary.limit(links + tags)
    #expect(shown.count == 23)
    #expect(shown.filter(\.isError).count == 20)
    #expect(more.count == 1)
    #expect(more.first?.count == 5)
    #expect(more.first?.example.message == "link 'page21.md' leads to no page")
  }

  @Test func kindsSetQuotedNamesAndNumbersAside() {
    #expect(
      DiagnosticSummary.kind(of: .warning("'１００' in line 12 and “甲”"))
        == DiagnosticSummary.kind(
          of: .warning("'x' in line 3 and “乙乙”")))
    #expect(DiagnosticSummary.kind(of: .warning("a")) != DiagnosticSummary.kind(of: .error("a")))
  }
}

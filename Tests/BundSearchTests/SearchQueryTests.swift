import Testing

@testable import BundSearch

struct SearchQueryTests {
  @Test func theWordBeingTypedIsAPrefix() {
    let query = SearchQuery("investment promot")
    #expect(
      query.terms == [.init(text: "investment", prefixes: []), .init(text: "promot", prefixes: ["promot"])])
  }

  @Test func aTrailingSpaceEndsTheWord() {
    #expect(SearchQuery("investment promotion ").terms.allSatisfy { !$0.isPrefix })
  }

  @Test func aPrefixKeepsWhatWasTypedAndItsStem() {
    #expect(
      SearchQuery("Industries").terms == [.init(text: "industry", prefixes: ["industries", "industry"])])
  }

  @Test func stopWordsAndSingleLettersGiveNoTerm() {
    #expect(SearchQuery("the").isEmpty)
    #expect(SearchQuery("in").isEmpty)
    #expect(SearchQuery("a").isEmpty)
    #expect(SearchQuery("   ").isEmpty)
  }

  @Test func repeatedTermsCountOnce() {
    #expect(SearchQuery("year on year").terms == [.init(text: "year", prefixes: [])])
  }
}

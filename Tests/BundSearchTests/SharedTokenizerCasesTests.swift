import Foundation
import Testing

@testable import BundSearch

/// The cases `scripts/e2e/check_search.py` also runs through `search.js`: both sides must agree.
struct SharedTokenizerCasesTests {
  struct Cases: Decodable {
    struct Document: Decodable {
      var text: String
      var tokens: [String]
    }
    struct Query: Decodable {
      struct Term: Decodable {
        var text: String
        var prefixes: [String]
      }
      var text: String
      var terms: [Term]
    }
    struct Stem: Decodable {
      var word: String
      var stem: String
    }
    var documents: [Document]
    var queries: [Query]
    var stems: [Stem]
  }

  static func cases() throws -> Cases {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/tokenizer-cases.json")
    return try JSONDecoder().decode(Cases.self, from: Data(contentsOf: url))
  }

  @Test func documentTokens() throws {
    for item in try Self.cases().documents {
      #expect(ChineseTokenizer.tokens(in: item.text) == item.tokens, "\(item.text)")
    }
  }

  @Test func queryTerms() throws {
    for item in try Self.cases().queries {
      let expected = item.terms.map { SearchQuery.Term(text: $0.text, prefixes: $0.prefixes) }
      #expect(SearchQuery(item.text).terms == expected, "\(item.text)")
    }
  }

  @Test func stems() throws {
    for item in try Self.cases().stems {
      #expect(EnglishTokenizer.stem(item.word) == item.stem, "\(item.word)")
    }
  }
}

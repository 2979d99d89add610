import Foundation
import Testing

@testable import BundSearch

struct IndexJSONTests {
  static let documents = [
    SearchDocument(
      url: "../briefings/technological-transformation/", title: "重点三：技术改造", headings: ["技术改造为何关乎稳投资"],
      text: "技术改造为何关乎稳投资 第三方面工作是深化技术改造、挖掘产业发展潜力。“3+6”产业体系，AI产业。",
      section: "简报"),
    SearchDocument(url: "../", title: "上海2023年工业稳投资工作要点", text: "2022年工业投资增长0.6%。投", kind: .home),
    SearchDocument(
      url: "../glossary/#term-year-on-year", title: "同比 · Year on year", text: "与上年同期相比。", section: "术语表",
      kind: .glossary),
    SearchDocument(
      url: "../about/", title: "About \"quotes\" \\ and\ttabs", text: String(repeating: "长文本。", count: 40)),
  ]

  @Test func theSameDocumentsGiveTheSameBytesInAnyOrder() {
    let first = SearchIndexer.index(Self.documents, chinese: true, siteTextBytes: 0).json
    #expect(SearchIndexer.index(Self.documents, chinese: true, siteTextBytes: 0).json == first)
    #expect(SearchIndexer.index(Self.documents.reversed(), chinese: true, siteTextBytes: 0).json == first)
  }

  @Test func theJSONReadsBackToTheSamePostings() throws {
    let index = SearchIndex(documents: Self.documents)
    let reader = try IndexReader(
      json: SearchIndexer.index(Self.documents, chinese: true, siteTextBytes: 0).json)
    var expected: [String: [Int: Int]] = [:]
    for (term, postings) in index.postings {
      expected[term] = Dictionary(uniqueKeysWithValues: postings.map { ($0.document, $0.fields.rawValue) })
    }
    #expect(reader.terms == expected)
    #expect(reader.weights == [10, 5, 1])
    #expect(reader.documents.map(\.url) == index.documents.map(\.url))
    #expect(reader.documents.map(\.title) == index.documents.map(\.title))
    #expect(reader.documents.map(\.section) == index.documents.map(\.section))
  }

  @Test func singleIdeographsImpliedByTheirPairsAreNotWritten() {
    let stored = SearchIndex(documents: Self.documents).storedPostings()
    #expect(stored["技"] == nil)
    #expect(stored["技术"] != nil)
    // In the home page's text 投 also stands alone, but 投资 covers that document's body and title.
    #expect(stored["投"] == nil)
    let alone = SearchIndex(documents: [
      SearchDocument(url: "a", title: "投资", text: "投资。投"), SearchDocument(url: "b", title: "投", text: "投资"),
    ])
    #expect(alone.storedPostings()["投"] == [.init(document: 1, fields: [.title, .body])])
  }

  @Test func longTextsAreCutForSnippetsAndMarked() throws {
    let reader = try IndexReader(
      json: SearchIndexer.index(Self.documents, chinese: true, siteTextBytes: 0, snippetLength: 20).json)
    let about = try #require(reader.documents.first { $0.url == "../about/" })
    #expect(about.text.count == 20)
    #expect(about.truncated)
    let glossary = try #require(reader.documents.first { $0.url.hasPrefix("../glossary/") })
    #expect(glossary.text == "与上年同期相比。")
    #expect(!glossary.truncated)
  }

  @Test func snippetsLeaveHeadingsOut() {
    let excerpt = Excerpt(
      "The goal\nThe first line of work.\nNext steps\nMore text.", skipping: ["The goal", "Next steps"],
      limit: 200, chinese: false)
    #expect(excerpt.text == "The first line of work. More text.")
    #expect(!excerpt.truncated)
  }

  @Test func englishSnippetsAreCutAtASpace() {
    let excerpt = Excerpt("Investment promotion in the city of Shanghai", limit: 25, chinese: false)
    #expect(excerpt.text == "Investment promotion in")
    #expect(excerpt.truncated)
  }

  @Test func keysAreSortedAndNumbersAreIntegers() {
    let json = SearchIndexer.index(Self.documents, chinese: true, siteTextBytes: 0).json
    let keys = ["\"docs\"", "\"format\"", "\"postings\"", "\"sections\"", "\"terms\"", "\"weights\""]
    let positions = keys.compactMap { json.range(of: $0)?.lowerBound }
    #expect(positions.count == keys.count)
    #expect(positions == positions.sorted())
    #expect(json.contains("\"weights\":[10,5,1]"))
    #expect(json.contains("\"format\":1,"))
  }

  @Test func statsCountBytesAndCheckTheBudget() {
    let (json, stats) = SearchIndexer.index(Self.documents, chinese: true, siteTextBytes: 0)
    #expect(stats.indexBytes == json.utf8.count)
    #expect(stats.documents == Self.documents.count)
    let text = Self.documents.reduce(0) { $0 + $1.title.utf8.count + $1.text.utf8.count }
    #expect(stats.textBytes == text)
    #expect(!stats.isWithinBudget, "no pages to measure against: nothing fits")
    #expect(stats.summary.hasPrefix("search index: "))

    // The budget is 35% of the language's pages: exactly at the limit passes, one byte less fails.
    let size = stats.indexBytes
    let atLimit = SearchIndexer.index(Self.documents, chinese: true, siteTextBytes: (size * 100 + 34) / 35)
      .stats
    #expect(atLimit.isWithinBudget)
    #expect(atLimit.percentOfSite == 35)
    let under = SearchIndexer.index(Self.documents, chinese: true, siteTextBytes: size * 100 / 35 - 1).stats
    #expect(!under.isWithinBudget)
    #expect(under.percentOfSite == 36)
    #expect(atLimit.summary.contains("35% of the"))
    #expect(atLimit.summary.contains("(budget 35%)"))
  }

  @Test func numbersUseLeadingDigitsPastTheBase() {
    var text = ""
    IndexEncoding.appendNumber(44, to: &text)
    IndexEncoding.appendNumber(45, to: &text)
    IndexEncoding.appendNumber(2024, to: &text)
    #expect(IndexEncoding.digits.count == 90)
    #expect(text.count == 1 + 2 + 2)
  }
}

import BundCore
import Foundation
import Testing

@testable import BundSearch

struct ChunkedIndexTests {
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

  static func files(
    _ documents: [SearchDocument], layout: SearchLayout? = nil, rules: TextRules = .chinese
  ) async -> [OutputFile] {
    await SearchIndexer.files(for: documents, in: "en/search/", rules: rules, layout: layout).files
  }

  /// Term → document → field bits, as the in-memory index has them.
  static func expectedTerms(_ documents: [SearchDocument]) -> [String: [Int: Int]] {
    var expected: [String: [Int: Int]] = [:]
    for (term, postings) in SearchIndex(documents: documents).postings {
      expected[term] = Dictionary(uniqueKeysWithValues: postings.map { ($0.document, $0.fields.rawValue) })
    }
    return expected
  }

  @Test func theSameDocumentsGiveTheSameBytesInAnyOrder() async {
    let first = await Self.files(Self.documents)
    #expect(await Self.files(Self.documents) == first)
    #expect(await Self.files(Self.documents.reversed()) == first)
  }

  @Test func theFilesReadBackToTheSamePostingsAndDocuments() async throws {
    let reader = try IndexReader(files: await Self.files(Self.documents))
    #expect(try reader.allTerms() == Self.expectedTerms(Self.documents))
    #expect(reader.weights == [10, 5, 1])
    #expect(reader.documentCount == Self.documents.count)
    let ordered = SearchIndex.ordered(Self.documents)
    for (number, document) in ordered.enumerated() {
      let read = try reader.document(number)
      #expect(read.url == document.url)
      #expect(read.title == document.title)
      #expect(read.section == document.section)
    }
  }

  @Test(arguments: [1, 16, 64, 100_000])
  func everyTermIsInTheChunkItsFirstTermsPointTo(chunkBytes: Int) async throws {
    let layout = SearchLayout(chunkBytes: chunkBytes, documentsPerShard: 3, snippetLength: 60)
    let files = await Self.files(Self.documents, layout: layout)
    let reader = try IndexReader(files: files)
    let expected = Self.expectedTerms(Self.documents)
    #expect(reader.firsts == reader.firsts.sorted(by: IndexEncoding.termOrder))
    if chunkBytes == 1 { #expect(reader.firsts.count == expected.count) }
    if chunkBytes == 100_000 { #expect(reader.firsts.count == 1) }
    for (term, postings) in expected {
      #expect(try reader.postings(of: term) == postings, "\(term)")
    }
    #expect(try reader.postings(of: "zzz-not-there").isEmpty)
    #expect(try reader.postings(of: "").isEmpty)
    let chunkFiles = files.filter { $0.path.hasPrefix("en/search/terms/") }
    #expect(chunkFiles.count == reader.firsts.count)
    #expect(files.filter { $0.path.hasPrefix("en/search/docs/") }.count == 2)
  }

  @Test func anEmptyIndexHasOnlyItsEntry() async throws {
    let files = await Self.files([])
    #expect(files.map(\.path) == ["en/search/index.json"])
    let reader = try IndexReader(files: files)
    #expect(reader.firsts.isEmpty)
    #expect(reader.documentCount == 0)
    #expect(try reader.search("技术").isEmpty)
  }

  @Test func aOnePageSiteIsFound() async throws {
    let page = SearchDocument(url: "../", title: "Home", text: "Investment promotion in 上海。")
    let reader = try IndexReader(files: await Self.files([page]))
    #expect(try reader.search("investment") == [0])
    #expect(try reader.search("上海") == [0])
    #expect(try reader.search("海") == [0])
    #expect(try reader.document(0).title == "Home")
  }

  @Test func aTermInEveryPageListsEveryPage() async throws {
    let documents = (0..<500).map { SearchDocument(url: "../p\($0)/", title: "第\($0)页", text: "投资增长。") }
    let reader = try IndexReader(files: await Self.files(documents))
    #expect(try reader.search("投资") == Set(0..<500))
    #expect(try reader.postings(of: "页").count == 500)
  }

  @Test func aThirtyKilobytePageIsIndexedWhole() async throws {
    let words = ["investment", "promotion", "equipment", "renewal", "district", "planning"]
    var text = ""
    var position = 0
    while text.utf8.count < 30 * 1024 {
      text += words[position % words.count] + " 第\(position)项稳投资。"
      position += 1
    }
    text += "zebrafish 最后一句。"
    let page = SearchDocument(url: "../long/", title: "Long", text: text)
    let short = SearchDocument(url: "../short/", title: "Short", text: "Nothing here.")
    let files = await Self.files([page, short], layout: SearchLayout(chunkBytes: 256, snippetLength: 300))
    let reader = try IndexReader(files: files)
    #expect(try reader.search("zebrafish") == [0])
    #expect(try reader.search("最后一句") == [0])
    let stored = try reader.document(0)
    #expect(stored.truncated)
    #expect(stored.text.count <= 300)
  }

  @Test func statsCountEveryFileAndCheckTheBudget() async {
    let (files, stats) = await SearchIndexer.files(
      for: Self.documents, in: "en/search/", rules: .chinese)
    #expect(stats.indexBytes == files.reduce(0) { $0 + $1.bytes.count })
    #expect(stats.files == files.count)
    #expect(stats.entryBytes == files.first { $0.path == "en/search/index.json" }?.bytes.count)
    #expect(stats.documents == Self.documents.count)
    #expect(!stats.isWithinBudget, "no pages to measure against: nothing fits")
    #expect(stats.summary.hasPrefix("search index: "))
    let atLimit = SearchStats(
      documents: 1, terms: 1, postings: 1, textBytes: 1, siteTextBytes: 100, indexBytes: 35)
    #expect(atLimit.isWithinBudget)
    #expect(atLimit.percentOfSite == 35)
    let over = SearchStats(
      documents: 1, terms: 1, postings: 1, textBytes: 1, siteTextBytes: 100, indexBytes: 36)
    #expect(!over.isWithinBudget)
  }

  @Test func snippetsLeaveHeadingsOut() {
    let excerpt = Excerpt(
      "The goal\nThe first line of work.\nNext steps\nMore text.", skipping: ["The goal", "Next steps"],
      limit: 200)
    #expect(excerpt.text == "The first line of work. More text.")
    #expect(!excerpt.truncated)
  }

  @Test func englishSnippetsAreCutAtASpace() {
    let excerpt = Excerpt("Investment promotion in the city of Shanghai", limit: 25)
    #expect(excerpt.text == "Investment promotion in")
    #expect(excerpt.truncated)
  }

  @Test(arguments: [
    ("一二三四五六七八九十超1700亿元", 13, "一二三四五六七八九十超"),
    ("前面的文字很长很长，增长超1700亿元", 14, "前面的文字很长很长，"),
    ("增长0.6%，投资11.1%以上的项目", 7, "增长0.6%，"),
    ("Growth of 1,700.5 billion yuan", 14, "Growth of"),
  ])
  func snippetsNeverEndInsideANumber(text: String, limit: Int, expected: String) {
    let excerpt = Excerpt(text, limit: limit)
    #expect(excerpt.text == expected)
    #expect(excerpt.truncated)
  }

  @Test func numbersUseLeadingDigitsPastTheBase() {
    var bytes: [UInt8] = []
    IndexEncoding.appendNumber(44, to: &bytes)
    IndexEncoding.appendNumber(45, to: &bytes)
    IndexEncoding.appendNumber(2024, to: &bytes)
    #expect(IndexEncoding.digits.count == 90)
    #expect(bytes.count == 1 + 2 + 2)
  }
}

import Testing

@testable import BundSearch

/// The one-pass tokenizer of the index gives exactly the terms of `ChineseTokenizer.tokens`.
struct DocumentTermsTests {
  static func terms(_ text: String) -> Set<String> {
    DocumentTerms(SearchDocument(url: "", title: "", text: text)).terms
  }

  @Test func theSharedCasesGiveTheSameTerms() throws {
    for document in try SharedTokenizerCasesTests.cases().documents {
      #expect(Self.terms(document.text) == Set(document.tokens), "\(document.text)")
      #expect(Self.terms(document.text) == Set(ChineseTokenizer.tokens(in: document.text)))
    }
  }

  @Test(arguments: [
    "AI产业，“3+6”产业体系。1,700亿元 11.1% ２０２３年 Ｆｕｌｌ width", "投资。投 資 𠀀𠀁 가나다 カタカナ 々〇",
    "year-on-year growth of 0.6%, planned 3+6 industries; e.g. U.S.", "", "。，、", "a b c 1 2 3 1.2.3 4,,5 6+",
    "零一二三四五六七八九十百千万亿 2023年1月29日 上海市经济和信息化委员会",
    "The INVESTMENT Promotions were Planned; A I 5 x Getting ABOUT Industries classes buzzes Über café naïve",
  ])
  func mixedTextGivesTheSameTerms(text: String) {
    #expect(Self.terms(text) == Set(ChineseTokenizer.tokens(in: text)))
  }

  @Test func aGeneratedCorpusGivesTheSameTerms() {
    for document in RecallTests.corpus(seed: 11, count: 200) {
      let text = RecallTests.fullText(document)
      #expect(Self.terms(text) == Set(ChineseTokenizer.tokens(in: text)))
    }
  }

  @Test func fieldsAreKeptPerTerm() {
    let terms = DocumentTerms(
      SearchDocument(url: "", title: "技术改造", headings: ["改造 projects"], text: "技术 projects"))
    let byTerm = Dictionary(uniqueKeysWithValues: terms.fields.map { ($0.key, $0.value) })
    #expect(byTerm["技术"] == [.title, .body])
    #expect(byTerm["改造"] == [.title, .heading])
    #expect(byTerm["术改"] == [.title])
    #expect(byTerm["project"] == [.heading, .body])
  }
}

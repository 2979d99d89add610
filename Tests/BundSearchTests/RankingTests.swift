import Testing

@testable import BundSearch

struct RankingTests {
  static let documents = [
    SearchDocument(url: "../body/", title: "Review of the year", text: "Investment promotion was a theme."),
    SearchDocument(
      url: "../heading/", title: "Project delivery", headings: ["Investment promotion"],
      text: "Investment promotion. Signed projects break ground."),
    SearchDocument(url: "../title/", title: "Investment promotion", text: "Events and partners."),
    SearchDocument(url: "../other/", title: "Technological transformation", text: "Equipment renewal."),
  ]

  @Test func aTitleMatchOutranksAHeadingMatchWhichOutranksABodyMatch() {
    let hits = SearchIndex(documents: Self.documents).search("investment promotion")
    #expect(hits.map(\.document.url) == ["../title/", "../heading/", "../body/"])
    #expect(hits.map(\.score) == [20, 12, 2])
  }

  @Test func everyTermMustMatch() {
    let index = SearchIndex(documents: Self.documents)
    #expect(index.search("investment equipment").isEmpty)
    #expect(index.search("equipment renewal").map(\.document.url) == ["../other/"])
  }

  @Test func theWordBeingTypedMatchesByPrefix() {
    let index = SearchIndex(documents: Self.documents)
    #expect(index.search("technolog").map(\.document.url) == ["../other/"])
    #expect(index.search("technolog ").isEmpty)
  }

  @Test func pluralsAndVerbFormsMatch() {
    let index = SearchIndex(documents: Self.documents)
    #expect(index.search("signing projects ").map(\.document.url) == ["../heading/"])
  }

  @Test func chineseMatchesPairsAndSingleCharacters() {
    let index = SearchIndex(documents: [
      SearchDocument(url: "a", title: "重点三：技术改造", text: "加大技术改造支持力度。"),
      SearchDocument(url: "b", title: "重点一：招商引资", text: "技术和改造分开出现：技术人员参与厂房改造。"),
    ])
    #expect(index.search("技术改造").map(\.document.url) == ["a"])
    #expect(index.search("技术").map(\.document.url) == ["a", "b"])
    #expect(index.search("招").map(\.document.url) == ["b"])
  }

  @Test func tiesGoToPagesBeforeGlossaryEntriesWhateverTheInputOrder() {
    let documents = [
      SearchDocument(url: "../glossary/#term-x", title: "Year on year", text: "Compared.", kind: .glossary),
      SearchDocument(url: "../z/", title: "Year on year growth", text: "", kind: .page),
    ]
    let hits = SearchIndex(documents: documents).search("year")
    #expect(hits.map(\.document.url) == ["../z/", "../glossary/#term-x"])
    #expect(
      SearchIndex(documents: documents.reversed()).search("year").map(\.document.url)
        == hits.map(\.document.url))
  }
}

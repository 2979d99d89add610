import BundCore
import Testing

@testable import BundSearch

struct GlossarySearchTests {
  static func entry(_ en: String, _ zh: String, _ explanationEn: String, _ explanationZh: String) -> DataValue
  {
    .map([
      DataEntry(
        key: "term",
        value: .map([DataEntry(key: "en", value: .string(en)), DataEntry(key: "zh", value: .string(zh))])),
      DataEntry(
        key: "explanation",
        value: .map([
          DataEntry(key: "en", value: .string(explanationEn)),
          DataEntry(key: "zh", value: .string(explanationZh)),
        ])),
      DataEntry(key: "zh_confidence", value: .string("high")),
    ])
  }

  // Computed, not a stored global: LeakSanitizer reports indirect-enum boxes held by globals.
  static var table: DataValue {
    DataValue.list([
      entry(
        "Getting land and starting construction", "拿地即开工",
        "Approvals are prepared in parallel so that building can begin as soon as the land is obtained.",
        "审批手续提前并联准备，企业取得土地后即可开工建设。"),
      entry("Year on year", "同比", "Compared with the same period a year earlier.", "与上年同期相比。"),
      entry("Year on year", "同比增长", "A repeated English term.", "重复的英文术语。"),
    ])
  }

  @Test func eachEntryHoldsTheTermInBothLanguages() {
    let english = GlossarySearch.documents(
      from: Self.table, language: "en", pageURL: "../glossary/", section: "Glossary")
    #expect(english.first?.title == "Getting land and starting construction · 拿地即开工")
    #expect(english.first?.text.hasPrefix("Approvals") == true)
    #expect(english.first?.url == "../glossary/#term-getting-land-and-starting-construction")
    #expect(english.first?.kind == .glossary)
    let chinese = GlossarySearch.documents(
      from: Self.table, language: "zh", pageURL: "../glossary/", section: "术语表")
    #expect(chinese.first?.title == "拿地即开工 · Getting land and starting construction")
    #expect(chinese.first?.text == "审批手续提前并联准备，企业取得土地后即可开工建设。")
  }

  @Test func aChineseTermFindsTheEnglishEntryAndTheReverse() {
    let page = SearchDocument(
      url: "../briefings/project-delivery/", title: "Project delivery", text: "Projects start early.")
    let english = SearchIndex(
      documents: [page]
        + GlossarySearch.documents(
          from: Self.table, language: "en", pageURL: "../glossary/", section: "Glossary"))
    #expect(
      english.search("拿地即开工").first?.document.url
        == "../glossary/#term-getting-land-and-starting-construction")
    let chinese = SearchIndex(
      documents: GlossarySearch.documents(
        from: Self.table, language: "zh", pageURL: "../glossary/", section: "术语表"))
    #expect(chinese.search("year on year").first?.document.title == "同比 · Year on year")
    #expect(
      chinese.search("getting land").map(\.document.title) == [
        "拿地即开工 · Getting land and starting construction"
      ])
  }

  @Test func anchorsAreNumberedWhenATermRepeats() {
    #expect(
      GlossarySearch.anchors(in: Self.table) == [
        "term-getting-land-and-starting-construction", "term-year-on-year", "term-year-on-year-2",
      ])
  }

  @Test func theTemplateGetsTheSameAnchors() {
    guard case .list(let entries) = GlossarySearch.addingAnchors(to: Self.table) else {
      Issue.record("not a list")
      return
    }
    #expect(entries.map { $0["anchor"]?.stringValue } == GlossarySearch.anchors(in: Self.table))
    #expect(entries.first?["zh_confidence"]?.stringValue == "high")
  }

  @Test func aTableThatIsNotAListGivesNothing() {
    #expect(GlossarySearch.documents(from: .string("x"), language: "en", pageURL: "g/", section: "").isEmpty)
  }
}

import Testing

@testable import BundCore

struct LocalFormatTests {
  static func figure(
    _ value: String, _ unit: Figure.Unit, _ qualifier: Figure.Qualifier, counter: String = "个"
  )
    -> Figure
  {
    Figure(
      key: "k", group: "g", value: value, unit: unit, qualifier: qualifier, counterZh: counter,
      period: LocalizedText([:]), label: LocalizedText([:]), source: "s", location: SourceLocation(file: "f"))
  }

  /// Every figure of the site as facts.md writes it in English and Chinese.
  @Test(arguments: [
    (figure("170", .rmbBillion, .moreThan), "more than RMB 170 billion", "超1700亿元"),
    (figure("100", .rmbBillion, .exactly), "RMB 100 billion", "1000亿元"),
    (figure("70", .rmbBillion, .moreThan), "more than RMB 70 billion", "超700亿元"),
    (figure("4", .rmbTrillion, .about), "about RMB 4 trillion", "约4万亿元"),
    (figure("11.1", .percent, .exactly), "11.1%", "11.1%"),
    (figure("1", .percent, .about), "about 1%", "1%左右"),
    (figure("0.6", .percent, .exactly), "0.6%", "0.6%"),
    (figure("43", .percent, .exactly), "43%", "43%"),
    (figure("160", .count, .moreThan), "more than 160", "160余个"),
    (figure("60", .count, .moreThan), "more than 60", "60余个"),
    (figure("100", .count, .exactly), "100", "100个"),
    (figure("1500", .count, .exactly, counter: "项"), "1,500", "1500项"),
    (figure("1234.5", .rmbBillion, .exactly), "RMB 1,234.5 billion", "1.2345万亿元"),
  ])
  func figuresRenderInEachLanguage(figure: Figure, english: String, chinese: String) {
    #expect(LocalFormat.figure(figure, in: .english) == english)
    #expect(LocalFormat.figure(figure, in: .chinese) == chinese)
  }

  @Test func datesInEachLanguage() throws {
    let day = try #require(SimpleDate("2023-01-29"))
    #expect(LocalFormat.date(day, in: .english) == "29 January 2023")
    #expect(LocalFormat.date(day, in: .chinese) == "2023年1月29日")
    let month = try #require(SimpleDate("2023-04"))
    #expect(LocalFormat.date(month, in: .english) == "April 2023")
    #expect(LocalFormat.date(month, in: .chinese) == "2023年4月")
  }

  @Test(arguments: ["2023-02-30", "2023-13-01", "23-01-01", "2023/01/01", "tomorrow", "2023-1-5"])
  func impossibleDatesAreRejected(text: String) {
    #expect(SimpleDate(text) == nil)
  }
}

struct TextKitTests {
  @Test(arguments: [
    ("技术改造", "技术改造"), ("Pile foundation first", "pile-foundation-first"), ("“3+6”新型产业体系", "36新型产业体系"),
    ("2022 in review: a V-shaped rebound", "2022-in-review-a-v-shaped-rebound"), ("!!!", "section"),
  ])
  func anchors(text: String, id: String) {
    #expect(TextKit.anchor(text) == id)
  }

  @Test func chineseSummaryCutsAtSentenceEnd() {
    let text = "上海工业投资首次突破1700亿元。这是历史新高。三大先导产业增长较快，六大重点产业保持稳定。"
    #expect(TextKit.summary(text, in: .chinese, limit: 20) == "上海工业投资首次突破1700亿元。")
    #expect(TextKit.summary(text, in: .chinese, limit: 24) == "上海工业投资首次突破1700亿元。这是历史新高。")
  }

  @Test func englishSummaryCutsAtWords() {
    let text =
      "Shanghai industrial investment passed a record level in 2022 and kept growing despite everything"
    #expect(TextKit.summary(text, in: .english, limit: 40) == "Shanghai industrial investment passed a…")
  }

  @Test func wordCountCountsCharactersInChinese() {
    #expect(TextKit.wordCount("技术改造，AI 产业", in: .chinese) == 7)
    #expect(TextKit.wordCount("Pile foundation first, it's said.", in: .english) == 5)
  }

  @Test func suggestionsFindCloseNames() {
    #expect(
      Suggestions.closest(to: "industrial_investmnt", in: ["industrial_investment", "growth"])
        == "industrial_investment")
    #expect(Suggestions.closest(to: "zzz", in: ["industrial_investment"]) == nil)
    #expect(Suggestions.closest(to: "titel", in: FrontMatter.knownKeys) == "title")
    #expect(Suggestions.closest(to: "fr", in: ["en", "zh"]) == nil)
  }
}

import Testing

@testable import BundSearch

struct ChineseTokenizerTests {
  @Test func everyIdeographAndEveryNeighbouringPair() {
    #expect(ChineseTokenizer.tokens(in: "技术改造") == ["技", "技术", "术", "术改", "改", "改造", "造"])
  }

  @Test func aSingleIdeographIsItsOwnTerm() {
    #expect(ChineseTokenizer.tokens(in: "投") == ["投"])
  }

  @Test func punctuationEndsARun() {
    #expect(
      ChineseTokenizer.tokens(in: "技改（技术）、投资") == [
        "技", "技改", "改", "技", "技术", "术", "投", "投资", "资",
      ])
  }

  @Test func latinWordsInsideChineseGoThroughTheEnglishTokenizer() {
    #expect(ChineseTokenizer.tokens(in: "AI产业") == ["ai", "产", "产业", "业"])
    #expect(ChineseTokenizer.tokens(in: "Projects落地") == ["project", "落", "落地", "地"])
  }

  @Test func numbersInsideChineseStayWhole() {
    #expect(
      ChineseTokenizer.tokens(in: "“3+6”新型产业体系") == [
        "3+6", "新", "新型", "型", "型产", "产", "产业", "业", "业体", "体", "体系", "系",
      ])
    #expect(ChineseTokenizer.tokens(in: "2023年1月29日") == ["2023", "年", "1", "月", "29", "日"])
    #expect(ChineseTokenizer.tokens(in: "超1700亿元") == ["超", "1700", "亿", "亿元", "元"])
  }

  @Test func fullWidthDigitsAndLettersCountAsASCII() {
    #expect(ChineseTokenizer.tokens(in: "ＡＩ产业３６") == ["ai", "产", "产业", "业", "36"])
  }

  @Test func queriesUsePairsOrTheSingleIdeograph() {
    #expect(ChineseTokenizer.queryTokens(in: "技术改造") == ["技术", "术改", "改造"])
    #expect(ChineseTokenizer.queryTokens(in: "投") == ["投"])
    #expect(ChineseTokenizer.queryTokens(in: "AI产业") == ["ai", "产业"])
    #expect(ChineseTokenizer.queryTokens(in: "3+6") == ["3+6"])
  }
}

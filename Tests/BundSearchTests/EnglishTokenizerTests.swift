import Testing

@testable import BundSearch

struct EnglishTokenizerTests {
  @Test func wordsAreLowercasedAndStopWordsDropped() {
    #expect(
      EnglishTokenizer.tokens(in: "The Investment Promotion of the City") == [
        "investment", "promotion", "city",
      ])
  }

  @Test func singleLettersAndPossessivesAreDropped() {
    #expect(
      EnglishTokenizer.tokens(in: "Shanghai's V-shaped rebound, a B c") == ["shanghai", "shap", "rebound"])
  }

  @Test func numbersKeepTheirDecimalsAndPlusAndLoseThousandsCommas() {
    #expect(
      EnglishTokenizer.tokens(in: "In 2022, investment grew 11.1% to RMB 1,700 billion in the “3+6” system")
        == ["2022", "investment", "grew", "11.1", "rmb", "1700", "billion", "3+6", "system"])
  }

  @Test func aCommaOrPointAfterANumberEndsIt() {
    #expect(EnglishTokenizer.tokens(in: "2022, 2023. 5G") == ["2022", "2023", "5g"])
  }

  @Test func ideographsAreLeftToTheChineseTokenizer() {
    #expect(EnglishTokenizer.tokens(in: "AI产业 拿地即开工 land") == ["ai", "land"])
  }

  @Test(arguments: [
    ("projects", "project"), ("industries", "industry"), ("policies", "policy"), ("classes", "class"),
    ("matches", "match"), ("boxes", "box"), ("buses", "bus"), ("status", "status"), ("analysis", "analysis"),
    ("process", "process"), ("days", "day"), ("starting", "start"), ("building", "build"), ("getting", "get"),
    ("planned", "plan"), ("falling", "fall"), ("missing", "miss"), ("string", "string"), ("thing", "thing"),
    ("applied", "apply"), ("agreed", "agreed"), ("speed", "speed"), ("manufacture", "manufactur"),
    ("manufacturing", "manufactur"), ("manufactured", "manufactur"), ("promotion", "promotion"),
    ("increases", "increas"), ("increased", "increas"), ("technologies", "technology"), ("use", "use"),
    ("café", "café"), ("2022", "2022"),
  ])
  func stemmer(word: String, stem: String) {
    #expect(EnglishTokenizer.stem(word) == stem)
  }
}

/// How one language's text is counted, cut, punctuated, searched and formatted. Data on
/// `Language`: the defaults follow its tag (Chinese rules for `zh…`, English rules otherwise), and
/// `text:` in site.yaml sets any of them for a language, so a third language (Japanese, say) gets
/// the rules it needs.
public struct TextRules: Sendable, Hashable {
  /// Words are counted as characters (Chinese, Japanese), not as runs between spaces.
  public var countsCharacters: Bool
  /// Sentences end at 。！？, where automatic summaries are cut, rather than at . ! ?
  public var fullWidthSentences: Bool
  /// libcmark's smart punctuation: "quotes" become curly, -- a dash.
  public var smartPunctuation: Bool
  /// Length of an automatic summary, in characters.
  public var summaryLength: Int
  /// Words (or characters) read in a minute, for the reading time.
  public var readingSpeed: Int
  /// The engine's own figures, dates and punctuation in Chinese style (1700亿元, 2023年1月29日, ，：)
  /// rather than English (RMB 170 billion, 29 January 2023, ", ").
  public var chineseFormats: Bool
  /// A line break in the source between two CJK characters joins them (no space), as Chinese
  /// and Japanese are written; otherwise it is a space, as in HTML.
  public var joinsCJKLines: Bool = true
  /// Search indexes single characters and pairs (no spaces between words) rather than stemmed words.
  public var searchesCharacters: Bool

  public init(
    countsCharacters: Bool, fullWidthSentences: Bool, smartPunctuation: Bool, summaryLength: Int,
    readingSpeed: Int, chineseFormats: Bool, searchesCharacters: Bool
  ) {
    self.countsCharacters = countsCharacters
    self.fullWidthSentences = fullWidthSentences
    self.smartPunctuation = smartPunctuation
    self.summaryLength = summaryLength
    self.readingSpeed = readingSpeed
    self.chineseFormats = chineseFormats
    self.searchesCharacters = searchesCharacters
  }

  public static let chinese = TextRules(
    countsCharacters: true, fullWidthSentences: true, smartPunctuation: false, summaryLength: 120,
    readingSpeed: 400, chineseFormats: true, searchesCharacters: true)

  public static let english = TextRules(
    countsCharacters: false, fullWidthSentences: false, smartPunctuation: true, summaryLength: 240,
    readingSpeed: 220, chineseFormats: false, searchesCharacters: false)

  /// The keys of `text:` in site.yaml, with what each takes.
  public static let keys: [(key: String, takes: String)] = [
    ("words", "characters or spaces"), ("sentences", "full_width or latin"),
    ("smart_punctuation", "true or false"), ("summary_length", "a whole number of characters"),
    ("reading_speed", "words or characters a minute"), ("formats", "zh or en"),
    ("search", "characters or words"), ("line_breaks", "join or space (between CJK characters)"),
  ]
}

/// Builds the search index of one language of the site. Pure: documents in, JSON text out.
public enum SearchIndexer {
  /// Characters of each document's text kept for snippets: the index must stay small (see
  /// `SearchStats.budgetPercent`), and `search.js` fetches the page itself for a match further on.
  public static func defaultSnippetLength(chinese: Bool) -> Int { chinese ? 60 : 120 }

  /// The `index.json` of one language (written to `<lang>/search/index.json`) and its sizes.
  ///
  /// `documents` are the language's pages and glossary entries (`GlossarySearch.documents`), with
  /// URLs relative to the search page. `chinese` only changes where snippets are cut: every index
  /// tokenizes Chinese and English alike (see `ChineseTokenizer`).
  public static func index(
    _ documents: [SearchDocument], chinese: Bool, snippetLength: Int? = nil
  ) -> (json: String, stats: SearchStats) {
    let index = SearchIndex(documents: documents)
    let encoded = index.json(
      snippetLength: snippetLength ?? defaultSnippetLength(chinese: chinese), chinese: chinese)
    let textBytes = documents.reduce(0) { $0 + $1.title.utf8.count + $1.text.utf8.count }
    let stats = SearchStats(
      documents: documents.count, terms: encoded.terms, postings: encoded.postings, textBytes: textBytes,
      indexBytes: encoded.json.utf8.count)
    return (encoded.json, stats)
  }
}

/// Sizes of one search index, for the build report.
public struct SearchStats: Sendable, Hashable {
  /// The index may be at most this share of the text it indexes, in percent.
  public static let budgetPercent = 35

  public var documents: Int
  /// Entries in the term list (single ideographs implied by their pairs are not counted).
  public var terms: Int
  public var postings: Int
  /// UTF-8 bytes of the titles and texts of all documents (headings are part of the text).
  public var textBytes: Int
  /// UTF-8 bytes of `index.json`.
  public var indexBytes: Int

  public init(documents: Int, terms: Int, postings: Int, textBytes: Int, indexBytes: Int) {
    self.documents = documents
    self.terms = terms
    self.postings = postings
    self.textBytes = textBytes
    self.indexBytes = indexBytes
  }

  /// The index size as a whole percentage of the text size, rounded up.
  public var percentOfText: Int {
    textBytes == 0 ? 0 : (indexBytes * 100 + textBytes - 1) / textBytes
  }

  public var isWithinBudget: Bool { indexBytes * 100 <= textBytes * Self.budgetPercent }

  /// One line for the build report: `search index: 23.4 KB for 36.2 KB of text (65%, budget 35%), …`.
  public var summary: String {
    "search index: \(Self.kilobytes(indexBytes)) for \(Self.kilobytes(textBytes)) of text "
      + "(\(percentOfText)%, budget \(Self.budgetPercent)%), \(documents) documents, \(terms) terms, \(postings) postings"
  }

  static func kilobytes(_ bytes: Int) -> String {
    let tenths = (bytes * 10 + 512) / 1024
    return "\(tenths / 10).\(tenths % 10) KB"
  }
}

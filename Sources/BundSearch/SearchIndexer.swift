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
  /// `siteTextBytes` is the size of the language's HTML pages, what the budget is measured against.
  public static func index(
    _ documents: [SearchDocument], chinese: Bool, siteTextBytes: Int, snippetLength: Int? = nil
  ) -> (json: String, stats: SearchStats) {
    let index = SearchIndex(documents: documents)
    let encoded = index.json(
      snippetLength: snippetLength ?? defaultSnippetLength(chinese: chinese), chinese: chinese)
    let textBytes = documents.reduce(0) { $0 + $1.title.utf8.count + $1.text.utf8.count }
    let stats = SearchStats(
      documents: documents.count, terms: encoded.terms, postings: encoded.postings, textBytes: textBytes,
      siteTextBytes: siteTextBytes, indexBytes: encoded.json.utf8.count)
    return (encoded.json, stats)
  }
}

/// Sizes of one search index, for the build report.
///
/// The budget compares the index with the site's text in that language: the bytes of its HTML pages,
/// what a reader would otherwise download to find a word. The share of the text the index covers
/// (titles, headings, bodies, glossary entries) is reported too. It cannot be the measure for Chinese:
/// a bigram index needs about 2,900 distinct pairs and 5,800 postings for this site's 29 KB of
/// Chinese, at least 1.3 bytes each even in binary, more than 35% of that text before any URL or title.
public struct SearchStats: Sendable, Hashable {
  /// The index may be at most this share of the site's text (its HTML pages) in its language, in percent.
  public static let budgetPercent = 35

  public var documents: Int
  /// Entries in the term list (single ideographs implied by their pairs are not counted).
  public var terms: Int
  public var postings: Int
  /// UTF-8 bytes of the titles and texts of all documents (headings are part of the text).
  public var textBytes: Int
  /// Bytes of the HTML pages of the index's language.
  public var siteTextBytes: Int
  /// UTF-8 bytes of `index.json`.
  public var indexBytes: Int

  public init(documents: Int, terms: Int, postings: Int, textBytes: Int, siteTextBytes: Int, indexBytes: Int)
  {
    self.documents = documents
    self.terms = terms
    self.postings = postings
    self.textBytes = textBytes
    self.siteTextBytes = siteTextBytes
    self.indexBytes = indexBytes
  }

  /// The index size as a whole percentage of the site's text in its language, rounded up.
  public var percentOfSite: Int { Self.percent(indexBytes, of: siteTextBytes) }

  /// The index size as a whole percentage of the text it indexes, rounded up.
  public var percentOfText: Int { Self.percent(indexBytes, of: textBytes) }

  public var isWithinBudget: Bool { indexBytes * 100 <= siteTextBytes * Self.budgetPercent }

  /// One line for the build report: `search index: 23.4 KB, 11% of the 220.6 KB of pages (budget
  /// 35%); 66% of the 35.9 KB of text it indexes; 74 documents, 987 terms, 2782 postings`.
  public var summary: String {
    "search index: \(Self.kilobytes(indexBytes)), \(percentOfSite)% of the \(Self.kilobytes(siteTextBytes)) of pages "
      + "(budget \(Self.budgetPercent)%); \(percentOfText)% of the \(Self.kilobytes(textBytes)) of text it indexes; "
      + "\(documents) documents, \(terms) terms, \(postings) postings"
  }

  static func percent(_ part: Int, of whole: Int) -> Int {
    whole == 0 ? 0 : (part * 100 + whole - 1) / whole
  }

  static func kilobytes(_ bytes: Int) -> String {
    let tenths = (bytes * 10 + 512) / 1024
    return "\(tenths / 10).\(tenths % 10) KB"
  }
}

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
  /// Distinct terms written (every ideograph, pair of ideographs and English term).
  public var terms: Int
  public var postings: Int
  /// UTF-8 bytes of the titles and texts of all documents (headings are part of the text).
  public var textBytes: Int
  /// Bytes of the HTML pages of the index's language.
  public var siteTextBytes: Int
  /// Bytes of all the index's files (entry, term chunks, result shards).
  public var indexBytes: Int
  /// How many files the index has.
  public var files: Int
  /// Bytes of the entry file, what every reader loads first.
  public var entryBytes: Int

  public init(
    documents: Int, terms: Int, postings: Int, textBytes: Int, siteTextBytes: Int, indexBytes: Int,
    files: Int = 1, entryBytes: Int = 0
  ) {
    self.documents = documents
    self.terms = terms
    self.postings = postings
    self.textBytes = textBytes
    self.siteTextBytes = siteTextBytes
    self.indexBytes = indexBytes
    self.files = files
    self.entryBytes = entryBytes
  }

  /// The index size as a whole percentage of the site's text in its language, rounded up.
  public var percentOfSite: Int { Self.percent(indexBytes, of: siteTextBytes) }

  /// The index size as a whole percentage of the text it indexes, rounded up.
  public var percentOfText: Int { Self.percent(indexBytes, of: textBytes) }

  public var isWithinBudget: Bool { indexBytes * 100 <= siteTextBytes * Self.budgetPercent }

  /// One line for the build report: `search index: 23.4 KB in 40 files (entry 0.3 KB), 11% of the
  /// 220.6 KB of pages (budget 35%); 66% of the 35.9 KB of text it indexes; 74 documents, 987 terms,
  /// 2782 postings`.
  public var summary: String {
    "search index: \(Self.kilobytes(indexBytes)) in \(files) files (entry \(Self.kilobytes(entryBytes))), "
      + "\(percentOfSite)% of the \(Self.kilobytes(siteTextBytes)) of pages "
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

/// The terms of one document and the fields each occurs in: the part of indexing done page by page,
/// in parallel, before the merge (`ChunkedIndex`).
public struct DocumentTerms: Sendable {
  /// Each distinct term of the document with the fields holding it.
  public var fields: [String: SearchFields]

  /// Tokenizes the title, headings and text of `document` (see `ChineseTokenizer`).
  public init(_ document: SearchDocument) {
    var fields: [String: SearchFields] = [:]
    for token in ChineseTokenizer.tokens(in: document.title) { fields[token, default: []].insert(.title) }
    for heading in document.headings {
      for token in ChineseTokenizer.tokens(in: heading) { fields[token, default: []].insert(.heading) }
    }
    for token in ChineseTokenizer.tokens(in: document.text) { fields[token, default: []].insert(.body) }
    self.fields = fields
  }

}

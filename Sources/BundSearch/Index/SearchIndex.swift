/// A search index in memory: the documents in a fixed order and, for each term, the documents that
/// hold it and in which fields. `search` ranks exactly as `search.js` does on the JSON form.
public struct SearchIndex: Sendable {
  /// Where a term occurs: a document (its position in `documents`) and the fields that hold it.
  public struct Posting: Sendable, Hashable {
    public var document: Int
    public var fields: SearchFields

    public init(document: Int, fields: SearchFields) {
      self.document = document
      self.fields = fields
    }
  }

  /// The documents sorted by kind (pages first), then URL and title, so the input order never matters.
  public let documents: [SearchDocument]
  /// Each term's postings, sorted by document.
  public let postings: [String: [Posting]]

  public init(documents: [SearchDocument]) {
    let sorted = Self.ordered(documents)
    var postings: [String: [Posting]] = [:]
    for (position, document) in sorted.enumerated() {
      for (term, found) in DocumentTerms(document).fields {
        postings[term, default: []].append(Posting(document: position, fields: found))
      }
    }
    self.documents = sorted
    self.postings = postings
  }

  /// Documents in index order: by kind (pages first), then URL, title and text.
  static func ordered(_ documents: [SearchDocument]) -> [SearchDocument] {
    documents.sorted {
      ($0.kind.rank, $0.url, $0.title, $0.text) < ($1.kind.rank, $1.url, $1.title, $1.text)
    }
  }

  /// The documents matching every term of the query, best first: by the sum over the terms of the
  /// weight of the fields each occurs in (title 10, heading 5, body 1), then in document order.
  public func search(_ query: SearchQuery) -> [SearchHit] {
    guard !query.isEmpty else { return [] }
    var scores: [Int: Int]?
    for term in query.terms {
      let found = fields(matching: term)
      var next: [Int: Int] = [:]
      for (document, fields) in found {
        if let previous = scores {
          if let score = previous[document] { next[document] = score + fields.weight }
        } else {
          next[document] = fields.weight
        }
      }
      scores = next
      if next.isEmpty { break }
    }
    return (scores ?? [:]).map { SearchHit(position: $0.key, document: documents[$0.key], score: $0.value) }
      .sorted { ($1.score, $0.position) < ($0.score, $1.position) }
  }

  public func search(_ text: String) -> [SearchHit] { search(SearchQuery(text)) }

  /// Document → fields for one query term; a prefix term gathers every index term it starts.
  func fields(matching term: SearchQuery.Term) -> [Int: SearchFields] {
    var found: [Int: SearchFields] = [:]
    if term.isPrefix {
      for (indexTerm, list) in postings where term.matches(indexTerm) {
        for posting in list { found[posting.document, default: []].formUnion(posting.fields) }
      }
    } else {
      for posting in postings[term.text] ?? [] { found[posting.document] = posting.fields }
    }
    return found
  }
}

/// A document found by a query, with its position in the index and its score.
public struct SearchHit: Sendable, Hashable {
  public var position: Int
  public var document: SearchDocument
  public var score: Int
}

/// The terms of one document and the fields each occurs in: the part of indexing done page by page,
/// in parallel, before the merge (`PostingsBuilder`).
public struct DocumentTerms: Sendable {
  /// Each distinct term of the document with the fields holding it.
  var fields: [TermKey: SearchFields]

  /// Tokenizes the title, headings and text of `document` (see `ChineseTokenizer`).
  public init(_ document: SearchDocument) {
    var fields: [TermKey: SearchFields] = [:]
    for token in ChineseTokenizer.tokens(in: document.title) {
      fields[TermKey(token), default: []].insert(.title)
    }
    for heading in document.headings {
      for token in ChineseTokenizer.tokens(in: heading) {
        fields[TermKey(token), default: []].insert(.heading)
      }
    }
    for token in ChineseTokenizer.tokens(in: document.text) {
      fields[TermKey(token), default: []].insert(.body)
    }
    self.fields = fields
  }

  /// The number of distinct terms.
  public var count: Int { fields.count }
}

/// A term as a dictionary key compared and hashed by its UTF-8 bytes: `String`'s own hashing
/// normalizes non-ASCII text first, which made hashing most of the cost of indexing Chinese.
struct TermKey: Hashable, Sendable {
  let text: String

  init(_ text: String) {
    self.text = text
  }

  static func == (lhs: TermKey, rhs: TermKey) -> Bool {
    lhs.text.utf8.count == rhs.text.utf8.count && lhs.text.utf8.elementsEqual(rhs.text.utf8)
  }

  func hash(into hasher: inout Hasher) {
    let done: Void? = text.utf8.withContiguousStorageIfAvailable {
      hasher.combine(bytes: UnsafeRawBufferPointer($0))
    }
    if done == nil {
      for byte in text.utf8 { hasher.combine(byte) }
    }
    hasher.combine(text.utf8.count)
  }
}

/// Gathers the postings of documents added in order: one append per (document, term), so the merge
/// is linear in the postings whatever the number of distinct terms.
struct PostingsBuilder {
  /// Terms in the order first seen.
  private(set) var names: [String] = []
  /// Per term (same order as `names`): `document << 3 | fields`, in document order.
  private(set) var lists: [[UInt32]] = []
  private var ids: [TermKey: Int] = [:]
  private(set) var postingCount = 0

  /// Adds the terms of the next document; documents must come in increasing order.
  mutating func add(_ terms: DocumentTerms, document: Int) {
    for (term, fields) in terms.fields {
      let posting = UInt32(document) << 3 | UInt32(fields.rawValue)
      if let id = ids[term] {
        lists[id].append(posting)
      } else {
        ids[term] = names.count
        names.append(term.string)
        lists.append([posting])
      }
    }
    postingCount += terms.fields.count
  }

  /// The positions of `names` in code point order (the order of UTF-8 bytes), which `search.js`
  /// follows to find a term's chunk.
  func sortedOrder() -> [Int] {
    names.indices.sorted { names[$0].utf8.lexicographicallyPrecedes(names[$1].utf8) }
  }
}

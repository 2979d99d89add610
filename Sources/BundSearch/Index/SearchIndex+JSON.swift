extension SearchIndex {
  /// The index as `index.json` for `search.js`: the same input always gives the same bytes.
  ///
  /// ```
  /// {"docs":[[url, title, section, text, truncated], …],
  /// "format":1,
  /// "postings":"…",
  /// "sections":["", "Briefings", …],
  /// "terms":"…",
  /// "weights":[10,5,1]}
  /// ```
  /// `section` is a position in `sections`; `text` is the start of the document's text, for
  /// snippets, and `truncated` is 1 when it was cut (the page itself holds the rest). `terms` and
  /// `postings` are described in `IndexEncoding`. A single ideograph that only ever occurs next to
  /// another has no entry of its own: the reader takes its postings from the pairs that contain it.
  func json(snippetLength: Int, chinese: Bool) -> (json: String, terms: Int, postings: Int) {
    let sections = Array(Set(documents.map(\.section))).sorted(by: IndexEncoding.termOrder)
    let sectionPosition = Dictionary(uniqueKeysWithValues: sections.enumerated().map { ($1, $0) })
    let docs = documents.map { document in
      let excerpt = Excerpt(
        document.text, skipping: document.headings, limit: snippetLength, chinese: chinese)
      let fields = [
        IndexEncoding.jsonString(document.url), IndexEncoding.jsonString(document.title),
        String(sectionPosition[document.section] ?? 0), IndexEncoding.jsonString(excerpt.text),
        excerpt.truncated ? "1" : "0",
      ]
      return "[" + fields.joined(separator: ",") + "]"
    }
    let stored = storedPostings()
    let terms = stored.keys.sorted(by: IndexEncoding.termOrder)
    let lists = terms.map { IndexEncoding.postingList(stored[$0] ?? []) }
    let json =
      "{\"docs\":[\n" + docs.joined(separator: ",\n") + "],\n\"format\":1,\n\"postings\":"
      + IndexEncoding.jsonString(lists.joined(separator: ",")) + ",\n\"sections\":["
      + sections.map(IndexEncoding.jsonString).joined(separator: ",") + "],\n\"terms\":"
      + IndexEncoding.jsonString(IndexEncoding.frontCoded(terms)) + ",\n\"weights\":["
      + [SearchFields.title, .heading, .body].map { String($0.weight) }.joined(separator: ",") + "]}\n"
    return (json, terms.count, stored.values.reduce(0) { $0 + $1.count })
  }

  /// The postings to write: those of a single ideograph that the pairs containing it already imply
  /// (same document, no field beyond theirs) are left out.
  func storedPostings() -> [String: [Posting]] {
    var implied: [String: [Int: SearchFields]] = [:]
    for (term, list) in postings {
      let scalars = Array(term.unicodeScalars)
      guard scalars.count == 2, scalars.allSatisfy(TextRuns.isIdeograph) else { continue }
      for scalar in Set(scalars) {
        for posting in list {
          implied[String(scalar), default: [:]][posting.document, default: []].formUnion(posting.fields)
        }
      }
    }
    var stored = postings
    for (character, byDocument) in implied {
      guard let list = postings[character] else { continue }
      let kept = list.filter { posting in
        !(byDocument[posting.document].map { $0.isSuperset(of: posting.fields) } ?? false)
      }
      stored[character] = kept.isEmpty ? nil : kept
    }
    return stored
  }
}

/// The start of a document's text kept for snippets: lines that are headings left out, whitespace
/// collapsed, cut after `limit` characters (in English at the last space before the limit).
struct Excerpt {
  var text: String
  var truncated: Bool

  init(_ text: String, skipping headings: [String] = [], limit: Int, chinese: Bool) {
    let headingLines = Set(headings.map { Self.trimmed(Substring($0)) })
    let body = text.split(separator: "\n").filter { !headingLines.contains(Self.trimmed($0)) }
    let collapsed = body.joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
    guard collapsed.count > limit else {
      self.text = collapsed
      truncated = false
      return
    }
    var cut = collapsed.index(collapsed.startIndex, offsetBy: max(0, limit))
    if !chinese, let space = collapsed[..<cut].lastIndex(of: " "),
      collapsed.distance(from: collapsed.startIndex, to: space) > limit / 2
    {
      cut = space
    }
    self.text = String(collapsed[..<cut])
    truncated = true
  }

  static func trimmed(_ text: Substring) -> Substring {
    guard let first = text.firstIndex(where: { !$0.isWhitespace }),
      let last = text.lastIndex(where: { !$0.isWhitespace })
    else { return "" }
    return text[first...last]
  }
}

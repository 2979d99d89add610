/// A query as the search runs it: the terms every result must contain.
///
/// Terms come from `ChineseTokenizer` rules (a run of ideographs gives its pairs, a single ideograph
/// itself, a word its English term). The last word, when nothing follows it, is still being typed:
/// it matches every term that starts with it or with its stem (`promot` finds `promotion`), and it
/// is left out while it is a single letter, a stop word or a term the query already holds (`year on
/// year`). Repeated terms count once. `search.js` parses queries the same way.
public struct SearchQuery: Sendable, Hashable {
  /// One term of a query.
  public struct Term: Sendable, Hashable {
    /// The term, stemmed like the index (for a prefix, the stem of what was typed).
    public var text: String
    /// For the word being typed: the strings an index term may start with (as typed, and its stem).
    public var prefixes: [String]

    public init(text: String, prefixes: [String]) {
      self.text = text
      self.prefixes = prefixes
    }

    public var isPrefix: Bool { !prefixes.isEmpty }

    /// Whether an index term matches this query term.
    public func matches(_ term: String) -> Bool {
      isPrefix ? prefixes.contains { term.hasPrefix($0) } : term == text
    }
  }

  public var terms: [Term]

  public init(_ text: String) {
    let runs = TextRuns.runs(in: text)
    let endsInWord =
      text.unicodeScalars.last.map { scalar in
        let folded = TextRuns.folded(scalar)
        return TextRuns.isWordScalar(folded) && !TextRuns.isIdeograph(folded)
      } ?? false
    var terms: [Term] = []
    for (position, run) in runs.enumerated() {
      if run.isIdeographic {
        terms += ChineseTokenizer.queryTerms(ofIdeographs: run.text).map { Term(text: $0, prefixes: []) }
      } else if position == runs.count - 1 && endsInWord {
        let typed = run.text.lowercased()
        guard let term = EnglishTokenizer.term(for: typed) else { continue }
        terms.append(Term(text: term, prefixes: typed == term ? [term] : [typed, term]))
      } else if let term = EnglishTokenizer.term(for: run.text) {
        terms.append(Term(text: term, prefixes: []))
      }
    }
    var seen: Set<Term> = []
    let exact = Set(terms.filter { !$0.isPrefix }.map(\.text))
    self.terms = terms.filter { ($0.isPrefix ? !exact.contains($0.text) : true) && seen.insert($0).inserted }
  }

  public var isEmpty: Bool { terms.isEmpty }
}

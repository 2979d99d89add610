/// One thing the search can find: a rendered page or a glossary entry, as plain text.
public struct SearchDocument: Sendable, Hashable {
  /// What the document is; ties in ranking go to pages first, then sections, home pages, glossary entries.
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    case page
    case section
    case home
    case glossary

    var rank: Int {
      switch self {
      case .page: 0
      case .section: 1
      case .home: 2
      case .glossary: 3
      }
    }
  }

  /// The URL relative to the search page (`../briefings/review-2022/`, `../glossary/#term-year-on-year`).
  public var url: String
  public var title: String
  /// The text of the page's headings (h2 and below).
  public var headings: [String]
  /// The page's plain text, without its title.
  public var text: String
  /// The label shown under a result (the title of the page's section), or "".
  public var section: String
  public var kind: Kind

  public init(
    url: String, title: String, headings: [String] = [], text: String, section: String = "",
    kind: Kind = .page
  ) {
    self.url = url
    self.title = title
    self.headings = headings
    self.text = text
    self.section = section
    self.kind = kind
  }
}

/// The parts of a document a term can occur in, as bits: body 1, heading 2, title 4.
public struct SearchFields: OptionSet, Sendable, Hashable {
  public let rawValue: Int

  public init(rawValue: Int) {
    self.rawValue = rawValue
  }

  public static let body = SearchFields(rawValue: 1)
  public static let heading = SearchFields(rawValue: 2)
  public static let title = SearchFields(rawValue: 4)

  /// Title 10, heading 5, body 1, added up over the fields the term occurs in.
  public var weight: Int {
    (contains(.title) ? 10 : 0) + (contains(.heading) ? 5 : 0) + (contains(.body) ? 1 : 0)
  }
}

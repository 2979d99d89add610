/// A Markdown page as loaded from `Content/`, before rendering.
public struct Page: Sendable, Hashable {
  public enum Kind: String, Sendable, Hashable {
    case home
    case section
    case page
  }

  /// Path inside `Content/`, e.g. `briefings/review-2022.en.md`.
  public var contentPath: String
  /// Path to show in messages, e.g. `Content/briefings/review-2022.en.md`.
  public var sourcePath: String
  /// Language code from the file suffix.
  public var language: String
  /// Translation key shared by a pair: `briefings/review-2022`; a section's key is its folder; home is "".
  public var key: String
  public var kind: Kind
  /// Folder of the page inside `Content/` ("" at the top).
  public var section: String
  public var frontMatter: FrontMatter
  /// Markdown after the front matter.
  public var body: String
  /// Line number in the file of the body's first line, minus one.
  public var bodyLineOffset: Int
  /// URL path below the output root, always ending in `/`: `en/briefings/review-2022/`.
  public var urlPath: String

  public init(
    contentPath: String, sourcePath: String, language: String, key: String, kind: Kind, section: String,
    frontMatter: FrontMatter, body: String, bodyLineOffset: Int, urlPath: String
  ) {
    self.contentPath = contentPath
    self.sourcePath = sourcePath
    self.language = language
    self.key = key
    self.kind = kind
    self.section = section
    self.frontMatter = frontMatter
    self.body = body
    self.bodyLineOffset = bodyLineOffset
    self.urlPath = urlPath
  }

  /// The location of a line of the body, for messages.
  public func location(bodyLine: Int, column: Int) -> SourceLocation {
    SourceLocation(file: sourcePath, line: bodyLine > 0 ? bodyLine + bodyLineOffset : 0, column: column)
  }
}

/// The YAML front matter of a page.
public struct FrontMatter: Sendable, Hashable {
  public var title: String
  public var shortTitle: String?
  public var date: SimpleDate?
  public var updated: SimpleDate?
  public var summary: String?
  public var slug: String?
  public var weight: Int?
  public var draft: Bool
  public var template: String?
  public var tags: [String]
  public var translationOf: String?
  /// Where each key was written, for messages about its value.
  public var locations: [String: SourceLocation]

  public init(
    title: String, shortTitle: String? = nil, date: SimpleDate? = nil, updated: SimpleDate? = nil,
    summary: String? = nil, slug: String? = nil, weight: Int? = nil, draft: Bool = false,
    template: String? = nil, tags: [String] = [], translationOf: String? = nil,
    locations: [String: SourceLocation] = [:]
  ) {
    self.title = title
    self.shortTitle = shortTitle
    self.date = date
    self.updated = updated
    self.summary = summary
    self.slug = slug
    self.weight = weight
    self.draft = draft
    self.template = template
    self.tags = tags
    self.translationOf = translationOf
    self.locations = locations
  }

  /// The keys a front matter block may hold.
  public static let knownKeys = [
    "title", "short_title", "date", "updated", "summary", "slug", "weight", "draft", "template", "tags",
    "translation_of",
  ]
}

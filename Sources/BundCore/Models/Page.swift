/// A Markdown page as loaded from `Content/`, before rendering.
///
/// A value, but its fields live in one shared immutable object: the build copies pages a great
/// deal (lists, sorting, lookups), and a copy is then one reference count instead of one per string.
public struct Page: Sendable, Hashable {
  public enum Kind: String, Sendable, Hashable {
    case home
    case section
    case page
  }

  // Usable from inline code, so other modules read one field of a page without a call (and without
  // copying the whole front matter out of it).
  @usableFromInline final class Storage: Sendable {
    @usableFromInline let contentPath: String
    @usableFromInline let sourcePath: String
    @usableFromInline let language: String
    @usableFromInline let key: String
    @usableFromInline let kind: Kind
    @usableFromInline let section: String
    @usableFromInline let frontMatter: FrontMatter
    @usableFromInline let body: String
    @usableFromInline let bodyLineOffset: Int
    @usableFromInline let urlPath: String

    init(
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
  }

  @usableFromInline let storage: Storage

  /// Path inside `Content/`, e.g. `briefings/review-2022.en.md`.
  @inlinable public var contentPath: String { storage.contentPath }
  /// Path to show in messages, e.g. `Content/briefings/review-2022.en.md`.
  @inlinable public var sourcePath: String { storage.sourcePath }
  /// Language code from the file suffix.
  @inlinable public var language: String { storage.language }
  /// Translation key shared by a pair: `briefings/review-2022`; a section's key is its folder; home is "".
  @inlinable public var key: String { storage.key }
  @inlinable public var kind: Kind { storage.kind }
  /// Folder of the page inside `Content/` ("" at the top).
  @inlinable public var section: String { storage.section }
  /// Read in place (`page.frontMatter.date` copies nothing): the front matter holds many strings.
  @inlinable public var frontMatter: FrontMatter {
    _read { yield storage.frontMatter }
  }
  /// Markdown after the front matter.
  @inlinable public var body: String { storage.body }
  /// Line number in the file of the body's first line, minus one.
  @inlinable public var bodyLineOffset: Int { storage.bodyLineOffset }
  /// URL path below the output root, always ending in `/`: `en/briefings/review-2022/`.
  @inlinable public var urlPath: String { storage.urlPath }

  public init(
    contentPath: String, sourcePath: String, language: String, key: String, kind: Kind, section: String,
    frontMatter: FrontMatter, body: String, bodyLineOffset: Int, urlPath: String
  ) {
    storage = Storage(
      contentPath: contentPath, sourcePath: sourcePath, language: language, key: key, kind: kind,
      section: section, frontMatter: frontMatter, body: body, bodyLineOffset: bodyLineOffset, urlPath: urlPath
    )
  }

  public static func == (lhs: Page, rhs: Page) -> Bool {
    if lhs.storage === rhs.storage { return true }
    return lhs.contentPath == rhs.contentPath && lhs.sourcePath == rhs.sourcePath
      && lhs.language == rhs.language && lhs.key == rhs.key && lhs.kind == rhs.kind
      && lhs.section == rhs.section && lhs.frontMatter == rhs.frontMatter
      && lhs.bodyLineOffset == rhs.bodyLineOffset && lhs.urlPath == rhs.urlPath && lhs.body == rhs.body
  }

  public func hash(into hasher: inout Hasher) {
    hashWithoutBody(into: &hasher)
    hasher.combine(body)
  }

  /// Feeds every field but the body: a caller can hash the body its own (faster) way.
  public func hashWithoutBody(into hasher: inout Hasher) {
    hasher.combine(contentPath)
    hasher.combine(sourcePath)
    hasher.combine(language)
    hasher.combine(key)
    hasher.combine(kind)
    hasher.combine(section)
    hasher.combine(frontMatter)
    hasher.combine(bodyLineOffset)
    hasher.combine(urlPath)
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
  /// The hashes of the source's blocks when the translation was marked (`bund status --mark`).
  public var translationBlocks: String?
  /// When the page may be published, if later than `date` (an embargo): until then it is left out.
  public var publishAt: SimpleDate?
  /// Old URL paths of the page (`/en/old-name/`): each gets a redirect page.
  public var aliases: [String] = []
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
    "translation_of", "translation_blocks", "publish_at", "aliases",
  ]

  /// The instant from which the page may be published: `publish_at`, else `date`, else always.
  public var publishedFrom: SimpleDate? { publishAt ?? date }
}

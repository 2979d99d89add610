import BundCore

/// Options for one Markdown document, decided per page.
public struct MarkdownOptions: Sendable, Hashable {
  /// The page's language's text rules: smart punctuation (curly quotes and dashes) and whether a line
  /// break between two CJK characters joins them instead of becoming a space.
  public var text: TextRules
  /// Let raw HTML and `javascript:` links through.
  public var allowRawHTML: Bool
  /// Ids the page's templates use (`main`, `search-q`): no heading gets one of them.
  public var reservedIDs: Set<String>

  public init(text: TextRules, allowRawHTML: Bool = false, reservedIDs: Set<String> = []) {
    self.text = text
    self.allowRawHTML = allowRawHTML
    self.reservedIDs = reservedIDs
  }
}

/// What the site makes of a link destination written in Markdown.
public enum LinkResolution: Sendable, Hashable {
  /// Leave it as written (external links, `mailto:`, plain anchors).
  case keep
  /// Write this URL instead (a content file resolved to its page).
  case replace(String)
  /// The link leads nowhere: report this message.
  case broken(String)
}

/// A shortcode such as `{{fig key}}` expanded to text (inline) or HTML (a block of its own).
public enum ShortcodeExpansion: Sendable, Hashable {
  case text(String)
  case html(String)
  case failure(String)
}

/// The callbacks through which the site resolves links and shortcodes while a page renders.
public struct MarkdownHooks {
  public var resolveLink: (String) -> LinkResolution
  /// `(name, argument, isBlock)`: `{{fig x}}` inline, `{{table x}}` as a paragraph of its own.
  public var expandShortcode: (String, String, Bool) -> ShortcodeExpansion
  /// The pixel size of the image a destination leads to, when the site knows it.
  public var imageSize: (String) -> ImageSize?

  public init(
    resolveLink: @escaping (String) -> LinkResolution = { _ in .keep },
    expandShortcode: @escaping (String, String, Bool) -> ShortcodeExpansion = { name, _, _ in
      .failure("unknown shortcode '\(name)'")
    },
    imageSize: @escaping (String) -> ImageSize? = { _ in nil }
  ) {
    self.resolveLink = resolveLink
    self.expandShortcode = expandShortcode
    self.imageSize = imageSize
  }
}

/// A heading of the document with its anchor id.
public struct Heading: Sendable, Hashable {
  public var level: Int
  public var text: String
  public var id: String
  public var line: Int

  public init(level: Int, text: String, id: String, line: Int) {
    self.level = level
    self.text = text
    self.id = id
    self.line = line
  }
}

/// A problem in a Markdown body, at a line and column (characters) of the body.
public struct MarkdownIssue: Sendable, Hashable {
  public enum Severity: Sendable, Hashable {
    case error
    case warning
  }

  public var severity: Severity
  public var message: String
  public var line: Int
  public var column: Int

  public init(_ severity: Severity, _ message: String, line: Int, column: Int) {
    self.severity = severity
    self.message = message
    self.line = line
    self.column = column
  }
}

/// An image found in the document, for checks of its file and alt text.
public struct ImageReference: Sendable, Hashable {
  public var destination: String
  public var alt: String
  public var line: Int
  public var column: Int
}

/// A link as written in the document, with its position, for checks after every page is rendered.
public struct LinkReference: Sendable, Hashable {
  public var destination: String
  public var line: Int
  public var column: Int
}

/// The result of rendering one Markdown document.
public struct RenderedMarkdown: Sendable, Hashable {
  public var html: String
  public var headings: [Heading]
  /// Plain text of the first paragraph, for summaries.
  public var firstParagraph: String
  /// Plain text of the whole document, for word counts and search.
  public var plainText: String
  public var images: [ImageReference]
  public var links: [LinkReference]
  public var issues: [MarkdownIssue]
}

/// A tag of a compiled template with its position: what the compiler saw, for checks made outside it.
public struct MustacheTag: Sendable, Hashable {
  public enum Kind: Sendable, Hashable {
    /// `{{name}}`, `{{{name}}}`, `{{&name}}`.
    case variable
    /// `{{#name}}`.
    case section
    /// `{{^name}}`.
    case invertedSection
    /// `{{>name}}`: `name` is a template.
    case partial
    /// `{{<name}}`: `name` is a template.
    case parent
    /// `{{$name}}`: `name` is a block.
    case block
  }

  public var kind: Kind
  /// The name as written between the delimiters: `page.title`, `empty(page.tags)`, `partials/header`.
  public var name: String
  /// The segments of a name searched for in the context stack, from the top frame down:
  /// `["page", "title"]` for `page.title` and for `empty(page.title)`. Empty for the current value
  /// (`.`), names read in the current value only (`.title`), `first()`, `last()`, templates and blocks.
  public var path: [String]
  /// The template the tag is in.
  public var templateName: String
  /// The 1-based line of the tag's opening delimiter.
  public var line: Int
  /// The 1-based column of the tag's opening delimiter, in characters.
  public var column: Int

  public init(kind: Kind, name: String, path: [String], templateName: String, line: Int, column: Int) {
    self.kind = kind
    self.name = name
    self.path = path
    self.templateName = templateName
    self.line = line
    self.column = column
  }

  /// Whether the tag names a template: a partial or a parent.
  public var isTemplateReference: Bool { kind == .partial || kind == .parent }
}

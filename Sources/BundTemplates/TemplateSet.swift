import BundCore
import BundMustache
import Foundation

/// A value templates read: what the contexts of pages are made of.
public typealias TemplateValue = MustacheValue

/// The site's Mustache templates, compiled once and checked: the only user of BundMustache.
public struct TemplateSet: Sendable {
  private let library: MustacheLibrary
  /// Template names (`page`, `partials/header`) with their file paths.
  public let names: [String: String]
  /// Every tag of the templates that compiled, template by template (sorted by name), each in
  /// source order: what checks of names read, instead of the templates' text.
  public let tags: [TemplateTag]
  /// The fixed ids the templates write (`id="main"`), not those made from a tag (`id="{{anchor}}"`).
  public let fixedIDs: Set<String>
  /// For each template, the name segments its tags use, its partials' and parents' included:
  /// `first` holds the first segments (`{{page.title}}` gives `page`), `all` every one (`page`, `title`).
  private let segments: [String: (first: Set<String>, all: Set<String>)]

  /// Compiles every template once; syntax errors and missing partials are reported with their
  /// positions, every one of them (a template with an error is left out, and hides no other's).
  public static func compile(_ files: [SourceFile]) -> (TemplateSet, [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    var names: [String: String] = [:]
    var texts: [String: String] = [:]
    for file in files {
      let name = String(file.relativePath.dropLast(".mustache".count))
      guard let text = String(data: file.bytes, encoding: .utf8) else {
        diagnostics.append(.error("template is not valid UTF-8", at: SourceLocation(file: file.displayPath)))
        continue
      }
      names[name] = file.displayPath
      texts[name] = text
    }
    let (library, errors) = MustacheLibrary.compiling(texts)
    for error in errors {
      diagnostics.append(
        .error(
          "template syntax error: \(error.message)",
          at: SourceLocation(
            file: names[error.templateName] ?? error.templateName, line: error.line, column: error.column),
          notes: [texts[error.templateName].flatMap { Self.line(error.line, of: $0) }].compactMap { $0 }))
    }
    let tags = library.tags.map { TemplateTag($0, file: names[$0.templateName] ?? $0.templateName) }
    for tag in tags where tag.isTemplateReference && !tag.name.isEmpty && names[tag.name] == nil {
      let kind = tag.kind == .parent ? "parent template" : "partial"
      diagnostics.append(
        .error(
          "\(kind) '\(tag.name)' does not exist\(Suggestions.hint(for: tag.name, in: names.keys))",
          at: tag.location, notes: ["templates: \(names.keys.sorted().joined(separator: ", "))"]))
    }
    var segments: [String: (first: Set<String>, all: Set<String>)] = [:]
    var fixedIDs: Set<String> = []
    for name in library.templateNames {
      if let read = library.names(readBy: name) { segments[name] = read }
      for text in library.literalText(of: name) { fixedIDs.formUnion(Self.ids(in: text)) }
    }
    let set = TemplateSet(library: library, names: names, tags: tags, fixedIDs: fixedIDs, segments: segments)
    return (set, diagnostics)
  }

  public func contains(_ name: String) -> Bool { names[name] != nil }

  /// The second segments of the names tags look up under `scope`: `data` gives `glossary` for
  /// `{{#data.glossary}}` and `{{data.glossary.0.term}}`.
  public func names(under scope: String) -> Set<String> {
    Set(tags.lazy.filter { $0.path.count >= 2 && $0.path[0] == scope }.map { $0.path[1] })
  }

  /// Whether template `name` (with what it includes) may read a top-level value called `key`
  /// (a tag's name starts with it: `{{#key}}`, `{{key.x}}`). A context may leave out what no template
  /// reads. Unknown templates read everything.
  public func mayRead(topLevel key: String, in name: String) -> Bool {
    segments[name]?.first.contains(key) ?? true
  }

  /// Whether template `name` may read a value called `key` at any depth (`{{page.key}}`, or `{{key}}`
  /// inside a section).
  public func mayRead(anywhere key: String, in name: String) -> Bool {
    segments[name]?.all.contains(key) ?? true
  }

  /// Renders a template over a stack of context frames (searched last to first, so `[shared, page]`
  /// lets the page's values win). Also returns the top-level names the template asked for that no
  /// frame has (Mustache itself renders them as nothing), so typos can be reported.
  /// nil when there is no such template (or partials include each other without end).
  public func render(_ name: String, frames: [TemplateValue]) -> (bytes: [UInt8], unresolved: Set<String>)? {
    do {
      return try library.render(name, frames: frames)
    } catch {
      return nil
    }
  }

  /// The values of `id="…"` in literal template text; one cut off by a tag is the template's business.
  static func ids(in text: String) -> [String] {
    text.components(separatedBy: "id=\"").dropFirst().compactMap { part in
      guard let end = part.firstIndex(of: "\""), end > part.startIndex else { return nil }
      return String(part[..<end])
    }
  }

  static func line(_ number: Int, of text: String) -> String? {
    let lines = text.lines()
    return number >= 1 && number <= lines.count ? String(lines[number - 1]) : nil
  }
}

/// A tag of a compiled template (`{{page.title}}`, `{{#data.glossary}}`, `{{> partials/nav}}`),
/// with the file and position it was written at.
public struct TemplateTag: Sendable, Hashable {
  public typealias Kind = MustacheTag.Kind

  public var kind: Kind
  /// The name as written: `page.title`, `empty(page.tags)`, `partials/header`.
  public var name: String
  /// The segments looked up in the context stack: `["page", "title"]` for `page.title` and
  /// `empty(page.title)`; empty for `.`, `.name` (read in the current value only), templates and blocks.
  public var path: [String]
  /// The template's name (`partials/header`).
  public var template: String
  public var location: SourceLocation

  init(_ tag: MustacheTag, file: String) {
    kind = tag.kind
    name = tag.name
    path = tag.path
    template = tag.templateName
    location = SourceLocation(file: file, line: tag.line, column: tag.column)
  }

  /// A tag that reads a value: `{{name}}`, `{{{name}}}`, `{{&name}}`, `{{#name}}`, `{{^name}}`.
  public var readsValue: Bool { kind == .variable || kind == .section || kind == .invertedSection }

  /// A partial `{{>name}}` or parent `{{<name}}`.
  public var isTemplateReference: Bool { kind == .partial || kind == .parent }
}

import BundCore
import BundMustache
import Foundation

/// The site's Mustache templates, compiled once and checked: the only user of BundMustache.
public struct TemplateSet: Sendable {
  private let library: MustacheLibrary?
  /// Template names (`page`, `partials/header`) with their file paths.
  public let names: [String: String]
  /// For each template, the name segments its tags use, its partials' and parents' included:
  /// `first` holds the first segments (`{{page.title}}` gives `page`), `all` every one (`page`, `title`).
  private let segments: [String: (first: Set<String>, all: Set<String>)]

  /// Compiles every template; syntax errors and missing partials are reported with their positions,
  /// every one of them (each template is compiled on its own first, so one error hides no other).
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
      do {
        _ = try MustacheLibrary(templates: [name: text], missingTemplates: .renderNothing)
        texts[name] = text
      } catch {
        diagnostics.append(
          .error(
            "template syntax error: \(error.message)",
            at: SourceLocation(file: file.displayPath, line: error.line, column: error.column),
            notes: [Self.line(error.line, of: text)].compactMap { $0 }))
      }
    }
    for (name, path) in names.sorted(by: { $0.key < $1.key }) {
      guard let text = texts[name] else { continue }
      for reference in TemplateScanner.references(in: text) where names[reference.name] == nil {
        let kind = reference.sigil == "<" ? "parent template" : "partial"
        diagnostics.append(
          .error(
            "\(kind) '\(reference.name)' does not exist\(Suggestions.hint(for: reference.name, in: names.keys))",
            at: SourceLocation(file: path, line: reference.line, column: reference.column),
            notes: ["templates: \(names.keys.sorted().joined(separator: ", "))"]))
      }
    }
    var library: MustacheLibrary?
    do {
      library = try MustacheLibrary(templates: texts, missingTemplates: .renderNothing)
    } catch {
      diagnostics.append(
        .error(
          "template error: \(error.message)",
          at: SourceLocation(
            file: names[error.templateName] ?? error.templateName, line: error.line, column: error.column)))
    }
    var segments: [String: (first: Set<String>, all: Set<String>)] = [:]
    for name in texts.keys {
      if let read = library?.names(readBy: name) { segments[name] = read }
    }
    return (TemplateSet(library: library, names: names, segments: segments), diagnostics)
  }

  public func contains(_ name: String) -> Bool { names[name] != nil }

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
  public func render(_ name: String, frames: [MustacheValue]) -> (bytes: [UInt8], unresolved: Set<String>)? {
    guard let library else { return nil }
    do {
      return try library.render(name, frames: frames)
    } catch {
      return nil
    }
  }

  static func line(_ number: Int, of text: String) -> String? {
    let lines = text.lines()
    return number >= 1 && number <= lines.count ? String(lines[number - 1]) : nil
  }
}

/// A tag in template text: `{{name}}`, `{{#name}}`, `{{> partial}}`…, with its position.
public struct TemplateTag: Sendable, Hashable {
  /// The sigil after `{{` (`#`, `^`, `/`, `>`, `<`, `&`, `{`, `!`, `$`), or nil for a plain variable.
  public var sigil: Character?
  /// The name, with transforms such as `first(x)` unwrapped to `x`.
  public var name: String
  public var line: Int
  public var column: Int
}

/// Finds the tags in template text, for checks Mustache does not make itself.
public enum TemplateScanner {
  public static func tags(in text: String) -> [TemplateTag] {
    var found: [TemplateTag] = []
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      var rest = line[...]
      while let open = rest.range(of: "{{") {
        let after = rest[open.upperBound...]
        guard let close = after.range(of: "}}") else { break }
        var inner = after[..<close.lowerBound]
        while inner.first == " " { inner.removeFirst() }
        var sigil: Character?
        if let first = inner.first, "#^/><&{!$".contains(first) {
          sigil = first
          inner = inner.dropFirst()
        }
        var name = inner.trimmingCharacters(in: .whitespaces)
        while let paren = name.firstIndex(of: "("), name.hasSuffix(")") {
          name = String(name[name.index(after: paren)..<name.index(before: name.endIndex)])
        }
        let column = line.distance(from: line.startIndex, to: open.lowerBound) + 1
        found.append(TemplateTag(sigil: sigil, name: name, line: index + 1, column: column))
        rest = after[close.upperBound...]
      }
    }
    return found
  }

  /// `{{> partial}}` and `{{< parent}}` tags.
  static func references(in text: String) -> [TemplateTag] {
    tags(in: text).filter {
      ($0.sigil == ">" || $0.sigil == "<") && !$0.name.isEmpty && !$0.name.hasPrefix("*")
    }
  }
}

import BundCore
import Foundation
import Mustache

/// The site's Mustache templates, parsed once and checked: the only user of swift-mustache.
public struct TemplateSet: Sendable {
  private let library: MustacheLibrary
  /// Template names (`page`, `partials/header`) with their file paths.
  public let names: [String: String]

  /// Parses every template; syntax errors and missing partials are reported with their positions.
  public static func compile(_ files: [SourceFile]) -> (TemplateSet, [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    var library = MustacheLibrary()
    var names: [String: String] = [:]
    var texts: [String: (String, String)] = [:]
    for file in files {
      let name = String(file.relativePath.dropLast(".mustache".count))
      guard let text = String(data: file.bytes, encoding: .utf8) else {
        diagnostics.append(.error("template is not valid UTF-8", at: SourceLocation(file: file.displayPath)))
        continue
      }
      names[name] = file.displayPath
      texts[name] = (text, file.displayPath)
      do {
        library.register(try MustacheTemplate(string: text), named: name)
      } catch let error as MustacheTemplate.ParserError {
        diagnostics.append(
          .error(
            "template syntax error: \(describe(error.error))",
            at: SourceLocation(
              file: file.displayPath, line: error.context.lineNumber, column: error.context.columnNumber),
            notes: [error.context.line]))
      } catch {
        diagnostics.append(.error("template error: \(error)", at: SourceLocation(file: file.displayPath)))
      }
    }
    for (name, (text, path)) in texts.sorted(by: { $0.key < $1.key }) {
      for reference in TemplateScanner.references(in: text) where names[reference.name] == nil {
        let kind = reference.sigil == "<" ? "parent template" : "partial"
        diagnostics.append(
          .error(
            "\(kind) '\(reference.name)' does not exist\(Suggestions.hint(for: reference.name, in: names.keys))",
            at: SourceLocation(file: path, line: reference.line, column: reference.column),
            notes: ["templates: \(names.keys.sorted().joined(separator: ", "))"]))
      }
      _ = name
    }
    return (TemplateSet(library: library, names: names), diagnostics)
  }

  public func contains(_ name: String) -> Bool { names[name] != nil }

  /// Renders a template with a context of dictionaries, arrays, strings, numbers and booleans.
  /// Also returns the top-level names the template asked for that the context does not have
  /// (Mustache itself renders them as nothing), so typos can be reported.
  public func render(_ name: String, context: [String: Any]) -> (html: String, unresolved: Set<String>)? {
    let root = RecordingRoot(context)
    guard let html = library.render(root, withTemplate: name) else { return nil }
    return (html, root.unresolved)
  }

  static func describe(_ error: Error) -> String {
    switch error {
    case MustacheTemplate.Error.sectionCloseNameIncorrect:
      return "a section is closed with a different name than it was opened with ({{#x}} … {{/x}})"
    case MustacheTemplate.Error.unfinishedName: return "a tag is not finished; close it with }}"
    case MustacheTemplate.Error.expectedSectionEnd: return "a section is never closed; add {{/name}}"
    case MustacheTemplate.Error.invalidSetDelimiter: return "invalid set-delimiter tag"
    case MustacheTemplate.Error.illegalTokenInsideInheritSection,
      MustacheTemplate.Error.textInsideInheritSection:
      return "only {{$block}} overrides may appear inside {{<parent}} … {{/parent}}"
    default: return "\(error)"
    }
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

/// The root of a render's context: a dictionary that remembers names looked up in it and not found.
/// Mustache searches the root last, so a name missing here is missing everywhere.
final class RecordingRoot: MustacheParent {
  let values: [String: Any]
  var unresolved: Set<String> = []

  init(_ values: [String: Any]) {
    self.values = values
  }

  func child(named name: String) -> Any? {
    if let value = values[name] { return value }
    unresolved.insert(name)
    return nil
  }
}

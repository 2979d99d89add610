import BundCore
import Yams

/// Reads one Markdown page: its place in the site from the file name, its front matter and its body.
struct PageLoader: Sendable {
  let config: SiteConfig

  /// `briefings/review-2022.en.md` → the page, or diagnostics.
  func load(text: String, relativePath: String, displayPath: String) -> (Page?, [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    let file = SourceLocation(file: displayPath)
    var components = relativePath.split(separator: "/").map(String.init)
    let fileName = components.removeLast()
    let nameParts = fileName.dropLast(3).split(separator: ".", omittingEmptySubsequences: false).map(
      String.init)
    let codes = config.languages.map(\.code)
    guard nameParts.count >= 2, let language = nameParts.last else {
      return (
        nil,
        [
          .error(
            "'\(fileName)' has no language suffix; name it NAME.LANG.md, e.g. \(fileName.dropLast(3)).\(config.defaultLanguage).md",
            at: file, notes: ["declared languages: \(codes.joined(separator: ", "))"])
        ]
      )
    }
    guard codes.contains(language) else {
      return (
        nil,
        [
          .error(
            "language suffix '.\(language)' is not declared in site.yaml\(Suggestions.hint(for: language, in: codes))",
            at: file,
            notes: [
              "declared languages: \(codes.joined(separator: ", ")); add the language to site.yaml or rename the file"
            ])
        ]
      )
    }
    let name = nameParts.dropLast().joined(separator: ".")
    for segment in components + [name] where !PathRules.isSafeSegment(segment) {
      diagnostics.append(
        .error(
          "'\(segment)' cannot be part of a URL; \(PathRules.segmentRule)",
          at: file))
    }
    if !diagnostics.isEmpty { return (nil, diagnostics) }

    guard let split = FrontMatterSplitter.split(text) else {
      return (
        nil,
        [
          .error(
            "the page has no front matter; start the file with a line '---', then 'title: …', then a line '---'",
            at: SourceLocation(file: displayPath, line: 1, column: 1))
        ]
      )
    }
    guard let closed = split.body else {
      return (
        nil,
        [
          .error(
            "front matter is not closed; add a line '---' after the last front matter line",
            at: SourceLocation(file: displayPath, line: 1, column: 1))
        ]
      )
    }
    var reader = YAMLReader(file: displayPath, lineOffset: 1)
    let frontMatter = readFrontMatter(split.yaml, reader: &reader, file: file)
    diagnostics += reader.diagnostics
    guard let frontMatter, !diagnostics.hasErrors else { return (nil, diagnostics) }

    if let slug = frontMatter.slug, !PathRules.isSafeSegment(slug) || slug.contains(".") {
      diagnostics.append(
        .error(
          "slug '\(slug)' cannot be used in a URL; use ASCII letters, digits, '-', '_' or Chinese characters (no spaces, dots, accents or invisible characters; at most 255 bytes)",
          at: frontMatter.locations["slug"] ?? file))
      return (nil, diagnostics)
    }
    let section = components.joined(separator: "/")
    let isIndex = name == "_index"
    let kind: Page.Kind = isIndex ? (components.isEmpty ? .home : .section) : .page
    let key = isIndex ? section : (section.isEmpty ? name : section + "/" + name)
    var urlComponents = [language] + components
    if !isIndex { urlComponents.append(frontMatter.slug ?? name) }
    let page = Page(
      contentPath: relativePath, sourcePath: displayPath, language: language, key: key, kind: kind,
      section: isIndex ? (components.dropLast().joined(separator: "/")) : section, frontMatter: frontMatter,
      body: closed, bodyLineOffset: split.bodyLineOffset, urlPath: urlComponents.joined(separator: "/") + "/")
    return (page, diagnostics)
  }

  func readFrontMatter(_ yaml: String, reader: inout YAMLReader, file: SourceLocation) -> FrontMatter? {
    guard let root = reader.parse(yaml) else {
      if reader.diagnostics.isEmpty {
        reader.diagnostics.append(.error("front matter is empty; it needs at least 'title: …'", at: file))
      }
      return nil
    }
    guard let pairs = reader.mapping(root, what: "front matter") else { return nil }
    var matter = FrontMatter(title: "")
    var hasTitle = false
    for (key, keyNode, value) in pairs {
      matter.locations[key] = reader.location(of: value)
      switch key {
      case "title":
        if let title = reader.string(value, what: "title") {
          matter.title = title
          hasTitle = true
        }
      case "short_title": matter.shortTitle = reader.string(value, what: "short_title")
      case "date": matter.date = reader.date(value, what: "date")
      case "updated": matter.updated = reader.date(value, what: "updated")
      case "publish_at": matter.publishAt = reader.date(value, what: "publish_at")
      case "aliases": matter.aliases = reader.stringList(value, what: "aliases") ?? []
      case "summary": matter.summary = reader.string(value, what: "summary")
      case "slug": matter.slug = reader.string(value, what: "slug")
      case "weight": matter.weight = reader.int(value, what: "weight")
      case "draft": matter.draft = reader.bool(value, what: "draft") ?? false
      case "template": matter.template = reader.string(value, what: "template")
      case "tags":
        matter.tags = reader.stringList(value, what: "tags") ?? []
        // Foundation's `contains` only where the bytes are there (no other text is equivalent to
        // these two): it runs for every tag of every page.
        for tag in matter.tags
        where (tag.containsBytes("，") || tag.containsBytes("、")) && (tag.contains("，") || tag.contains("、")) {
          reader.warning(
            "tag '\(tag)' holds a full-width comma, so it is one tag; to give several, separate them with ', ' (half-width comma and a space): [\(tag.split(whereSeparator: { $0 == "，" || $0 == "、" }).joined(separator: ", "))]",
            at: value)
        }
      case "translation_of": matter.translationOf = reader.string(value, what: "translation_of")
      case "translation_blocks": matter.translationBlocks = reader.string(value, what: "translation_blocks")
      default:
        reader.warning(
          "unknown front matter key '\(key)' is ignored\(Suggestions.hint(for: key, in: FrontMatter.knownKeys))",
          at: keyNode, notes: ["valid keys: \(FrontMatter.knownKeys.joined(separator: ", "))"])
      }
    }
    if !hasTitle && !pairs.contains(where: { $0.key == "title" }) {
      reader.error("front matter has no title; add 'title: …'", at: root)
      return nil
    }
    return hasTitle ? matter : nil
  }
}

/// Splits `---` front matter from the Markdown body.
enum FrontMatterSplitter {
  struct Split {
    var yaml: String
    /// nil when the closing `---` is missing.
    var body: String?
    /// Lines before the body's first line.
    var bodyLineOffset: Int
  }

  /// nil when the text does not start with a `---` line.
  static func split(_ text: String) -> Split? {
    guard text.hasPrefix("---\n") || text == "---" || text.hasPrefix("---\r") else { return nil }
    // Line by line up to the closing `---`; the body is then one slice of the text, not re-joined lines.
    let utf8 = text.utf8
    var lineStart = utf8.index(after: utf8.firstIndex(of: 0x0A) ?? utf8.index(before: utf8.endIndex))
    let yamlStart = lineStart
    var lineNumber = 1
    while lineStart < utf8.endIndex {
      let lineEnd = utf8[lineStart...].firstIndex(of: 0x0A) ?? utf8.endIndex
      let line = text[lineStart..<lineEnd].trimmingCharactersAtEnd()
      if line == "---" || line == "..." {
        let yamlEnd = lineStart > yamlStart ? utf8.index(before: lineStart) : yamlStart
        let bodyStart = lineEnd < utf8.endIndex ? utf8.index(after: lineEnd) : lineEnd
        return Split(
          yaml: String(text[yamlStart..<yamlEnd]), body: String(text[bodyStart...]),
          bodyLineOffset: lineNumber + 1)
      }
      lineNumber += 1
      lineStart = lineEnd < utf8.endIndex ? utf8.index(after: lineEnd) : lineEnd
    }
    return Split(yaml: String(text[yamlStart...]), body: nil, bodyLineOffset: 0)
  }

}

extension Substring {
  func trimmingCharactersAtEnd() -> Substring {
    var copy = self
    while let last = copy.last, last == " " || last == "\t" { copy.removeLast() }
    return copy
  }
}

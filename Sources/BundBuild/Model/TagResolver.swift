import BundCore

/// Tags as editors write them, in either language (issue 12): a tag is the id of an entry in
/// `Content/data/tags.yaml` (`investment-promotion`), that entry's name in the page's language
/// (`招商引资`, `Investment promotion`), or any other text (`green development`, `绿色发展`, `FDI`),
/// which becomes a tag of its own in that language. Every tag is turned into its id before the
/// other stages see it, so they deal in ids only.
///
/// The id of a free tag is its slug (`TagResolver.slug`): Latin letters lower-cased, every run of
/// spaces and punctuation one `-`, Chinese (and other letters and digits) kept as written. Two
/// spellings that make the same slug are one tag (a warning says so when they differ).
package struct TagResolver {
  /// tags.yaml ids, and its names by language (compared without case) to the id.
  private let ids: Set<String>
  private let byName: [String: [String: String]]

  package init(site: Site) {
    ids = Set(site.tagNames.keys)
    var byName: [String: [String: String]] = [:]
    for (id, names) in site.tagNames.sorted(by: { $0.key < $1.key }) {
      for language in site.config.languages {
        if let name = names[language.code] {
          byName[language.code, default: [:]][name.lowercased()] =
            byName[language.code]?[name.lowercased()] ?? id
        }
      }
    }
    self.byName = byName
  }

  /// The slug of a free tag, or nil when nothing of it is left for a URL.
  static func slug(_ text: String) -> String? {
    var slug = ""
    var pendingDash = false
    for character in text.lowercased() {
      if character.isLetter || character.isNumber {
        if pendingDash && !slug.isEmpty { slug.append("-") }
        pendingDash = false
        slug.append(character)
      } else {
        pendingDash = true
      }
    }
    return slug.isEmpty ? nil : slug
  }

  /// The id a tag written on a page in `language` stands for: a tags.yaml id, the id whose name
  /// it is, or its own slug.
  func id(of tag: String, language: String) -> String? {
    if ids.contains(tag) { return tag }
    if let id = byName[language]?[tag.lowercased()] { return id }
    return Self.slug(tag)
  }

  /// Rewrites every page's tags as ids and gives free tags their names (in the page's language
  /// only: such a tag's page has no translation unless the other language uses the same tag).
  package func resolve(_ site: inout Site) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    var spelling: [String: (text: String, page: String)] = [:]
    var names = site.tagNames
    for (position, page) in site.pages.enumerated() where !page.frontMatter.tags.isEmpty {
      let location = page.frontMatter.locations["tags"] ?? SourceLocation(file: page.sourcePath)
      var resolved: [String] = []
      for tag in page.frontMatter.tags {
        guard let id = id(of: tag, language: page.language) else {
          diagnostics.append(
            .error(
              "tag '\(tag)' has no letter or digit to make its address from; write it with words",
              at: location))
          continue
        }
        if id.utf8.count > 200 {
          diagnostics.append(
            .error(
              "tag '\(tag)' is too long for an address (\(id.utf8.count) bytes); shorten it", at: location))
          continue
        }
        if !ids.contains(id) {
          if id == tag, let near = Suggestions.closest(to: tag, in: ids) {
            diagnostics.append(
              .warning(
                "tag '\(tag)' is not in Content/data/tags.yaml (did you mean '\(near)'?); it makes a tag page of its own",
                at: location))
          }
          let key = "\(page.language)\u{0}\(id)"
          if let first = spelling[key] {
            if first.text != tag {
              diagnostics.append(
                .warning(
                  "tags '\(tag)' and '\(first.text)' (\(first.page)) make the same tag page '\(id)'; write them the same way",
                  at: location))
            }
          } else {
            spelling[key] = (tag, page.sourcePath)
            var localized = names[id] ?? LocalizedText([:])
            if localized[page.language] == nil { localized.values[page.language] = tag }
            names[id] = localized
          }
        }
        if !resolved.contains(id) { resolved.append(id) }
      }
      if resolved != page.frontMatter.tags {
        var frontMatter = page.frontMatter
        frontMatter.tags = resolved
        site.pages[position] = Page(
          contentPath: page.contentPath, sourcePath: page.sourcePath, language: page.language, key: page.key,
          kind: page.kind, section: page.section, frontMatter: frontMatter, body: page.body,
          bodyLineOffset: page.bodyLineOffset, urlPath: page.urlPath)
      }
    }
    site.tagNames = names
    return diagnostics
  }
}

import BundCore
import BundTemplates

/// Checks a loaded site before any HTML is made, reporting every problem in one run.
struct Validator {
  let site: Site
  let index: SiteIndex
  let templates: TemplateSet

  /// UI strings the engine itself writes into pages (tables and charts of figures, the translation notice).
  static let engineStrings = [
    "figures_caption", "figures_col_figure", "figures_col_value", "figures_col_period", "figures_col_source",
    "chart_data_table",
  ]

  func validate() -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    diagnostics += checkStrings()
    diagnostics += checkTemplates()
    diagnostics += checkURLs()
    diagnostics += checkMenu()
    diagnostics += checkTags()
    diagnostics += checkFigures()
    diagnostics += checkTranslations()
    diagnostics += checkTemplateFigures()
    diagnostics += AliasPages(index: index).aliases().1
    diagnostics += TemplateNameCheck(site: site).check(templates)
    return diagnostics
  }

  /// Every language has the same UI string keys, and the keys the engine uses.
  func checkStrings() -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    let languages = site.config.languages
    let allKeys = Set(site.strings.values.flatMap { $0.values.keys })
    for language in languages {
      guard let strings = site.strings[language.code] else {
        diagnostics.append(
          .error(
            "UI strings for '\(language.code)' are missing; create Templates/i18n/\(language.code).yaml with the same keys as the other languages"
          ))
        continue
      }
      for key in allKeys.sorted() where strings.values[key] == nil {
        let other = site.strings.first { $0.value.values[key] != nil }
        let note = other.flatMap { $0.value.locations[key] }.map { "defined in \($0.description)" }
        diagnostics.append(
          .error(
            "UI string '\(key)' is missing in \(language.code); add it to \(strings.path)",
            at: SourceLocation(file: strings.path), notes: note.map { [$0] } ?? []))
      }
      if !site.figures.isEmpty {
        for key in Self.engineStrings where strings.values[key] == nil && !allKeys.contains(key) {
          diagnostics.append(
            .error(
              "UI string '\(key)' is needed for figure tables and charts; add it to \(strings.path)",
              at: SourceLocation(file: strings.path)))
        }
      }
      // Titles the engine gives the pages it makes: never an English fallback on another language.
      var pageTitles: [(String, String)] = []
      if site.pages.contains(where: { !$0.frontMatter.tags.isEmpty }) {
        pageTitles.append(("tags_title", "the tags page"))
      }
      if templates.contains("search") { pageTitles.append(("search_title", "the search page")) }
      for (key, page) in pageTitles where strings.values[key] == nil && !allKeys.contains(key) {
        diagnostics.append(
          .error(
            "UI string '\(key)' is needed as the title of \(page); add it to \(strings.path)",
            at: SourceLocation(file: strings.path)))
      }
      if site.config.paginate > 0 && strings.values["page_of"] == nil {
        diagnostics.append(
          .error(
            "UI string 'page_of' is needed for long lists split into pages (paginate: in site.yaml); add it to \(strings.path), such as page_of: \"Page {n} of {total}\"",
            at: SourceLocation(file: strings.path)))
      }
    }
    return diagnostics
  }

  /// The templates every site needs, and the ones pages ask for.
  func checkTemplates() -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    var required = ["home", "section", "page", "404", "chooser"]
    if site.pages.contains(where: { !$0.frontMatter.tags.isEmpty }) { required += ["tag", "tags"] }
    for name in required where !templates.contains(name) {
      diagnostics.append(
        .error(
          "template '\(name)' is missing; create Templates/\(name).mustache",
          notes: ["templates found: \(templates.names.keys.sorted().joined(separator: ", "))"]))
    }
    for page in site.pages {
      guard let name = page.frontMatter.template, !templates.contains(name) else { continue }
      let candidates = templates.names.keys.filter { !$0.hasPrefix("partials/") }
      diagnostics.append(
        .error(
          "template '\(name)' does not exist\(Suggestions.hint(for: name, in: candidates))",
          at: page.frontMatter.locations["template"] ?? SourceLocation(file: page.sourcePath),
          notes: ["page templates: \(candidates.sorted().joined(separator: ", "))"]))
    }
    return diagnostics
  }

  /// No two outputs share a URL.
  func checkURLs() -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    var owners: [String: String] = [:]
    for language in site.config.languages {
      for tag in index.tagged[language.code]?.keys.sorted() ?? [] {
        owners[SiteIndex.tagPath(tag, language: language.code)] = "the tag page '\(tag)'"
      }
      if index.tagged[language.code] != nil { owners["\(language.code)/tags/"] = "the list of tags" }
    }
    for page in site.pages {
      if let owner = owners[page.urlPath] {
        diagnostics.append(
          .error(
            "\(page.urlPath) is produced twice: by this page and by \(owner); give one of them another slug or file name",
            at: page.frontMatter.locations["slug"] ?? SourceLocation(file: page.sourcePath)))
      } else {
        owners[page.urlPath] = page.sourcePath
      }
    }
    return diagnostics
  }

  func checkMenu() -> [Diagnostic] {
    site.config.menu.compactMap { entry in
      guard case .page(let key) = entry else { return nil }
      if index.keys.contains(key) { return nil }
      // A page that failed to load is reported at the page: not again here.
      let stems = [key, key + "/_index"]
      if site.unloadedPages.contains(where: { unloaded in stems.contains { unloaded.hasPrefix($0 + ".") } }) {
        return nil
      }
      return .error(
        "menu entry '\(key)' is not a page\(Suggestions.hint(for: key, in: index.keys))",
        at: SourceLocation(file: site.configPath),
        notes: ["menu entries are page keys: the path without the language suffix, e.g. briefings or about"])
    }
  }

  func checkTags() -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    var reported: Set<String> = []
    for page in site.pages {
      for tag in page.frontMatter.tags where !reported.contains(tag) {
        // Tags arrive as ids (TagResolver): a tags.yaml entry without this language's name is left.
        if site.tagNames[tag]?[page.language] == nil {
          diagnostics.append(
            .error(
              "tag '\(tag)' has no \(page.language) name\(Suggestions.hint(for: tag, in: site.tagNames.keys)); add it to Content/data/tags.yaml",
              at: page.frontMatter.locations["tags"] ?? SourceLocation(file: page.sourcePath)))
          reported.insert(tag)
        }
      }
    }
    return diagnostics
  }

  func checkFigures() -> [Diagnostic] {
    let sourceIDs = Set(site.sources.map(\.id))
    return site.figures.compactMap { figure in
      if sourceIDs.contains(figure.source) { return nil }
      return .error(
        "figure '\(figure.key)' names source '\(figure.source)', which is not in sources.yaml\(Suggestions.hint(for: figure.source, in: sourceIDs))",
        at: figure.location, notes: ["every figure needs a source; add it to Content/data/sources.yaml"])
    }
  }

  /// `{{figures.KEY}}` in a template must name a figure: Mustache itself would print nothing.
  func checkTemplateFigures() -> [Diagnostic] {
    let keys = Set(site.figures.map(\.key))
    return templates.tags.compactMap { tag in
      guard tag.readsValue, tag.path.count >= 2, tag.path[0] == "figures", !keys.contains(tag.path[1]) else {
        return nil
      }
      let name = tag.path[1]
      return .error(
        "unknown figure '\(name)'\(Suggestions.hint(for: name, in: keys)); figures are defined in Content/data/figures.yaml",
        at: tag.location)
    }
  }

  /// A page without its translation is allowed, but said.
  func checkTranslations() -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    for page in site.pages {
      for language in site.config.languages where index.page(page.key, in: language.code) == nil {
        diagnostics.append(
          .warning(
            "no \(language.name) (\(language.code)) translation; readers of that language are sent to its home page",
            at: SourceLocation(file: page.sourcePath)))
      }
    }
    return diagnostics
  }
}

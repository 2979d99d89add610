import BundCore

/// Decides which HTML pages the site has: every content page plus tag pages and tag indexes.
struct ViewPlanner {
  let index: SiteIndex
  let rendered: [RenderedPage]

  func views() -> [PageView] {
    var views: [PageView] = []
    let site = index.site
    for (position, page) in site.pages.enumerated() {
      guard let language = site.config.language(page.language) else { continue }
      let rendered = rendered[position]
      var versions: [String: String] = [:]
      for translation in index.translations(of: page) { versions[translation.language] = translation.urlPath }
      let kind: PageView.Kind = page.kind == .home ? .home : page.kind == .section ? .section : .page
      let listed: [Int]
      switch page.kind {
      case .home:
        listed = index.latest(in: page.language, count: site.config.latestCount).compactMap {
          index.byLanguageAndKey[$0.language]?[$0.key]
        }
      case .section:
        listed = index.children(of: page)
      case .page:
        listed = []
      }
      var stale = false
      if page.language != site.config.defaultLanguage, let marked = page.frontMatter.translationOf,
        let source = index.page(page.key, in: site.config.defaultLanguage)
      {
        stale = marked != TranslationReport.sourceHash(source)
      }
      views.append(
        PageView(
          kind: kind, urlPath: page.urlPath, language: language,
          template: page.frontMatter.template
            ?? (page.kind == .home ? "home" : page.kind == .section ? "section" : "page"),
          key: page.key, title: page.frontMatter.title,
          shortTitle: page.frontMatter.shortTitle ?? page.frontMatter.title, summary: rendered.summary,
          contentHTML: rendered.markdown.html, section: page.section, date: page.frontMatter.date,
          updated: page.frontMatter.updated, headings: rendered.markdown.headings,
          wordCount: rendered.wordCount,
          tags: page.frontMatter.tags, listed: listed, versions: versions,
          defaultVersion: page.kind == .home ? "" : nil, translationStale: stale,
          breadcrumbs: breadcrumbs(for: page)))
    }
    views += tagViews()
    // Long lists go on over page/2/, page/3/ … (paginate: in site.yaml).
    views = views.flatMap { view in
      view.kind == .section || view.kind == .tag ? Pagination.split(view, size: site.config.paginate) : [view]
    }
    views += searchViews()
    return views
  }

  /// Home, then each section above the page that exists in its language.
  func breadcrumbs(for page: Page) -> [(String, String)] {
    guard page.kind != .home else { return [] }
    var trail: [(String, String)] = []
    if let home = index.page("", in: page.language) {
      trail.append((home.frontMatter.shortTitle ?? home.frontMatter.title, home.urlPath))
    }
    let parent = page.kind == .section ? page.section : page.section
    var prefix: [Substring] = []
    for folder in parent.split(separator: "/") {
      prefix.append(folder)
      if let section = index.page(prefix.joined(separator: "/"), in: page.language) {
        trail.append((section.frontMatter.shortTitle ?? section.frontMatter.title, section.urlPath))
      }
    }
    return trail
  }

  /// `<lang>/search/` for every language with a home page (kept only when Templates/ has `search`).
  func searchViews() -> [PageView] {
    let site = index.site
    let languages = site.config.languages.filter { index.page("", in: $0.code) != nil }
    var versions: [String: String] = [:]
    for language in languages { versions[language.code] = "\(language.code)/search/" }
    return languages.map { language in
      let title = site.strings[language.code]?.values["search_title"] ?? "search_title"
      let home = index.page("", in: language.code)
      let homeCrumb = home.map { [($0.frontMatter.shortTitle ?? $0.frontMatter.title, $0.urlPath)] } ?? []
      return PageView.generated(
        .search, urlPath: "\(language.code)/search/", language: language, template: "search", key: "search",
        title: title, versions: versions, breadcrumbs: homeCrumb)
    }
  }

  func tagViews() -> [PageView] {
    var views: [PageView] = []
    let site = index.site
    for language in site.config.languages {
      guard let tagged = index.tagged[language.code], !tagged.isEmpty else { continue }
      let strings = site.strings[language.code]?.values ?? [:]
      let home = index.page("", in: language.code)
      let homeCrumb = home.map { [($0.frontMatter.shortTitle ?? $0.frontMatter.title, $0.urlPath)] } ?? []
      let tagsTitle = strings["tags_title"] ?? "tags_title"
      var indexVersions: [String: String] = [:]
      for other in site.config.languages where index.tagged[other.code]?.isEmpty == false {
        indexVersions[other.code] = "\(other.code)/tags/"
      }
      views.append(
        PageView.generated(
          .tags, urlPath: "\(language.code)/tags/", language: language, template: "tags", key: "tags",
          title: tagsTitle, versions: indexVersions, breadcrumbs: homeCrumb))
      for tag in tagged.keys.sorted() {
        let name = site.tagNames[tag]?[language.code] ?? tag
        var versions: [String: String] = [:]
        for other in site.config.languages where index.tagged[other.code]?[tag] != nil {
          versions[other.code] = SiteIndex.tagPath(tag, language: other.code)
        }
        views.append(
          PageView.generated(
            .tag, urlPath: SiteIndex.tagPath(tag, language: language.code), language: language,
            template: "tag", key: "tags/\(tag)", title: name, section: "tags", listed: tagged[tag] ?? [],
            versions: versions, breadcrumbs: homeCrumb + [(tagsTitle, "\(language.code)/tags/")]))
      }
    }
    return views
  }
}

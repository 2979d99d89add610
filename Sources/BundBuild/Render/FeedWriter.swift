import BundCore

/// Writes the sitemap (with hreflang alternates) and an Atom feed per language.
struct FeedWriter {
  let index: SiteIndex
  let rendered: [RenderedPage]
  let views: [PageView]

  func sitemap() -> String {
    let config = index.site.config
    var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    xml +=
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
    // Positions in `views` (and past its end, the root chooser), sorted by URL: a view holds many
    // strings, and copying 20,000 of them to filter and sort costs more than the sitemap itself.
    var extra: [PageView] = []
    let homes = config.languages.filter { index.page("", in: $0.code) != nil }
    if !homes.isEmpty, let language = config.language(config.defaultLanguage) {
      // The language chooser at the root: the x-default of the home pages.
      var versions: [String: String] = [:]
      for home in homes { versions[home.code] = "\(home.code)/" }
      extra.append(
        PageView(
          kind: .home, urlPath: "", language: language, template: "chooser", key: "", title: "",
          shortTitle: "",
          summary: "", contentHTML: "", section: "", date: nil, updated: nil, headings: [], wordCount: 0,
          tags: [],
          listed: [], versions: versions, defaultVersion: "", breadcrumbs: []))
    }
    func urlPath(_ position: Int) -> String {
      position < views.count ? views[position].urlPath : extra[position - views.count].urlPath
    }
    let order =
      (views.indices.filter { !Pagination.isLater(views[$0]) } + extra.indices.map { views.count + $0 })
      .sorted { urlPath($0) < urlPath($1) }
    for position in order {
      let view = position < views.count ? views[position] : extra[position - views.count]
      xml += "  <url>\n    <loc>\(escape(URLPaths.absolute(config.baseURL, view.urlPath)))</loc>\n"
      if let date = view.updated ?? view.date { xml += "    <lastmod>\(date.lastmod)</lastmod>\n" }
      for language in config.languages {
        guard let path = view.versions[language.code] else { continue }
        xml +=
          "    <xhtml:link rel=\"alternate\" hreflang=\"\(escape(language.tag))\" href=\"\(escape(URLPaths.absolute(config.baseURL, path)))\"/>\n"
      }
      let xDefault = view.defaultVersion ?? view.versions[config.defaultLanguage] ?? view.urlPath
      xml +=
        "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"\(escape(URLPaths.absolute(config.baseURL, xDefault)))\"/>\n"
      xml += "  </url>\n"
    }
    xml += "</urlset>\n"
    return xml
  }

  func atom(for language: Language) -> String {
    let config = index.site.config
    let base = config.baseURL
    let pages = index.site.pages
    // Each entry's last change, read once (a sort compares each many times).
    let none = SimpleDate(year: 0, month: 1, day: 1)
    let dated = (index.pagesByLanguage[language.code] ?? [])
      .filter { pages[$0].frontMatter.date != nil && pages[$0].kind == .page }
      .map { (position: $0, changed: pages[$0].frontMatter.updated ?? pages[$0].frontMatter.date ?? none) }
    let entries =
      dated
      .sorted { lhs, rhs in
        lhs.changed != rhs.changed ? lhs.changed > rhs.changed : index.listOrder(lhs.position, rhs.position)
      }
      .map(\.position)
      .map { ($0, pages[$0]) }
    let updated =
      entries.compactMap { $0.1.frontMatter.updated ?? $0.1.frontMatter.date }.max()
      ?? index.lastUpdated ?? SimpleDate(year: 2000, month: 1, day: 1)
    var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    xml += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(escape(language.tag))\">\n"
    xml += "  <title>\(escape(language.title))</title>\n"
    xml += "  <subtitle>\(escape(language.description))</subtitle>\n"
    xml += "  <link href=\"\(escape(base + language.code))/\" rel=\"alternate\" type=\"text/html\"/>\n"
    xml +=
      "  <link href=\"\(escape(base + language.code))/feed.xml\" rel=\"self\" type=\"application/atom+xml\"/>\n"
    xml += "  <id>\(escape(base + language.code))/</id>\n"
    xml += "  <updated>\(updated.rfc3339)</updated>\n"
    xml += "  <author><name>\(escape(language.title))</name></author>\n"
    for (position, page) in entries {
      guard let date = page.frontMatter.date else { continue }
      let url = base + page.urlPath
      xml += "  <entry>\n"
      xml += "    <title>\(escape(page.frontMatter.title))</title>\n"
      xml += "    <link href=\"\(escape(url))\" rel=\"alternate\" type=\"text/html\"/>\n"
      xml += "    <id>\(escape(url))</id>\n"
      xml += "    <published>\(date.rfc3339)</published>\n"
      xml += "    <updated>\((page.frontMatter.updated ?? date).rfc3339)</updated>\n"
      xml += "    <summary>\(escape(rendered[position].summary))</summary>\n"
      xml += "  </entry>\n"
    }
    xml += "</feed>\n"
    return xml
  }

  private func escape(_ text: String) -> String { TextKit.escapeXML(text) }
}

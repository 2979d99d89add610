import BundCore
import BundTemplates

/// Lookup tables over the loaded pages, built once: pages by language and key, translations, sections.
package struct SiteIndex: Sendable {
  package let site: Site
  /// `[language][key]` → index into `site.pages`.
  package let byLanguageAndKey: [String: [String: Int]]
  /// Every key that has a page in some language.
  let keys: Set<String>
  /// Pages per language, in the order lists show them.
  let pagesByLanguage: [String: [Int]]
  /// Tag id → page indexes, per language.
  let tagged: [String: [String: [Int]]]
  /// Dated pages of each language, newest first (for "latest" lists and feeds).
  package let newestFirst: [String: [Int]]
  /// `[language][section key]` → the pages and sections whose `section` is that key, in list order.
  let inSection: [String: [String: [Int]]]
  /// Each page's place in the list order (see `listOrder`): lists sort by it, comparing integers
  /// rather than pages.
  let listRank: [Int]
  /// The fixed ids the templates write (`id="main"`): headings never take them.
  package let templateIDs: Set<String>
  /// Output URL path (`en/notes/plan/`) → index into `site.pages`, for links written as URLs.
  let byURLPath: [String: Int]
  /// Output paths of the static files (`CNAME`, `files/report.pdf`).
  let staticPaths: Set<String>
  /// The pixel size of each static image, by output path.
  package let imageSizes: [String: ImageSize]
  /// Output paths of what the engine makes besides pages that a link may lead to: feeds, tag
  /// pages, search pages, the open data, the sitemap, the 404 page and the language chooser.
  package let generatedPaths: Set<String>

  package init(site: Site, templates: TemplateSet) {
    self.site = site
    templateIDs = templates.fixedIDs
    byURLPath = Dictionary(
      site.pages.enumerated().map { ($1.urlPath, $0) }, uniquingKeysWith: { first, _ in first })
    staticPaths = Set(site.staticFiles.map(\.relativePath))
    imageSizes = Self.imageSizes(site.staticFiles)
    var byLanguageAndKey: [String: [String: Int]] = [:]
    var pagesByLanguage: [String: [Int]] = [:]
    var tagged: [String: [String: [Int]]] = [:]
    for (index, page) in site.pages.enumerated() {
      byLanguageAndKey[page.language, default: [:]][page.key] = index
      pagesByLanguage[page.language, default: []].append(index)
      for tag in page.frontMatter.tags {
        tagged[page.language, default: [:]][tag, default: []].append(index)
      }
    }
    self.byLanguageAndKey = byLanguageAndKey
    self.keys = Set(site.pages.map(\.key))
    var generated: Set<String> = [
      "", "sitemap.xml", "404.html", "robots.txt", "data/figures.json", "data/figures.csv",
    ]
    for language in site.config.languages {
      let code = language.code
      generated.formUnion(["\(code)/feed.xml", "\(code)/search/", "\(code)/tags/"])
      for tag in tagged[code, default: [:]].keys { generated.insert(Self.tagPath(tag, language: code)) }
    }
    let pages = site.pages
    let sortKeys = pages.map(ListKey.init)
    let order = pages.indices.sorted { ListKey.before(sortKeys, $0, $1) }
    var rank = [Int](repeating: 0, count: pages.count)
    for (place, position) in order.enumerated() { rank[position] = place }
    self.listRank = rank
    self.pagesByLanguage = pagesByLanguage.mapValues { $0.sorted { rank[$0] < rank[$1] } }
    self.tagged = tagged.mapValues { $0.mapValues { $0.sorted { rank[$0] < rank[$1] } } }
    self.inSection = self.pagesByLanguage.mapValues { positions in
      var bySection: [String: [Int]] = [:]
      for position in positions where pages[position].kind != .home {
        bySection[pages[position].section, default: []].append(position)
      }
      return bySection
    }
    self.newestFirst = pagesByLanguage.mapValues { positions in
      positions.filter { pages[$0].kind == .page && pages[$0].frontMatter.date != nil }.sorted { lhs, rhs in
        sortKeys[lhs].date != sortKeys[rhs].date
          ? sortKeys[lhs].date > sortKeys[rhs].date : rank[lhs] < rank[rhs]
      }
    }
    // The later pages of long lists (paginate:), so links and aliases know them.
    let size = site.config.paginate
    if size > 0 {
      func pager(_ first: String, _ count: Int) {
        guard count > size else { return }
        for number in 2...((count + size - 1) / size) { generated.insert(first + "page/\(number)/") }
      }
      for page in pages where page.kind == .section {
        pager(page.urlPath, self.inSection[page.language]?[page.key]?.count ?? 0)
      }
      for (code, tags) in self.tagged {
        for (tag, positions) in tags { pager(Self.tagPath(tag, language: code), positions.count) }
      }
    }
    self.generatedPaths = generated
  }

  /// The same tables over a site whose pages differ from `other`'s only in their bodies (serve's
  /// fast path), so nothing has to be sorted again.
  package init(sameStructureAs other: SiteIndex, site: Site) {
    self.site = site
    byLanguageAndKey = other.byLanguageAndKey
    keys = other.keys
    pagesByLanguage = other.pagesByLanguage
    tagged = other.tagged
    newestFirst = other.newestFirst
    inSection = other.inSection
    listRank = other.listRank
    templateIDs = other.templateIDs
    byURLPath = other.byURLPath
    staticPaths = Set(site.staticFiles.map(\.relativePath))
    imageSizes = Self.imageSizes(site.staticFiles)
    generatedPaths = other.generatedPaths
  }

  static func imageSizes(_ files: [SourceFile]) -> [String: ImageSize] {
    Dictionary(
      files.compactMap { file in file.imageSize.map { (file.relativePath, $0) } },
      uniquingKeysWith: { first, _ in first })
  }

  func page(_ key: String, in language: String) -> Page? {
    byLanguageAndKey[language]?[key].map { site.pages[$0] }
  }

  /// The same page in every language that has it, in the order of `site.yaml`.
  func translations(of page: Page) -> [Page] {
    site.config.languages.compactMap { self.page(page.key, in: $0.code) }
  }

  /// Pages listed on a section page (positions in `site.pages`): its pages and the sections directly
  /// below it (the home page lists only the sections).
  func children(of section: Page) -> [Int] {
    (inSection[section.language]?[section.key] ?? []).filter { position in
      let candidate = site.pages[position]
      switch candidate.kind {
      case .page: return section.kind != .home
      case .section: return candidate.key != section.key
      case .home: return false
      }
    }
  }

  /// The newest dated pages of a language.
  func latest(in language: String, count: Int) -> [Page] {
    (newestFirst[language] ?? []).prefix(count).map { site.pages[$0] }
  }

  /// Whether page `lhs` comes before page `rhs` in lists (positions in `site.pages`).
  func listOrder(_ lhs: Int, _ rhs: Int) -> Bool { listRank[lhs] < listRank[rhs] }

  /// What the list order compares, taken out of a page once.
  struct ListKey {
    var weight: Int
    var date: SimpleDate
    var title: String
    var path: String

    init(_ page: Page) {
      weight = page.frontMatter.weight ?? Int.max
      date = page.frontMatter.date ?? SimpleDate(year: 0, month: 1, day: 1)
      title = page.frontMatter.title
      path = page.contentPath
    }

    /// The list order: weight first (pages without one last), then newest date, then title, then
    /// path. Reads the keys in place, so a comparison copies nothing.
    static func before(_ keys: [ListKey], _ lhs: Int, _ rhs: Int) -> Bool {
      if keys[lhs].weight != keys[rhs].weight { return keys[lhs].weight < keys[rhs].weight }
      if keys[lhs].date != keys[rhs].date { return keys[lhs].date > keys[rhs].date }
      if keys[lhs].title != keys[rhs].title { return keys[lhs].title < keys[rhs].title }
      return keys[lhs].path < keys[rhs].path
    }
  }

  /// The newest `date` or `updated` of any page: the site's "last updated", with no clock involved.
  package var lastUpdated: SimpleDate? {
    site.pages.flatMap { [$0.frontMatter.date, $0.frontMatter.updated].compactMap { $0 } }.max()
  }

  /// URL path of a tag page (`en/tags/investment-promotion/`).
  static func tagPath(_ tag: String, language: String) -> String { "\(language)/tags/\(tag)/" }
}

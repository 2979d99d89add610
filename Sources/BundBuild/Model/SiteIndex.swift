import BundCore

/// Lookup tables over the loaded pages, built once: pages by language and key, translations, sections.
struct SiteIndex: Sendable {
  let site: Site
  /// `[language][key]` → index into `site.pages`.
  let byLanguageAndKey: [String: [String: Int]]
  /// Every key that has a page in some language.
  let keys: Set<String>
  /// Pages per language, in the order lists show them.
  let pagesByLanguage: [String: [Int]]
  /// Tag id → page indexes, per language.
  let tagged: [String: [String: [Int]]]
  /// Dated pages of each language, newest first (for "latest" lists and feeds).
  let newestFirst: [String: [Int]]
  /// `[language][section key]` → the pages and sections whose `section` is that key, in list order.
  let inSection: [String: [String: [Int]]]
  /// Each page's place in the list order (see `listOrder`): lists sort by it, comparing integers
  /// rather than pages.
  let listRank: [Int]

  init(site: Site) {
    self.site = site
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
    let pages = site.pages
    let order = pages.indices.sorted { SiteIndex.listBefore(pages, $0, $1) }
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
        let left = pages[lhs].frontMatter.date ?? SimpleDate(year: 0, month: 1, day: 1)
        let right = pages[rhs].frontMatter.date ?? SimpleDate(year: 0, month: 1, day: 1)
        return left != right ? left > right : rank[lhs] < rank[rhs]
      }
    }
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

  /// The list order: weight first (pages without one last), then newest date, then title, then path.
  /// Reads the fields in place (passing `Page` values would copy all their strings per comparison).
  static func listBefore(_ pages: [Page], _ lhs: Int, _ rhs: Int) -> Bool {
    let lw = pages[lhs].frontMatter.weight ?? Int.max
    let rw = pages[rhs].frontMatter.weight ?? Int.max
    if lw != rw { return lw < rw }
    let ld = pages[lhs].frontMatter.date ?? SimpleDate(year: 0, month: 1, day: 1)
    let rd = pages[rhs].frontMatter.date ?? SimpleDate(year: 0, month: 1, day: 1)
    if ld != rd { return ld > rd }
    if pages[lhs].frontMatter.title != pages[rhs].frontMatter.title {
      return pages[lhs].frontMatter.title < pages[rhs].frontMatter.title
    }
    return pages[lhs].contentPath < pages[rhs].contentPath
  }

  /// The newest `date` or `updated` of any page: the site's "last updated", with no clock involved.
  var lastUpdated: SimpleDate? {
    site.pages.flatMap { [$0.frontMatter.date, $0.frontMatter.updated].compactMap { $0 } }.max()
  }

  /// URL path of a tag page (`en/tags/investment-promotion/`).
  static func tagPath(_ tag: String, language: String) -> String { "\(language)/tags/\(tag)/" }
}

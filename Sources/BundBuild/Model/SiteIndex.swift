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
    self.pagesByLanguage = pagesByLanguage.mapValues {
      $0.sorted { SiteIndex.listOrder(pages[$0], pages[$1]) }
    }
    self.tagged = tagged.mapValues {
      $0.mapValues { $0.sorted { SiteIndex.listOrder(pages[$0], pages[$1]) } }
    }
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
        return left != right ? left > right : SiteIndex.listOrder(pages[lhs], pages[rhs])
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

  func listOrder(_ lhs: Page, _ rhs: Page) -> Bool { SiteIndex.listOrder(lhs, rhs) }

  /// Weight first (pages without one last), then newest date, then title, then path.
  static func listOrder(_ lhs: Page, _ rhs: Page) -> Bool {
    let lw = lhs.frontMatter.weight ?? Int.max
    let rw = rhs.frontMatter.weight ?? Int.max
    if lw != rw { return lw < rw }
    let ld = lhs.frontMatter.date ?? SimpleDate(year: 0, month: 1, day: 1)
    let rd = rhs.frontMatter.date ?? SimpleDate(year: 0, month: 1, day: 1)
    if ld != rd { return ld > rd }
    if lhs.frontMatter.title != rhs.frontMatter.title { return lhs.frontMatter.title < rhs.frontMatter.title }
    return lhs.contentPath < rhs.contentPath
  }

  /// The newest `date` or `updated` of any page: the site's "last updated", with no clock involved.
  var lastUpdated: SimpleDate? {
    site.pages.flatMap { [$0.frontMatter.date, $0.frontMatter.updated].compactMap { $0 } }.max()
  }

  /// URL path of a tag page (`en/tags/investment-promotion/`).
  static func tagPath(_ tag: String, language: String) -> String { "\(language)/tags/\(tag)/" }
}

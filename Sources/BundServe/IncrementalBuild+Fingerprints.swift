import BundBuild
import BundCore

/// What each reused piece depends on. Same fingerprint, same output: every input a stage reads for
/// a piece is fed here, or an edit to it would be missed (`IncrementalBuildTests` edits each kind).
extension IncrementalBuild {
  /// What a page's Markdown depends on besides the site's structure: the page, its body by bytes
  /// (hashing a String normalizes it first, which costs as much as rendering it).
  static func fingerprint(_ page: Page, structure: Int) -> Int {
    var hasher = Hasher()
    hasher.combine(structure)
    page.hashWithoutBody(into: &hasher)
    hasher.combineText(page.body)
    return hasher.finalize()
  }

  /// Everything every page's context reads besides the page itself (see ContextBuilder).
  static func globalFingerprint(_ plan: PagePlan) -> Int {
    let index = plan.site.index
    let site = index.site
    var hasher = Hasher()
    hasher.combine(site.config)
    hasher.combine(site.strings)
    hasher.combine(site.data)
    hasher.combine(site.figures)
    hasher.combine(site.sources)
    hasher.combine(site.tagNames)
    for template in site.templates {
      hasher.combine(template.relativePath)
      hasher.combine(template.bytes)
    }
    for (name, path) in plan.assetPaths.sorted(by: { $0.key < $1.key }) {
      hasher.combine(name)
      hasher.combine(path)
    }
    for page in site.pages {
      hasher.combine(page.key)
      hasher.combine(page.language)
      hasher.combine(page.urlPath)
      hasher.combine(page.frontMatter)
    }
    for language in site.config.languages {
      for position in index.newestFirst[language.code]?.prefix(site.config.latestCount) ?? [] {
        hasher.combine(plan.rendered[position].summary)
      }
    }
    hasher.combine(index.lastUpdated)
    return hasher.finalize()
  }

  /// Everything the sitemap and the feeds read: each view's address, dates and language versions;
  /// each page's title, dates, kind and summary; and the site's settings (`global`).
  static func listingsFingerprint(_ plan: PagePlan, global: Int) -> Int {
    var hasher = Hasher()
    hasher.combine(global)
    for view in plan.views {
      hasher.combineText(view.urlPath)
      hasher.combine(view.date)
      hasher.combine(view.updated)
      hasher.combineVersions(of: view)
    }
    for (position, page) in plan.site.site.pages.enumerated() {
      hasher.combineText(page.urlPath)
      hasher.combineText(page.language)
      hasher.combineText(page.kind.rawValue)
      hasher.combineText(page.frontMatter.title)
      hasher.combine(page.frontMatter.date)
      hasher.combine(page.frontMatter.updated)
      hasher.combineText(plan.rendered[position].summary)
    }
    return hasher.finalize()
  }

  /// A view's own inputs on top of the global ones. A content page's HTML is fed by the hash made
  /// when its Markdown was rendered.
  static func fingerprint(of view: PageView, in plan: PagePlan, htmlHashes: [Int], global: Int) -> Int {
    let index = plan.site.index
    var hasher = Hasher()
    hasher.combine(global)
    hasher.combineText(view.kind.rawValue)
    hasher.combineText(view.urlPath)
    hasher.combineText(view.language.code)
    hasher.combineText(view.template)
    hasher.combineText(view.key)
    hasher.combineText(view.title)
    hasher.combineText(view.shortTitle)
    hasher.combineText(view.summary)
    if [.home, .section, .page].contains(view.kind),
      let position = index.byLanguageAndKey[view.language.code]?[view.key]
    {
      hasher.combine(htmlHashes[position])
    } else {
      hasher.combineText(view.contentHTML)
    }
    hasher.combineText(view.section)
    hasher.combine(view.date)
    hasher.combine(view.updated)
    for heading in view.headings {
      hasher.combine(heading.level)
      hasher.combineText(heading.id)
      hasher.combineText(heading.text)
    }
    hasher.combine(view.wordCount)
    for tag in view.tags { hasher.combineText(tag) }
    hasher.combineVersions(of: view)
    hasher.combine(view.translationStale)
    for (title, path) in view.breadcrumbs {
      hasher.combineText(title)
      hasher.combineText(path)
    }
    hasher.combine(view.pagination)
    // What a list shows of each page it lists.
    for position in view.listed {
      let page = index.site.pages[position]
      hasher.combine(position)
      hasher.combineText(page.frontMatter.title)
      hasher.combineText(page.urlPath)
      hasher.combine(page.frontMatter.date)
      for tag in page.frontMatter.tags { hasher.combineText(tag) }
      hasher.combineText(plan.rendered[position].summary)
    }
    return hasher.finalize()
  }
}

extension SiteIndex {
  /// Everything a page's Markdown rendering reads besides the page itself: which pages exist where,
  /// the pages the site makes (tag lists, list pages: links may point at them), static files and
  /// the images' sizes, figures, sources, data tables (`{{table data/NAME}}`), UI strings and
  /// settings.
  var markdownStructureFingerprint: Int {
    var hasher = Hasher()
    hasher.combine(site.config)
    hasher.combine(templateIDs)
    hasher.combine(generatedPaths)
    hasher.combine(imageSizes)
    hasher.combine(site.data)
    hasher.combine(site.unloadedFigures)
    hasher.combine(site.unloadedData)
    for page in site.pages {
      hasher.combine(page.key)
      hasher.combine(page.language)
      hasher.combine(page.urlPath)
      hasher.combine(page.contentPath)
    }
    hasher.combine(site.staticFiles.map(\.relativePath))
    hasher.combine(site.figures)
    hasher.combine(site.sources)
    hasher.combine(site.strings)
    hasher.combine(site.unloadedPages)
    return hasher.finalize()
  }
}

extension Hasher {
  /// A view's language versions (in code order) and its x-default.
  mutating func combineVersions(of view: PageView) {
    for (language, path) in view.versions.sorted(by: { $0.key < $1.key }) {
      combineText(language)
      combineText(path)
    }
    combineText(view.defaultVersion ?? "\u{0}")
  }

  /// Feeds a string's UTF-8 bytes and length (no Unicode normalization, unlike `combine(String)`).
  mutating func combineText(_ text: String) {
    var copy = text
    copy.withUTF8 { combine(bytes: UnsafeRawBufferPointer($0)) }
    combine(text.utf8.count)
  }
}

import BundCore
import BundTemplates
import Foundation

/// Turns the validated site and its rendered Markdown into every output file. No disk and no clock of
/// its own: with a `sink`, each HTML page is handed over as soon as it is made (the writer stages it),
/// so a large site is never held whole in memory.
struct SiteRenderer: Sendable {
  let index: SiteIndex
  let rendered: [RenderedPage]
  let templates: TemplateSet
  let figures: FigureRenderer
  var progress: (@Sendable (String, Int, Int) -> Void)?
  /// HTML of the previous build (serve mode), reused where a page's inputs are unchanged.
  var previous: [String: BuildCache.CachedView] = [:]
  /// Whether to return the view cache for the next build (serve mode); a one-off build skips hashing.
  var keepCache = false
  /// Takes each rendered HTML page (and keeps it out of the returned files).
  var sink: (@Sendable (OutputFile) -> StagedFile)?

  /// The sitemap and feeds of the previous build (serve mode), reused while what they show is unchanged.
  var previousListings: BuildCache.CachedListings?

  /// What a run makes.
  struct Output {
    var files: [OutputFile]
    /// The pages given to `sink`.
    var staged: [StagedFile]
    var diagnostics: [Diagnostic]
    /// Bytes of the HTML pages per language code, for the search index's budget.
    var pageBytes: [String: Int]
    var views: [String: BuildCache.CachedView]
    var listings: BuildCache.CachedListings?
    /// HTML pages rendered (the others came from the cache).
    var viewsRendered = 0
    var viewsReused = 0
    /// Output paths of the HTML pages rendered (not reused).
    var renderedPaths: [String] = []
    /// Every view (the search stage reads them) and, in serve mode, the context builder for its fast path.
    var pageViews: [PageView] = []
    var builder: ContextBuilder?
  }

  func run() async -> Output {
    var files: [OutputFile] = []
    var diagnostics: [Diagnostic] = []
    let site = index.site

    var assetPaths: [String: String] = [:]
    for asset in site.assets {
      let hashed = Self.hashedName(asset.relativePath, bytes: asset.bytes)
      assetPaths[asset.relativePath] = "assets/" + hashed
      files.append(OutputFile(path: "assets/" + hashed, bytes: asset.bytes))
    }
    for file in site.staticFiles {
      files.append(
        file.diskPath.map { OutputFile(path: file.relativePath, copyingFrom: $0) }
          ?? OutputFile(path: file.relativePath, bytes: file.bytes))
    }

    let builder = ContextBuilder(
      index: index, rendered: rendered, figures: figures,
      assetPaths: Dictionary(
        assetPaths.map { (ContextBuilder.assetKey($0.key), $0.value) },
        uniquingKeysWith: { first, _ in first }),
      lastUpdated: index.lastUpdated, templates: templates)
    // A site gets search pages only when it has a search template.
    let views = ViewPlanner(index: index, rendered: rendered).views().filter {
      $0.kind != .search || templates.contains("search")
    }
    let global = keepCache || !previous.isEmpty ? globalFingerprint(assetPaths: assetPaths) : 0
    var cache: [String: BuildCache.CachedView] = [:]
    var toRender: [PageView] = []
    var fingerprints: [String: Int] = [:]
    for view in views {
      let fingerprint = keepCache || !previous.isEmpty ? fingerprint(of: view, global: global) : 0
      if let cached = previous[view.urlPath], cached.fingerprint == fingerprint {
        files.append(cached.file)
        cache[view.urlPath] = cached
      } else {
        toRender.append(view)
        fingerprints[view.urlPath] = fingerprint
      }
    }
    // The sitemap and the feeds do not need the HTML: made alongside it.
    async let listingsOutput = listings(views: views, global: global)
    let (pages, staged, problems) = await renderViews(toRender, builder: builder)
    let byPath = Dictionary(
      toRender.map { ($0.urlPath + "index.html", $0) }, uniquingKeysWith: { first, _ in first })
    for page in pages {
      if keepCache, let view = byPath[page.path], let fingerprint = fingerprints[view.urlPath] {
        cache[view.urlPath] = BuildCache.CachedView(fingerprint: fingerprint, file: page)
      }
    }
    files += pages
    diagnostics += problems
    var pageBytes: [String: Int] = [:]
    for (path, count) in files.map({ ($0.path, $0.bytes.count) }) + staged.map({ ($0.path, $0.byteCount) })
    where path.hasSuffix(".html") {
      guard let slash = path.firstIndex(of: "/") else { continue }
      pageBytes[String(path[..<slash]), default: 0] += count
    }
    let (extras, extraProblems) = renderSpecialPages(builder: builder)
    files += extras
    diagnostics += extraProblems

    let listings = await listingsOutput
    files += listings.files
    files.append(
      OutputFile(
        path: "robots.txt", text: "User-agent: *\nAllow: /\n\nSitemap: \(site.config.baseURL)sitemap.xml\n"))
    if !site.figures.isEmpty {
      let data = FigureData(site: site, figures: figures)
      files.append(OutputFile(path: "data/figures.json", text: data.json()))
      files.append(OutputFile(path: "data/figures.csv", bytes: data.csv()))
    }
    files.sort { $0.path < $1.path }
    return Output(
      files: files, staged: staged, diagnostics: diagnostics, pageBytes: pageBytes, views: cache,
      listings: keepCache ? listings : nil, viewsRendered: toRender.count,
      viewsReused: views.count - toRender.count, renderedPaths: toRender.map { $0.urlPath + "index.html" },
      pageViews: views, builder: keepCache ? builder : nil)
  }

  /// Renders the HTML pages in parallel, a bounded number at a time.
  /// Everything every page's context reads besides the page itself (see ContextBuilder).
  func globalFingerprint(assetPaths: [String: String]) -> Int {
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
    for (name, path) in assetPaths.sorted(by: { $0.key < $1.key }) {
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
        hasher.combine(rendered[position].summary)
      }
    }
    hasher.combine(index.lastUpdated)
    return hasher.finalize()
  }

  /// A view's own inputs on top of the global ones: same fingerprint, same HTML.
  /// The sitemap and a feed per language. They show titles, dates, summaries and addresses, not the
  /// pages' text: in serve mode an edit to a body reuses them.
  func listings(views: [PageView], global: Int) -> BuildCache.CachedListings {
    let site = index.site
    let key = keepCache ? listingsFingerprint(views: views, global: global) : 0
    if let previousListings, keepCache, previousListings.key == key { return previousListings }
    let feeds = FeedWriter(index: index, rendered: rendered, views: views)
    var listings = BuildCache.CachedListings(
      key: key, files: [OutputFile(path: "sitemap.xml", text: feeds.sitemap())])
    for language in site.config.languages where index.pagesByLanguage[language.code] != nil {
      listings.files.append(OutputFile(path: "\(language.code)/feed.xml", text: feeds.atom(for: language)))
    }
    return listings
  }

  /// Everything the sitemap and the feeds read: each view's address, dates and language versions;
  /// each page's title, dates, kind and summary; and the site's settings (`global`).
  func listingsFingerprint(views: [PageView], global: Int) -> Int {
    var hasher = Hasher()
    hasher.combine(global)
    for view in views {
      hasher.combineText(view.urlPath)
      hasher.combine(view.date)
      hasher.combine(view.updated)
      for (language, path) in view.versions.sorted(by: { $0.key < $1.key }) {
        hasher.combineText(language)
        hasher.combineText(path)
      }
      hasher.combineText(view.defaultVersion ?? "\u{0}")
    }
    for (position, page) in index.site.pages.enumerated() {
      hasher.combineText(page.urlPath)
      hasher.combineText(page.language)
      hasher.combineText(page.kind.rawValue)
      hasher.combineText(page.frontMatter.title)
      hasher.combine(page.frontMatter.date)
      hasher.combine(page.frontMatter.updated)
      hasher.combineText(rendered[position].summary)
    }
    return hasher.finalize()
  }

  func fingerprint(of view: PageView, global: Int) -> Int {
    // Strings by their bytes: hashing a String normalizes it first, which costs more than the page's
    // Markdown, and this runs for every page on every serve rebuild.
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
    if view.contentHash != 0 {
      hasher.combine(view.contentHash)
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
    for (language, path) in view.versions.sorted(by: { $0.key < $1.key }) {
      hasher.combineText(language)
      hasher.combineText(path)
    }
    hasher.combineText(view.defaultVersion ?? "\u{0}")
    hasher.combine(view.translationStale)
    for (title, path) in view.breadcrumbs {
      hasher.combineText(title)
      hasher.combineText(path)
    }
    // What a list shows of each page it lists.
    for position in view.listed {
      let page = index.site.pages[position]
      hasher.combine(position)
      hasher.combineText(page.frontMatter.title)
      hasher.combineText(page.urlPath)
      hasher.combine(page.frontMatter.date)
      for tag in page.frontMatter.tags { hasher.combineText(tag) }
      hasher.combineText(rendered[position].summary)
    }
    return hasher.finalize()
  }

  /// Renders the HTML pages in parallel, in batches of one language that share the per-language part of
  /// the context, a bounded number of batches at a time.
  func renderViews(
    _ views: [PageView], builder: ContextBuilder
  ) async -> ([OutputFile], [StagedFile], [Diagnostic]) {
    var batches: [[PageView]] = []
    for language in index.site.config.languages {
      let ofLanguage = views.filter { $0.language.code == language.code }
      stride(from: 0, to: ofLanguage.count, by: 64).forEach {
        batches.append(Array(ofLanguage[$0..<min($0 + 64, ofLanguage.count)]))
      }
    }
    var files: [OutputFile] = []
    var staged: [StagedFile] = []
    var diagnostics: Set<Diagnostic> = []
    await withTaskGroup(of: [Result<RenderedView, Diagnostic>].self) { group in
      var next = 0
      let workers = max(1, ProcessInfoCores.count * 2)
      func schedule() {
        guard next < batches.count else { return }
        let batch = batches[next]
        next += 1
        group.addTask {
          guard let language = batch.first?.language else { return [] }
          let shared = builder.sharedContext(for: language)
          return batch.map { renderView($0, builder: builder, shared: shared) }
        }
      }
      for _ in 0..<workers { schedule() }
      var done = 0
      for await results in group {
        for result in results {
          switch result {
          case .success(.file(let file)): files.append(file)
          case .success(.staged(let file)):
            if let problem = file.problem { diagnostics.insert(.error(problem)) }
            staged.append(file)
          case .failure(let diagnostic): diagnostics.insert(diagnostic)
          }
        }
        let before = done
        done += results.count
        if done / 1000 != before / 1000 || done == views.count { progress?("templates", done, views.count) }
        schedule()
      }
    }
    return (files, staged, Array(diagnostics))
  }

  /// A rendered page: its file, or what the sink did with it.
  enum RenderedView: Sendable {
    case file(OutputFile)
    case staged(StagedFile)
  }

  func renderView(_ view: PageView, builder: ContextBuilder, shared: TemplateValue) -> Result<
    RenderedView, Diagnostic
  > {
    let context = builder.context(for: view)
    guard let (html, unresolved) = templates.render(view.template, frames: [shared, .object(context)]) else {
      return .failure(missingTemplate(view.template))
    }
    if let name = unresolved.sorted().first {
      let path = templates.names[view.template] ?? view.template
      return .failure(
        .error(
          "'\(name)' is not in the template context (used by \(view.template) or a template it includes)\(Suggestions.hint(for: name, in: TemplateNameCheck.topLevelNames)); Mustache would print nothing",
          at: SourceLocation(file: path), notes: ["see docs/templates.md for the names every page has"]))
    }
    let bytes = index.site.config.portable ? Data(PortableLinks.rewrite(Array(html))) : Data(html)
    let file = OutputFile(path: view.urlPath + "index.html", bytes: bytes)
    return .success(sink.map { .staged($0(file)) } ?? .file(file))
  }

  func missingTemplate(_ name: String) -> Diagnostic {
    templates.contains(name)
      ? .error(
        "template '\(name)' includes itself (through partials or parents) more than 100 levels deep",
        at: SourceLocation(file: templates.names[name] ?? name))
      : .error("template '\(name)' does not exist; create Templates/\(name).mustache")
  }

  /// `index.html` (the language chooser), `404.html` and the redirect pages of aliases.
  func renderSpecialPages(builder: ContextBuilder) -> ([OutputFile], [Diagnostic]) {
    let site = index.site
    guard let language = site.config.language(site.config.defaultLanguage) else { return ([], []) }
    var versions: [String: String] = [:]
    for other in site.config.languages where index.page("", in: other.code) != nil {
      versions[other.code] = "\(other.code)/"
    }
    func view(template: String, urlPath: String) -> PageView {
      PageView(
        kind: .home, urlPath: urlPath, language: language, template: template, key: "", title: language.title,
        shortTitle: language.title, summary: language.description, contentHTML: "", section: "", date: nil,
        updated: nil, headings: [], wordCount: 0, tags: [], listed: [], versions: versions,
        defaultVersion: "",
        breadcrumbs: [])
    }
    var files: [OutputFile] = []
    var diagnostics: [Diagnostic] = []
    let shared = builder.sharedContext(for: language)
    let chooser = builder.context(for: view(template: "chooser", urlPath: ""))
    if let (html, _) = templates.render("chooser", frames: [shared, .object(chooser)]) {
      let bytes = site.config.portable ? Data(PortableLinks.rewrite(Array(html))) : Data(html)
      files.append(OutputFile(path: "index.html", bytes: bytes))
    } else {
      diagnostics.append(missingTemplate("chooser"))
    }
    var notFound = builder.context(for: view(template: "404", urlPath: ""), root: site.config.basePath)
    // Served at any path and never indexed: no canonical URL and no alternates.
    notFound["canonical"] = ""
    notFound["alternates"] = []
    notFound["noindex"] = true
    if let (html, _) = templates.render("404", frames: [shared, .object(notFound)]) {
      files.append(OutputFile(path: "404.html", bytes: Data(html)))
    } else {
      diagnostics.append(missingTemplate("404"))
    }
    files += AliasPages(index: index).files()
    return (files, diagnostics)
  }

  /// `style.css` → `style.1a2b3c4d.css`.
  static func hashedName(_ path: String, bytes: Data) -> String {
    let hash = String(TextKit.fnv1a(bytes).prefix(10))
    guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return path + "." + hash }
    return path[..<dot] + "." + hash + path[dot...]
  }
}

extension Hasher {
  /// Feeds a string's UTF-8 bytes and length (no Unicode normalization, unlike `combine(String)`).
  mutating func combineText(_ text: String) {
    var copy = text
    copy.withUTF8 { combine(bytes: UnsafeRawBufferPointer($0)) }
    combine(text.utf8.count)
  }
}

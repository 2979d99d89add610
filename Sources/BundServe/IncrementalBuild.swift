import BundBuild
import BundCore
import BundLoading
import Foundation

/// `bund serve`'s builds: the build's own stages, called so that what an edit did not touch is
/// taken from the build before. Pages whose files did not change are not parsed again, Markdown
/// whose page and site structure did not change is not rendered again, and HTML whose inputs did
/// not change is not rendered again. The result always equals a cold build (`IncrementalBuildTests`).
/// Fingerprints use Swift's `Hasher`, seeded per process: a cache never outlives its process.
public struct IncrementalBuild: Sendable {
  public var options: BuildOptions
  var pages: [String: SiteLoader.LoadedPage] = [:]
  var markdown: [String: CachedMarkdown] = [:]
  var views: [String: CachedView] = [:]
  var listings: CachedListings?
  /// What the last successful build rendered with, for the fast path (`renderEdit(of:)`).
  var lastGood: LastGoodBuild?

  public init(options: BuildOptions) {
    self.options = options
  }

  /// What one build made, with what it took from the one before.
  public struct Outcome: Sendable {
    public var report: BuildReport
    public var files: [OutputFile]
    public var reuse = ReuseCounts()
    /// Output paths of the HTML pages this build rendered (the others were reused).
    public var renderedPages: [String] = []
  }

  /// The base URL of the last successful build (`base_url` in site.yaml, or the option that replaced
  /// it), so serve can answer under its path.
  public var lastGoodBaseURL: String? { lastGood?.site.site.config.baseURL }

  /// Builds in memory, reusing what the last build made wherever its inputs are unchanged.
  public mutating func run() async -> Outcome {
    let builder = Builder(options: options)
    var outcome = Outcome(report: BuildReport(), files: [])
    var timer = StageTimer()
    // The fast path starts only from a build that succeeded: forget the last one until this one has.
    lastGood = nil

    let previousPages = pages
    let loaded = await builder.load(readingPagesWith: { files, read in
      await Self.read(files, keeping: previousPages, with: read)
    })
    pages = Dictionary(loaded.pages.map { ($0.file.path, $0) }, uniquingKeysWith: { first, _ in first })
    // Read again: a file that changed, or whose stamp could not be taken (so it is always read).
    let reparsed = Set(
      loaded.pages.filter { previousPages[$0.file.path]?.file != $0.file || $0.file.stamp == nil }
        .map(\.file.relativePath))
    outcome.reuse.pagesParsed = reparsed.count
    outcome.reuse.pagesReused = loaded.pages.count - reparsed.count
    outcome.report.timings.append(timer.lap("load"))
    outcome.report.scheduled = loaded.site?.scheduledList ?? []
    var diagnostics = loaded.diagnostics
    guard let loadedSite = loaded.site, let templates = loaded.templates, !loadedSite.pages.isEmpty else {
      outcome.report.diagnostics = diagnostics.sortedByLocation()
      return outcome
    }
    let (validated, validateProblems) = builder.validate(loadedSite, templates: templates)
    diagnostics += validateProblems
    outcome.report.timings.append(timer.lap("validate"))
    guard let site = validated else {
      outcome.report.diagnostics = diagnostics.sortedByLocation()
      return outcome
    }

    let (rendered, htmlHashes) = await renderMarkdown(site, reparsed: reparsed, outcome: &outcome)
    diagnostics += rendered.diagnostics
    outcome.report.timings.append(timer.lap("markdown"))
    outcome.report.pagesPerLanguage = site.pagesPerLanguage
    guard !diagnostics.hasErrors else {
      outcome.report.diagnostics = diagnostics.sortedByLocation()
      return outcome
    }

    let plan = PagePlan(site: site, rendered: rendered.pages)
    let pages = await renderPages(plan, htmlHashes: htmlHashes, with: builder, outcome: &outcome)
    diagnostics += pages.diagnostics
    outcome.report.timings.append(timer.lap("templates"))
    let search = await builder.search(plan)
    outcome.report.searchIndexes = search.summaries(pageBytes: pages.bytesByLanguage)
    outcome.report.timings.append(timer.lap("search"))

    let files = (pages.files + search.files).sorted { $0.path < $1.path }
    diagnostics += OutputCollisions.staticOverGenerated(site.site.staticFiles, staged: [], files: files)
    outcome.report.filesProduced = files.count
    outcome.report.diagnostics = diagnostics.sortedByLocation()
    guard !diagnostics.hasErrors else { return outcome }
    outcome.files = files
    lastGood = LastGoodBuild(plan: plan)
    return outcome
  }

  /// The page files, taking the pages of files with the same path, name, modification time and
  /// size from the last load, and reading the others.
  static func read(
    _ files: [ContentFile], keeping previous: [String: SiteLoader.LoadedPage],
    with read: @Sendable ([ContentFile]) async -> [SiteLoader.LoadedPage]
  ) async -> [SiteLoader.LoadedPage] {
    var kept: [String: SiteLoader.LoadedPage] = [:]
    var fresh: [ContentFile] = []
    for file in files {
      if let cached = previous[file.path], cached.file == file, file.stamp != nil {
        kept[file.path] = cached
      } else {
        fresh.append(file)
      }
    }
    for page in await read(fresh) { kept[page.file.path] = page }
    return files.compactMap { kept[$0.path] }
  }

  /// The markdown stage, taking a page's Markdown from the last build when neither the page nor the
  /// site's structure changed. Also each page's HTML hash, for the views' fingerprints.
  mutating func renderMarkdown(
    _ site: ValidatedSite, reparsed: Set<String>, outcome: inout Outcome
  ) async -> (RenderedPages, [Int]) {
    let stage = site.markdownStage
    let pages = site.site.pages
    let structure = site.index.markdownStructureFingerprint
    var results: [RenderedPage?] = Array(repeating: nil, count: pages.count)
    var hashes = Array(repeating: 0, count: pages.count)
    var problems: [[Diagnostic]] = Array(repeating: [], count: pages.count)
    var cache: [String: CachedMarkdown] = [:]
    var toRender: [Int] = []
    for (position, page) in pages.enumerated() {
      if let cached = markdown[page.contentPath], cached.structure == structure,
        !reparsed.contains(page.contentPath)
          || cached.fingerprint == Self.fingerprint(page, structure: structure)
      {
        var rendered = cached.rendered
        rendered.pageIndex = position
        results[position] = rendered
        hashes[position] = cached.htmlHash
        problems[position] = cached.diagnostics
        cache[page.contentPath] = cached
      } else {
        toRender.append(position)
      }
    }
    for (rendered, diagnostics) in await stage.render(positions: toRender, progress: options.progress) {
      let position = rendered.pageIndex
      var hasher = Hasher()
      hasher.combineText(rendered.markdown.html)
      let cached = CachedMarkdown(
        fingerprint: Self.fingerprint(pages[position], structure: structure), structure: structure,
        rendered: rendered, diagnostics: diagnostics, htmlHash: hasher.finalize())
      cache[pages[position].contentPath] = cached
      results[position] = rendered
      hashes[position] = cached.htmlHash
      problems[position] = diagnostics
    }
    markdown = cache
    outcome.reuse.markdownRendered = toRender.count
    outcome.reuse.markdownReused = pages.count - toRender.count
    let all = results.compactMap { $0 }
    return (
      RenderedPages(
        pages: all, diagnostics: problems.flatMap { $0 } + stage.checkSite(all, templates: site.templates)),
      hashes
    )
  }

  /// The templates stage, taking a view's HTML from the last build when its fingerprint is the same,
  /// and the sitemap and feeds while what they show is the same.
  mutating func renderPages(
    _ plan: PagePlan, htmlHashes: [Int], with builder: Builder, outcome: inout Outcome
  ) async -> RenderedViews {
    let global = Self.globalFingerprint(plan)
    var cache: [String: CachedView] = [:]
    var kept: [OutputFile] = []
    var toRender: [PageView] = []
    var fingerprints: [String: Int] = [:]
    for view in plan.views {
      let fingerprint = Self.fingerprint(of: view, in: plan, htmlHashes: htmlHashes, global: global)
      if let cached = views[view.urlPath], cached.fingerprint == fingerprint {
        kept.append(cached.file)
        cache[view.urlPath] = cached
      } else {
        toRender.append(view)
        fingerprints[view.urlPath] = fingerprint
      }
    }
    var output = await builder.renderViews(toRender, of: plan)
    for file in output.files {
      let urlPath = String(file.path.dropLast("index.html".count))
      if let fingerprint = fingerprints[urlPath] {
        cache[urlPath] = CachedView(fingerprint: fingerprint, file: file)
      }
    }
    views = cache
    outcome.reuse.viewsRendered = toRender.count
    outcome.reuse.viewsReused = plan.views.count - toRender.count
    outcome.renderedPages = toRender.map { $0.urlPath + "index.html" }
    for file in kept {
      guard let slash = file.path.firstIndex(of: "/") else { continue }
      output.bytesByLanguage[String(file.path[..<slash]), default: 0] += file.bytes.count
    }
    output.files += kept

    let key = Self.listingsFingerprint(plan, global: global)
    if listings?.key != key { listings = CachedListings(key: key, files: plan.listings()) }
    let (files, problems) = plan.siteFiles()
    output.files += files + (listings?.files ?? [])
    output.diagnostics += problems
    return output
  }
}

/// Counts of what a build reused from the one before.
public struct ReuseCounts: Sendable, Hashable {
  public var pagesParsed = 0
  public var pagesReused = 0
  public var markdownRendered = 0
  public var markdownReused = 0
  public var viewsRendered = 0
  public var viewsReused = 0
}

extension IncrementalBuild {
  /// The last successful build's plan: enough to render one page again without the rest.
  struct LastGoodBuild: Sendable {
    var plan: PagePlan
    var site: ValidatedSite { plan.site }
  }

  /// The sitemap and feeds, with the fingerprint of what they show.
  struct CachedListings: Sendable {
    var key: Int
    var files: [OutputFile]
  }

  struct CachedMarkdown: Sendable {
    var fingerprint: Int
    /// The site structure it was rendered against (`SiteIndex.markdownStructureFingerprint`).
    var structure: Int
    var rendered: RenderedPage
    var diagnostics: [Diagnostic]
    /// A hash of the HTML: views compare it instead of hashing the HTML again on every rebuild.
    var htmlHash: Int
  }

  struct CachedView: Sendable {
    var fingerprint: Int
    var file: OutputFile
  }
}

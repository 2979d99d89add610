import BundCore
import BundLoading
import BundTemplates
import Foundation

/// What to build and where.
public struct BuildOptions: Sendable {
  public var contentDirectory: String
  public var templatesDirectory: String
  public var outputDirectory: String
  public var baseURL: String?
  public var includeDrafts: Bool
  /// Links to folders end in `index.html`, so the output works opened from disk (`--portable`).
  public var portable = false
  /// Publish pages whose `publish_at` or `date` is still to come (`--future`).
  public var includeFuture = false
  /// Seconds since 1970 (UTC) that count as now for scheduled pages: the clock, unless a test sets it.
  public var now = Int(Date().timeIntervalSince1970)
  /// Hears how far the long stages are (`markdown`, `templates`): stage, items done, items in all.
  public var progress: (@Sendable (String, Int, Int) -> Void)?

  public init(
    contentDirectory: String = "Content", templatesDirectory: String = "Templates",
    outputDirectory: String = "Public", baseURL: String? = nil, includeDrafts: Bool = false
  ) {
    self.contentDirectory = contentDirectory
    self.templatesDirectory = templatesDirectory
    self.outputDirectory = outputDirectory
    self.baseURL = baseURL
    self.includeDrafts = includeDrafts
  }
}

/// The outcome of a build: problems, counts and the time each stage took.
public struct BuildReport: Sendable {
  public var diagnostics: [Diagnostic] = []
  public var pagesPerLanguage: [(language: String, pages: Int)] = []
  public var filesProduced = 0
  public var written = 0
  public var unchanged = 0
  public var removed = 0
  public var timings: [(stage: String, duration: Duration)] = []
  /// Pages left out until their `publish_at` or `date`: the file and that date, soonest first.
  public var scheduled: [(file: String, date: SimpleDate)] = []
  /// What this build took from the one before (serve mode).
  public var reuse = ReuseCounts()
  /// One line per language on its search index: size against the text it indexes, and the budget.
  public var searchIndexes: [(language: String, summary: String, withinBudget: Bool)] = []
  /// Output paths of the HTML pages this build rendered (the others were reused).
  public var renderedPages: [String] = []
  public var succeeded: Bool { !diagnostics.hasErrors }
}

/// Runs the stages in order (load, validate, render Markdown, render templates, search, write), stopping before
/// the write when anything failed, so a failed build leaves the output folder as it was.
public struct Builder: Sendable {
  public var options: BuildOptions

  public init(options: BuildOptions) {
    self.options = options
  }

  /// Builds and writes the site (or, with `write: false`, only checks it).
  public func build(write: Bool = true) async -> BuildReport {
    var cache = BuildCache()
    return await run(write: write, cache: &cache, reuse: false).report
  }

  /// Builds the site in memory without writing anything: the files it would write, or none on errors.
  public func render() async -> (report: BuildReport, files: [OutputFile]) {
    var cache = BuildCache()
    return await run(write: false, cache: &cache, reuse: false)
  }

  /// Builds in memory reusing what an earlier build made wherever its inputs are unchanged, and
  /// updates the cache: what `bund serve` does on every edit.
  public func render(reusing cache: inout BuildCache) async -> (report: BuildReport, files: [OutputFile]) {
    await run(write: false, cache: &cache, reuse: true)
  }

  private func run(write: Bool, cache: inout BuildCache, reuse: Bool) async -> (
    report: BuildReport, files: [OutputFile]
  ) {
    var report = BuildReport()
    let clock = ContinuousClock()
    var start = clock.now
    func lap(_ stage: String) {
      let now = clock.now
      report.timings.append((stage, now - start))
      start = now
    }

    // Serve's fast path starts only from a build that succeeded: forget the last one until this
    // one has.
    if reuse { cache.lastGood = nil }
    if write,
      let problem = OutputFolderCheck.problem(
        output: options.outputDirectory, content: options.contentDirectory,
        templates: options.templatesDirectory)
    {
      report.diagnostics = [.error(problem)]
      return (report, [])
    }
    let loader = SiteLoader(
      contentDirectory: options.contentDirectory, templatesDirectory: options.templatesDirectory,
      includeDrafts: options.includeDrafts, now: options.includeFuture ? nil : options.now)
    let (loaded, loadProblems, pageCache) = await loader.load(reusing: reuse ? cache.pages : nil)
    var diagnostics = loadProblems
    if reuse { cache.pages = pageCache }
    report.reuse.pagesReused = pageCache.reused
    report.reuse.pagesParsed = (loaded?.pages.count ?? 0) - pageCache.reused
    lap("load")
    report.scheduled = (loaded?.scheduledPages.values.map { ($0.file, $0.date) } ?? [])
      .sorted { ($0.date, $0.file) < ($1.date, $1.file) }
    guard var site = loaded, !site.pages.isEmpty else {
      report.diagnostics = diagnostics.sortedByLocation()
      return (report, [])
    }
    if let baseURL = options.baseURL {
      if let problem = URLRules.baseURLProblem(baseURL) {
        report.diagnostics = [.error("--base-url: " + problem)]
        return (report, [])
      }
      site.config.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
    }
    site.config.portable = options.portable
    diagnostics += TagResolver(site: site).resolve(&site)
    let (templates, templateProblems) = TemplateSet.compile(site.templates)
    diagnostics += templateProblems
    diagnostics += loader.readTables(namedByTemplates: templates.names(under: "data"), into: &site)
    let index = SiteIndex(site: site, templates: templates)
    diagnostics += Validator(site: site, index: index, templates: templates).validate()
    diagnostics += OutputCollisions.reservedNames(in: site.staticFiles)
    lap("validate")

    let figures = FigureRenderer(figures: site.figures, sources: site.sources)
    let (rendered, markdownProblems, markdownCache, markdownRendered) = await MarkdownStage(
      index: index, figures: figures, handTyped: HandTypedFigures(figures: site.figures),
      qualifierEcho: QualifierEcho(figures: site.figures),
      progress: options.progress,
      previous: reuse ? cache.markdown : [:], keepCache: reuse, reparsed: reuse ? cache.pages.reparsed : nil
    ).run()
    report.reuse.markdownRendered = markdownRendered
    report.reuse.markdownReused = rendered.count - markdownRendered
    if reuse { cache.markdown = markdownCache }
    diagnostics += markdownProblems
    diagnostics += UnusedFigures.warnings(
      site: site, shownOnPages: rendered.map(\.figureKeys), templates: templates)
    lap("markdown")
    for language in site.config.languages {
      report.pagesPerLanguage.append((language.code, index.pagesByLanguage[language.code]?.count ?? 0))
    }
    guard !diagnostics.hasErrors else {
      report.diagnostics = diagnostics.sortedByLocation()
      return (report, [])
    }

    // A build that writes hands each page to the writer as soon as it is rendered.
    let writer = OutputWriter(directory: options.outputDirectory)
    var staging: OutputWriter.Staging?
    if write {
      switch writer.beginStaging() {
      case .success(let ready): staging = ready
      case .failure(let problem):
        report.diagnostics = (diagnostics + [problem]).sortedByLocation()
        return (report, [])
      }
    }
    let sink = staging.map { ready in { @Sendable (file: OutputFile) in ready.stage(file) } }
    let output = await SiteRenderer(
      index: index, rendered: rendered, templates: templates, figures: figures, progress: options.progress,
      previous: reuse ? cache.views : [:], keepCache: reuse, sink: sink,
      previousListings: reuse ? cache.listings : nil
    ).run()
    let (staged, renderProblems, viewCache) = (output.staged, output.diagnostics, output.views)
    var files = output.files
    lap("templates")
    let search = await SearchStage(
      index: index, rendered: rendered, views: output.pageViews, pageBytes: output.pageBytes
    ).run()
    files = (files + search.files).sorted { $0.path < $1.path }
    report.searchIndexes = search.stats.map { ($0.language, $0.stats.summary, $0.stats.isWithinBudget) }
    lap("search")
    if reuse { cache.listings = output.listings }
    report.renderedPages = output.renderedPaths
    if reuse {
      if !diagnostics.hasErrors, let builder = output.builder {
        var views: [String: PageView] = [:]
        var positions: [String: Int] = [:]
        for (position, page) in site.pages.enumerated() { positions[page.contentPath] = position }
        for view in output.pageViews
        where [.home, .section, .page].contains(view.kind) && !Pagination.isLater(view) {
          if let position = index.byLanguageAndKey[view.language.code]?[view.key] {
            views[site.pages[position].contentPath] = view
          }
        }
        cache.lastGood = BuildCache.LastGoodBuild(
          index: index, rendered: rendered, figures: figures,
          handTyped: HandTypedFigures(figures: site.figures),
          builder: builder, templates: templates, views: views, positions: positions)
      } else {
        cache.lastGood = nil
      }
    }
    report.reuse.viewsReused = output.viewsReused
    report.reuse.viewsRendered = output.viewsRendered
    if reuse { cache.views = viewCache }
    diagnostics += renderProblems
    diagnostics += OutputCollisions.staticOverGenerated(site.staticFiles, staged: staged, files: files)
    report.filesProduced = files.count + staged.count
    guard !diagnostics.hasErrors, let staging else {
      if let staging { writer.discard(staging) }
      report.diagnostics = diagnostics.sortedByLocation()
      return (report, diagnostics.hasErrors ? [] : files)
    }

    let written = await writer.commit(staging, staged: staged, files: files)
    diagnostics += written.diagnostics
    report.written = written.written
    report.unchanged = written.unchanged
    report.removed = written.removed
    lap("write")
    report.diagnostics = diagnostics.sortedByLocation()
    return (report, files)
  }

  /// Serve's fast path: the HTML of one edited page, made from the last good build, when the edit
  /// changed only the page's body and nothing another page shows (its summary, headings, figures
  /// and links' targets stay the same) and the page has no problem. nil otherwise. The caller still
  /// runs the full incremental build afterwards, which makes every other output agree.
  public func renderEdit(of path: String, cache: BuildCache) -> OutputFile? {
    guard let last = cache.lastGood else { return nil }
    let prefix = options.contentDirectory + "/"
    guard path.hasPrefix(prefix), path.hasSuffix(".md") else { return nil }
    let relative = String(path.dropFirst(prefix.count))
    guard let position = last.positions[relative], let oldView = last.views[relative] else { return nil }
    let site = last.index.site
    let old = site.pages[position]
    let (loaded, problems) = SiteLoader.readPage(
      at: path, relativePath: relative, displayPath: old.sourcePath, config: site.config)
    // Its tags as ids, as the full build has them (resolved on a site of this one page).
    var reread = site
    reread.pages = loaded.map { [$0] } ?? []
    guard TagResolver(site: site).resolve(&reread).isEmpty else { return nil }
    let page = reread.pages.first
    guard let page, problems.isEmpty, page.frontMatter == old.frontMatter,
      page.urlPath == old.urlPath,
      page.key == old.key, page.kind == old.kind, page.bodyLineOffset == old.bodyLineOffset
    else { return nil }
    if page.body == old.body { return nil }

    var pages = site.pages
    pages[position] = page
    var edited = site
    edited.pages = pages
    let stage = MarkdownStage(
      index: SiteIndex(sameStructureAs: last.index, site: edited), figures: last.figures,
      handTyped: last.handTyped, qualifierEcho: QualifierEcho(figures: edited.figures))
    let (rendered, diagnostics) = stage.render(pageAt: position)
    let before = last.rendered[position]
    guard diagnostics.isEmpty, rendered.summary == before.summary,
      rendered.markdown.headings == before.markdown.headings, rendered.figureKeys == before.figureKeys
    else { return nil }
    for check in rendered.anchorChecks {
      let target = check.targetIndex == position ? rendered : last.rendered[check.targetIndex]
      guard target.markdown.headings.contains(where: { $0.id == check.anchor }) else { return nil }
    }

    var view = oldView
    view.contentHTML = rendered.markdown.html
    view.wordCount = rendered.wordCount
    view.contentHash = 0
    let shared = last.builder.sharedContext(for: view.language)
    guard
      let (html, unresolved) = last.templates.render(
        view.template, frames: [shared, .object(last.builder.context(for: view))]),
      unresolved.isEmpty
    else { return nil }
    return OutputFile(path: view.urlPath + "index.html", bytes: Data(html))
  }
}

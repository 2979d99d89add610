import BundCore
import BundLoading
import BundSearch
import BundTemplates
import Foundation

/// The site once it is checked: what the markdown and templates stages read.
package struct ValidatedSite: Sendable {
  package let index: SiteIndex
  package let templates: TemplateSet
  package let figures: FigureRenderer
  package let handTyped: HandTypedFigures
  package let qualifierEcho: QualifierEcho

  package var site: Site { index.site }

  package var markdownStage: MarkdownStage {
    MarkdownStage(index: index, figures: figures, handTyped: handTyped, qualifierEcho: qualifierEcho)
  }

  /// Pages per language code, in the order site.yaml lists the languages.
  package var pagesPerLanguage: [(language: String, pages: Int)] {
    site.config.languages.map { ($0.code, index.pagesByLanguage[$0.code]?.count ?? 0) }
  }
}

/// What the load stage read: the site (nil when it cannot be built at all) with its compiled
/// templates, every problem, and each page file as read.
package struct LoadedSite: Sendable {
  package var site: Site?
  package var templates: TemplateSet?
  package var diagnostics: [Diagnostic]
  package var pages: [SiteLoader.LoadedPage]
}

/// The HTML pages rendered: kept in memory, or handed to the writer's staging as they are made.
package struct RenderedViews: Sendable {
  package var files: [OutputFile] = []
  package var staged: [StagedFile] = []
  package var diagnostics: [Diagnostic] = []
  /// Bytes of the views' HTML per language code, what each search index's budget is measured against.
  package var bytesByLanguage: [String: Int] = [:]
}

/// The search indexes' files and their sizes per language.
package struct SearchFiles: Sendable {
  package var files: [OutputFile]
  package var stats: [(language: String, stats: SearchStats)]

  /// One line per language: the index's size against the bytes of that language's pages (known
  /// once the templates stage is done) and the budget.
  package func summaries(pageBytes: [String: Int]) -> [(
    language: String, summary: String, withinBudget: Bool
  )] {
    stats.map { language, stats in
      var stats = stats
      stats.siteTextBytes = pageBytes[language] ?? 0
      return (language, stats.summary, stats.isWithinBudget)
    }
  }
}

extension Builder {
  /// **load**: Content/ and Templates/ read into a `Site`, the templates compiled, and the data
  /// tables they name read (the others stay unread); `reader`, when given, decides how page files
  /// are read (serve keeps the pages of unchanged files).
  package func load(readingPagesWith reader: SiteLoader.PageReader? = nil) async -> LoadedSite {
    let loader = SiteLoader(
      contentDirectory: options.contentDirectory, templatesDirectory: options.templatesDirectory,
      includeDrafts: options.includeDrafts, now: options.includeFuture ? nil : options.now,
      fileSystem: options.fileSystem)
    let loaded = await loader.load(readingPagesWith: reader)
    guard var site = loaded.site else {
      return LoadedSite(site: nil, templates: nil, diagnostics: loaded.diagnostics, pages: loaded.pages)
    }
    let (templates, templateProblems) = TemplateSet.compile(site.templates)
    let tableProblems = loader.readTables(namedByTemplates: templates.names(under: "data"), into: &site)
    return LoadedSite(
      site: site, templates: templates, diagnostics: loaded.diagnostics + templateProblems + tableProblems,
      pages: loaded.pages)
  }

  /// **validate**: the options applied, tags resolved, the site checked before any HTML. nil when
  /// the site cannot go on (a bad `--base-url`).
  package func validate(_ loaded: Site, templates: TemplateSet) -> (ValidatedSite?, [Diagnostic]) {
    var site = loaded
    if let baseURL = options.baseURL {
      if let problem = URLRules.baseURLProblem(baseURL) {
        return (nil, [.error("--base-url: " + problem)])
      }
      site.config.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
    }
    site.config.portable = options.portable
    var diagnostics = TagResolver(site: site).resolve(&site)
    let index = SiteIndex(site: site, templates: templates)
    diagnostics += Validator(site: site, index: index, templates: templates).validate()
    diagnostics += OutputCollisions.reservedNames(in: site.staticFiles)
    let validated = ValidatedSite(
      index: index, templates: templates,
      figures: FigureRenderer(figures: site.figures, sources: site.sources),
      handTyped: HandTypedFigures(figures: site.figures), qualifierEcho: QualifierEcho(figures: site.figures))
    return (validated, diagnostics)
  }

  /// **markdown**: every page's Markdown rendered in parallel, then the checks that need every page.
  package func renderMarkdown(_ site: ValidatedSite) async -> RenderedPages {
    let stage = site.markdownStage
    let results = await stage.render(positions: Array(site.site.pages.indices), progress: options.progress)
    let pages = results.map(\.0)
    let diagnostics = results.flatMap(\.1) + stage.checkSite(pages, templates: site.templates)
    return RenderedPages(pages: pages, diagnostics: diagnostics)
  }

  /// **templates**: the views rendered in parallel (each into the staging as soon as it is made, when
  /// there is one, so a large site is never held whole in memory), with the sitemap, feeds, special
  /// pages, assets and static files.
  package func renderPages(_ plan: PagePlan, into staging: OutputWriter.Staging?) async -> RenderedViews {
    async let listings = plan.listings()
    var output = await renderViews(plan.views, of: plan, into: staging)
    let (files, problems) = plan.siteFiles()
    output.files += files + (await listings)
    output.diagnostics += problems
    return output
  }

  /// Renders `views` of `plan` in batches, a bounded number at a time.
  package func renderViews(
    _ views: [PageView], of plan: PagePlan, into staging: OutputWriter.Staging? = nil
  ) async -> RenderedViews {
    let progress = options.progress
    let total = views.count
    let batches = plan.batches(of: views)
    var viewsDone = 0
    let results = await Parallel.map(
      batches, width: Parallel.cores * 2,
      progress: { done, finished in
        viewsDone += batches[finished].count
        // Batches of at most 64 views: about every 1,000 pages, and at the end.
        if done % 16 == 0 || done == batches.count { progress?("templates", viewsDone, total) }
      }
    ) { batch in
      let (files, diagnostics) = plan.render(batch, of: views)
      guard let staging else { return (files, [StagedFile](), diagnostics) }
      return ([], staging.stage(files), diagnostics)
    }
    var output = RenderedViews()
    var seen: Set<Diagnostic> = []
    for (files, staged, diagnostics) in results {
      output.files += files
      output.staged += staged
      for diagnostic in diagnostics where seen.insert(diagnostic).inserted {
        output.diagnostics.append(diagnostic)
      }
      for file in staged {
        if let problem = file.problem, seen.insert(.error(problem)).inserted {
          output.diagnostics.append(.error(problem))
        }
      }
      for (path, count) in files.map({ ($0.path, $0.bytes.count) }) + staged.map({ ($0.path, $0.byteCount) })
      {
        guard let slash = path.firstIndex(of: "/") else { continue }
        output.bytesByLanguage[String(path[..<slash]), default: 0] += count
      }
    }
    return output
  }

  /// **search**: the search index of every language with a search page, from the rendered
  /// Markdown (not the HTML).
  package func search(_ plan: PagePlan) async -> SearchFiles {
    let search = await SearchStage(index: plan.site.index, rendered: plan.rendered, views: plan.views).run()
    return SearchFiles(files: search.files, stats: search.stats)
  }
}

extension Site {
  /// Pages left out until their `publish_at` or `date`: the file and that date, soonest first.
  package var scheduledList: [(file: String, date: SimpleDate)] {
    scheduledPages.values.map { ($0.file, $0.date) }.sorted { ($0.date, $0.file) < ($1.date, $1.file) }
  }
}

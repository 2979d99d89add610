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
  /// Where the sources are read and the site is written: the disk, unless a test gives another.
  public var fileSystem: any WritableFileSystem = DiskFileSystem()

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
  public init() {}

  public var diagnostics: [Diagnostic] = []
  public var pagesPerLanguage: [(language: String, pages: Int)] = []
  public var filesProduced = 0
  public var written = 0
  public var unchanged = 0
  public var removed = 0
  public var timings: [(stage: String, duration: Duration)] = []
  /// Pages left out until their `publish_at` or `date`: the file and that date, soonest first.
  public var scheduled: [(file: String, date: SimpleDate)] = []
  /// One line per language on its search index: size against the text it indexes, and the budget.
  public var searchIndexes: [(language: String, summary: String, withinBudget: Bool)] = []
  public var succeeded: Bool { !diagnostics.hasErrors }
}

/// Runs the stages in order (load, validate, markdown, templates, search, write), stopping before
/// the write when anything failed, so a failed build leaves the output folder as it was. Each stage
/// is a function from the last one's value to its own; `bund serve`'s incremental build
/// (BundServe) calls the same functions, reusing what an edit did not touch.
public struct Builder: Sendable {
  public var options: BuildOptions

  public init(options: BuildOptions) {
    self.options = options
  }

  /// Builds and writes the site (or, with `write: false`, only checks it).
  public func build(write: Bool = true) async -> BuildReport {
    await run(write: write).report
  }

  /// Builds the site in memory without writing anything: the files it would write, or none on errors.
  public func render() async -> (report: BuildReport, files: [OutputFile]) {
    await run(write: false)
  }

  private func run(write: Bool) async -> (report: BuildReport, files: [OutputFile]) {
    var report = BuildReport()
    var timer = StageTimer()
    if write,
      let problem = OutputFolderCheck.problem(
        output: options.outputDirectory, content: options.contentDirectory,
        templates: options.templatesDirectory, fileSystem: options.fileSystem)
    {
      report.diagnostics = [.error(problem)]
      return (report, [])
    }

    let loaded = await load()
    report.timings.append(timer.lap("load"))
    report.scheduled = loaded.site?.scheduledList ?? []
    var diagnostics = loaded.diagnostics
    guard let loadedSite = loaded.site, let templates = loaded.templates, !loadedSite.pages.isEmpty else {
      report.diagnostics = diagnostics.sortedByLocation()
      return (report, [])
    }
    let (validated, validateProblems) = validate(loadedSite, templates: templates)
    diagnostics += validateProblems
    report.timings.append(timer.lap("validate"))
    guard let site = validated else {
      report.diagnostics = diagnostics.sortedByLocation()
      return (report, [])
    }

    let markdown = await renderMarkdown(site)
    diagnostics += markdown.diagnostics
    report.timings.append(timer.lap("markdown"))
    report.pagesPerLanguage = site.pagesPerLanguage
    guard !diagnostics.hasErrors else {
      report.diagnostics = diagnostics.sortedByLocation()
      return (report, [])
    }

    let writer = OutputWriter(directory: options.outputDirectory, fileSystem: options.fileSystem)
    var staging: OutputWriter.Staging?
    if write {
      switch writer.beginStaging() {
      case .success(let ready): staging = ready
      case .failure(let problem):
        report.diagnostics = (diagnostics + [problem]).sortedByLocation()
        return (report, [])
      }
    }
    let plan = PagePlan(site: site, rendered: markdown.pages)
    let pages = await renderPages(plan, into: staging)
    diagnostics += pages.diagnostics
    report.timings.append(timer.lap("templates"))
    // After the pages, not beside them: both stages use every core, and run side by side on two
    // cores they took longer (4.9 s against 4.7 s at 10,000 pairs).
    let indexes = await search(plan)
    report.searchIndexes = indexes.summaries(pageBytes: pages.bytesByLanguage)
    report.timings.append(timer.lap("search"))

    let files = (pages.files + indexes.files).sorted { $0.path < $1.path }
    diagnostics += OutputCollisions.staticOverGenerated(
      site.site.staticFiles, staged: pages.staged, files: files)
    report.filesProduced = files.count + pages.staged.count
    guard !diagnostics.hasErrors, let staging else {
      if let staging { writer.discard(staging) }
      report.diagnostics = diagnostics.sortedByLocation()
      return (report, diagnostics.hasErrors ? [] : files)
    }
    let written = await writer.commit(staging, staged: pages.staged, files: files)
    diagnostics += written.diagnostics
    report.written = written.written
    report.unchanged = written.unchanged
    report.removed = written.removed
    report.timings.append(timer.lap("write"))
    report.diagnostics = diagnostics.sortedByLocation()
    return (report, files)
  }
}

/// The time from one stage's end to the next's.
package struct StageTimer {
  let clock = ContinuousClock()
  var start = ContinuousClock.now

  package init() {}

  package mutating func lap(_ stage: String) -> (stage: String, duration: Duration) {
    let now = clock.now
    defer { start = now }
    return (stage, now - start)
  }
}

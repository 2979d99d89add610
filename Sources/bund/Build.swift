import ArgumentParser
import BundBuild
import Foundation

struct Build: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Build the site into the output folder.",
    discussion: """
      Reads Content/ and Templates/, checks everything, and writes the site only when there is no \
      error: a failed build leaves the output folder exactly as it was. \
      Exit status: 0 built, 1 errors, 64 usage.
      """)

  @OptionGroup var site: SiteOptions

  @Option(name: .long, help: ArgumentHelp("Folder to write the site to.", valueName: "dir"))
  var output = "Public"

  @Flag(name: .long, help: "Print the time each stage took.")
  var timings = false

  @Flag(name: .long, help: "End links to folders in index.html, so the output works opened from disk.")
  var portable = false

  func run() async throws {
    let printer = DiagnosticPrinter()
    let start = ContinuousClock.now
    if let problem = OutputFolderCheck.problem(
      output: output, content: site.content, templates: site.templates)
    {
      printer.error(problem)
      throw ExitCode(64)
    }
    var options = site.buildOptions(output: output, progress: true)
    options.portable = portable
    let report = await Builder(options: options).build()
    printer.print(report.diagnostics, quiet: site.quiet, all: site.verbose)
    if timings || site.verbose {
      for (stage, duration) in report.timings {
        printer.line(
          "  \(stage.padding(toLength: 10, withPad: " ", startingAt: 0)) \(Self.milliseconds(duration))")
      }
    }
    guard report.succeeded else {
      printer.failure(report.diagnostics, what: "build failed; \(output)/ was not changed")
      throw ExitCode(1)
    }
    if !site.quiet {
      let pages = report.pagesPerLanguage.map { "\($0.pages) \($0.language)" }.joined(separator: " + ")
      let elapsed = Self.milliseconds(ContinuousClock.now - start)
      printer.line(
        "built \(pages) pages: \(report.filesProduced) files, \(report.written) written, \(report.unchanged) unchanged, \(report.removed) removed in \(elapsed)"
      )
      if let first = report.scheduled.first {
        let count = report.scheduled.count
        printer.line(
          "  \(count) page\(count == 1 ? "" : "s") scheduled, not published yet (the first: \(first.file) on \(first.date.iso)); bund status lists them, --future builds them"
        )
      }
      for index in report.searchIndexes {
        printer.line("  \(index.language) \(index.summary)\(index.withinBudget ? "" : " (over budget)")")
      }
    }
  }

  static func milliseconds(_ duration: Duration) -> String {
    let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    return String(format: "%.0f ms", ms)
  }
}

struct Check: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check the site (links, anchors, translations, data, templates) without writing anything.")

  @OptionGroup var site: SiteOptions

  @Option(name: .long, help: ArgumentHelp("Output format: text, or json for CI.", valueName: "format"))
  var format: OutputFormat = .text

  func run() async throws {
    let printer = DiagnosticPrinter()
    let report = await Builder(options: site.buildOptions(output: "Public")).build(write: false)
    if format == .json {
      printer.line(DiagnosticPrinter.json(report.diagnostics), terminator: "")
      if !report.succeeded { throw ExitCode(1) }
      return
    }
    printer.print(report.diagnostics, quiet: site.quiet, all: site.verbose)
    guard report.succeeded else {
      printer.failure(report.diagnostics, what: "check failed")
      throw ExitCode(1)
    }
    if !site.quiet {
      let pages = report.pagesPerLanguage.map { "\($0.pages) \($0.language)" }.joined(separator: " + ")
      let warnings = report.diagnostics.filter { $0.severity == .warning }.count
      printer.line(
        "checked \(pages) pages: no errors, \(warnings == 0 ? "no" : String(warnings)) warning\(warnings == 1 ? "" : "s")"
      )
    }
  }
}

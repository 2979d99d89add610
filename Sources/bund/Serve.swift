import ArgumentParser
import BundBuild
import BundServe
import Dispatch
import Foundation

struct Serve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Build the site into memory, serve it on 127.0.0.1 and reload open pages on every change.",
    discussion: """
      Watches Content/ and Templates/. Every build prints its warnings (all of them the first time, then \
      the new ones), and pages show them in a panel. When a build fails, the terminal prints the errors, \
      the browser shows them over the page, and the last good build stays served. The site is served \
      under the path of its base URL (say /invest/). Writes nothing to disk. Ctrl-C stops.
      """)

  @OptionGroup var site: SiteOptions

  @Option(name: .long, help: "Port to listen on.")
  var port: UInt16 = 8080

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Address to listen on; 0.0.0.0 lets other machines (a phone on the same network) connect.",
      valueName: "address"))
  var bind = "127.0.0.1"

  @Flag(name: .long, help: "Open the site in the default browser.")
  var open = false

  func run() async throws {
    let printer = DiagnosticPrinter()
    let quiet = site.quiet
    let verbose = site.verbose
    let server = DevServer(options: site.buildOptions(output: "Public"), host: bind, port: port)
    let openBrowser = open
    if !DevServer.isLoopback(bind) {
      printer.warning(
        "serving on \(bind): anyone who can reach this machine can read the site, drafts included; use --bind 127.0.0.1 to keep it local"
      )
    }
    let task = Task {
      try await server.run(
        onListening: { url in
          printer.line("serving \(url)  (Ctrl-C stops)")
          if openBrowser { Self.openInBrowser(url) }
        },
        onBuild: { build in Self.report(build, printer: printer, quiet: quiet, verbose: verbose) })
    }
    signal(SIGINT, SIG_IGN)
    let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .main)
    interrupt.setEventHandler { task.cancel() }
    interrupt.resume()
    defer { interrupt.cancel() }
    do {
      try await task.value
    } catch is CancellationError {
    } catch let error as DevServer.StartError {
      printer.error(error.description)
      throw ExitCode(1)
    } catch {
      printer.error("serve stopped: \(error)")
      throw ExitCode(1)
    }
    printer.line("stopped")
  }

  /// Prints one build: its errors, its warnings (all on the first build, then only new ones), and a
  /// summary line that counts the warnings.
  static func report(_ build: DevServer.Build, printer: DiagnosticPrinter, quiet: Bool, verbose: Bool) {
    let report = build.report
    if !report.succeeded {
      printer.print(report.diagnostics.filter(\.isError) + (quiet ? [] : build.newWarnings), quiet: false)
      printer.failure(
        report.diagnostics,
        what: build.hasGoodBuild
          ? "build failed; still serving the last good build"
          : "build failed; nothing to serve until it is fixed")
      return
    }
    if !quiet { printer.print(build.newWarnings, quiet: false) }
    let pages = report.pagesPerLanguage.map { "\($0.pages) \($0.language)" }.joined(separator: " + ")
    let reuse = build.reuse
    let warnings = build.warningCount
    let warningText =
      warnings == 0 ? "" : "; \(warnings) warning\(warnings == 1 ? "" : "s") (\(build.newWarnings.count) new)"
    printer.line(
      "built \(pages) pages in \(Build.milliseconds(build.duration)): \(reuse.markdownRendered) Markdown and \(reuse.viewsRendered) HTML pages redone, \(reuse.viewsReused) HTML pages reused\(warningText)"
    )
    if verbose {
      for (stage, time) in report.timings {
        printer.line(
          "  \(stage.padding(toLength: 10, withPad: " ", startingAt: 0)) \(Build.milliseconds(time))")
      }
    }
  }

  static func openInBrowser(_ url: String) {
    let process = Process()
    #if os(macOS)
      process.executableURL = URL(fileURLWithPath: "/usr/bin/open")
    #else
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["xdg-open"]
    #endif
    process.arguments = (process.arguments ?? []) + [url]
    do {
      try process.run()
    } catch {
      FileHandle.standardError.write(
        Data("note: could not open a browser (\(error)); open \(url) yourself\n".utf8))
    }
  }
}

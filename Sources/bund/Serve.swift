import ArgumentParser
import BundBuild
import BundServe
import Dispatch
import Foundation

struct Serve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Build the site into memory, serve it on 127.0.0.1 and reload open pages on every change.",
    discussion: """
      Watches Content/ and Templates/. When a build fails, the terminal prints the errors, the browser
      shows them over the page, and the last good build stays served. Writes nothing to disk. Ctrl-C stops.
      """)

  @OptionGroup var site: SiteOptions

  @Option(name: .long, help: "Port on 127.0.0.1.")
  var port: UInt16 = 8080

  @Flag(name: .long, help: "Open the site in the default browser.")
  var open = false

  func run() async throws {
    let printer = DiagnosticPrinter()
    let quiet = site.quiet
    let verbose = site.verbose
    let server = DevServer(options: site.buildOptions(output: "Public"), port: port)
    let openBrowser = open
    let task = Task {
      try await server.run(
        onListening: { url in
          printer.line("serving \(url)  (Ctrl-C stops)")
          if openBrowser { Self.openInBrowser(url) }
        },
        onBuild: { report, duration in
          printer.print(report.diagnostics, quiet: quiet || report.succeeded)
          if report.succeeded {
            let pages = report.pagesPerLanguage.map { "\($0.pages) \($0.language)" }.joined(separator: " + ")
            let reuse = report.reuse
            printer.line(
              "built \(pages) pages in \(Build.milliseconds(duration)): \(reuse.markdownRendered) Markdown and \(reuse.viewsRendered) HTML pages redone, \(reuse.viewsReused) HTML pages reused"
            )
            if verbose {
              for (stage, time) in report.timings {
                printer.line(
                  "  \(stage.padding(toLength: 10, withPad: " ", startingAt: 0)) \(Build.milliseconds(time))")
              }
            }
          } else {
            printer.failure(report.diagnostics, what: "build failed; still serving the last good build")
          }
        })
    }
    signal(SIGINT, SIG_IGN)
    let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .main)
    interrupt.setEventHandler { task.cancel() }
    interrupt.resume()
    defer { interrupt.cancel() }
    do {
      try await task.value
    } catch is CancellationError {
    } catch {
      printer.error("cannot serve on 127.0.0.1:\(port): \(error); try another --port")
      throw ExitCode(1)
    }
    printer.line("stopped")
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

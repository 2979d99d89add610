import ArgumentParser
import BundBuild
import BundCore
import Foundation

/// Options shared by the commands that read a site.
struct SiteOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("Folder with site.yaml, the pages and data/.", valueName: "dir"))
  var content = "Content"

  @Option(
    name: .long,
    help: ArgumentHelp("Folder with the Mustache templates, i18n/ and assets/.", valueName: "dir"))
  var templates = "Templates"

  @Option(
    name: .long, help: ArgumentHelp("Use this base URL instead of base_url in site.yaml.", valueName: "url"))
  var baseURL: String?

  @Flag(name: .long, help: "Include pages marked 'draft: true'.")
  var drafts = false

  @Flag(name: .long, help: "Include pages whose publish_at or date is still to come.")
  var future = false

  @Flag(name: .shortAndLong, help: "Print errors only.")
  var quiet = false

  @Flag(name: .shortAndLong, help: "Also print the time each stage took.")
  var verbose = false

  func validate() throws {
    if let baseURL, let problem = URLRules.baseURLProblem(baseURL) {
      throw ValidationError("--base-url: " + problem.replacingOccurrences(of: "the base URL", with: "it"))
    }
  }

  func buildOptions(output: String, progress: Bool = false) -> BuildOptions {
    var options = BuildOptions(
      contentDirectory: content, templatesDirectory: templates, outputDirectory: output, baseURL: baseURL,
      includeDrafts: drafts)
    options.includeFuture = future
    if progress && !quiet && isatty(2) != 0 {
      let start = ContinuousClock.now
      // Shown only once a build has taken a second, and only on a terminal.
      options.progress = { stage, done, total in
        guard ContinuousClock.now - start > .seconds(1) else { return }
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let line = "\r\(stage.padding(toLength: 10, withPad: " ", startingAt: 0)) [\(bar)] \(done)/\(total)"
        FileHandle.standardError.write(Data((done == total ? line + "\r\u{1B}[K" : line).utf8))
      }
    }
    return options
  }
}

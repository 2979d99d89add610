import ArgumentParser
import BundBuild

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

  @Flag(name: .shortAndLong, help: "Print errors only.")
  var quiet = false

  func buildOptions(output: String) -> BuildOptions {
    BuildOptions(
      contentDirectory: content, templatesDirectory: templates, outputDirectory: output, baseURL: baseURL,
      includeDrafts: drafts)
  }
}

import ArgumentParser
import BundBuild
import BundCore
import BundLoading
import Foundation

struct Status: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show every page's translations: present, missing, stale, and their length.",
    discussion: """
      A translation is stale when its source page (in the default language) changed after the
      translation was marked with --mark, which records 'translation_of' in its front matter.
      """)

  @OptionGroup var site: SiteOptions

  @Option(name: .long, help: ArgumentHelp("Output format: text or json.", valueName: "format"))
  var format: OutputFormat = .text

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Exit 1 when any page is missing a translation or stale (comma-separated: missing,stale).",
      valueName: "states"))
  var failOn: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Record that the translations of this page (its key, e.g. briefings/review-2022) are up to date.",
      valueName: "page"))
  var mark: String?

  func validate() throws {
    let allowed: Set<String> = ["missing", "stale"]
    for state in failOn?.split(separator: ",").map(String.init) ?? [] where !allowed.contains(state) {
      throw ValidationError("--fail-on takes missing, stale or both (missing,stale), not '\(state)'")
    }
  }

  func run() async throws {
    let printer = DiagnosticPrinter()
    let (loaded, diagnostics) = await SiteLoader(
      contentDirectory: site.content, templatesDirectory: site.templates, includeDrafts: true
    ).load()
    guard let loaded, !diagnostics.hasErrors else {
      printer.print(diagnostics, quiet: true)
      printer.failure(diagnostics, what: "status failed")
      throw ExitCode(1)
    }
    let report = TranslationReport(site: loaded, now: Int(Date().timeIntervalSince1970))
    if let mark {
      let editor = ContentEditor(contentDirectory: site.content, templatesDirectory: site.templates)
      do {
        let changed = try editor.markTranslated(mark, report: report)
        printer.line(
          changed.isEmpty
            ? "\(mark): already marked up to date" : changed.map { "marked \($0)" }.joined(separator: "\n"))
      } catch {
        printer.error("\(error)")
        throw ExitCode(1)
      }
      return
    }
    printer.line(format == .json ? report.json() : report.text(), terminator: "")
    let states = Set(failOn?.split(separator: ",").map(String.init) ?? [])
    if (states.contains("missing") && report.missingCount > 0)
      || (states.contains("stale") && report.staleCount > 0)
    {
      throw ExitCode(1)
    }
  }
}

struct New: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Create a page in every language from Templates/archetypes/, never overwriting.",
    discussion: "Example: bund new briefings/my-topic --title \"My topic\" --title-zh \"我的专题\"")

  @Argument(
    help: ArgumentHelp("SECTION/NAME of the new page, without language suffix.", valueName: "section/name"))
  var path: String

  @Option(name: .long, help: "Title in the default language.")
  var title: String

  @Option(name: .customLong("title-zh"), help: "Title in Chinese.")
  var titleZh: String?

  @Option(name: .long, help: ArgumentHelp("Folder with site.yaml and the pages.", valueName: "dir"))
  var content = "Content"

  @Option(name: .long, help: ArgumentHelp("Folder with archetypes/.", valueName: "dir"))
  var templates = "Templates"

  func run() async throws {
    let printer = DiagnosticPrinter()
    let (loaded, diagnostics) = await SiteLoader(contentDirectory: content, templatesDirectory: templates)
      .load()
    guard let config = loaded?.config else {
      printer.print(diagnostics, quiet: true)
      throw ExitCode(1)
    }
    var titles = [config.defaultLanguage: title]
    if let titleZh { titles["zh"] = titleZh }
    let now = Calendar(identifier: .gregorian).dateComponents(in: TimeZone.current, from: Date())
    let today = SimpleDate(year: now.year ?? 2000, month: now.month ?? 1, day: now.day ?? 1)
    do {
      let written = try ContentEditor(contentDirectory: content, templatesDirectory: templates)
        .newPage(path, titles: titles, config: config, date: today)
      for file in written { printer.line("created \(file)") }
    } catch {
      printer.error("\(error)")
      throw ExitCode(1)
    }
  }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text
  case json
}

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

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Show what changed in the source of this page (its key) since its stale translations were marked.",
      valueName: "page"))
  var diff: String?

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
    if let diff {
      guard let languages = report.diff(diff) else {
        printer.error("no page '\(diff)'; run 'bund status' to see the page keys")
        throw ExitCode(1)
      }
      printer.line(
        format == .json ? Self.diffJSON(diff, languages) : Self.diffText(diff, languages), terminator: "")
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
    discussion:
      "Example: bund new briefings/my-topic --title \"My topic\" --title zh=\"我的专题\" (one --title per language in site.yaml)"
  )

  @Argument(
    help: ArgumentHelp("SECTION/NAME of the new page, without language suffix.", valueName: "section/name"))
  var path: String

  @Option(
    name: .long,
    help: ArgumentHelp(
      "A title: TEXT in the default language, or LANG=TEXT in another (once per language).",
      valueName: "[lang=]text"))
  var title: [String] = []

  @Option(name: .customLong("title-zh"), help: "Title in Chinese (the same as --title zh=TEXT).")
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
    var titles: [String: String] = [:]
    for given in title {
      // LANG=TEXT when LANG is a declared language; any other text is the default language's.
      if let equals = given.firstIndex(of: "="), config.language(String(given[..<equals])) != nil {
        titles[String(given[..<equals])] = String(given[given.index(after: equals)...])
      } else {
        titles[config.defaultLanguage] = given
      }
    }
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

extension Status {
  static func diffText(
    _ key: String, _ languages: [(language: String, path: String, entries: [TranslationReport.DiffEntry])]
  )
    -> String
  {
    guard !languages.isEmpty else { return "\(key): no translation is stale\n" }
    var out = ""
    for (language, path, entries) in languages {
      out += "\(path): \(language) follows an older source; in the source since it was marked:\n"
      for entry in entries {
        switch entry.kind {
        case "unknown":
          out +=
            "  (marked before bund recorded blocks: compare the pages, then run bund status --mark \(key))\n"
          continue
        case "removed":
          out += "  - removed: \(entry.text)\n"
        default:
          out += "  \(entry.kind == "added" ? "+ added" : "~ changed") at line \(entry.line) of the source:\n"
          out +=
            entry.text.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(
              separator: "\n") + "\n"
        }
        if let translation = entry.translation {
          out += "    the translation there:\n"
          out +=
            translation.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(
              separator: "\n") + "\n"
        }
      }
      out += "  when the translation is updated: bund status --mark \(key)\n"
    }
    return out
  }

  static func diffJSON(
    _ key: String, _ languages: [(language: String, path: String, entries: [TranslationReport.DiffEntry])]
  )
    -> String
  {
    let items = languages.map { language, path, entries in
      let blocks = entries.map { entry in
        "{\"kind\": \(JSONText.string(entry.kind)), \"line\": \(entry.line), \"text\": \(JSONText.string(entry.text)), \"translation\": \(entry.translation.map(JSONText.string) ?? "null")}"
      }
      return
        "    {\"language\": \(JSONText.string(language)), \"path\": \(JSONText.string(path)), \"blocks\": [\(blocks.joined(separator: ", "))]}"
    }
    return
      "{\n  \"page\": \(JSONText.string(key)),\n  \"stale\": [\n\(items.joined(separator: ",\n"))\n  ]\n}\n"
  }
}

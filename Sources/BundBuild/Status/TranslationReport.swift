import BundCore
import BundLoading

/// The state of every page's translations: present, missing, stale, and their length.
public struct TranslationReport: Sendable {
  public struct Version: Sendable, Hashable {
    public var language: String
    public var path: String
    /// Words (English and other spaced languages) or characters (Chinese).
    public var length: Int
    /// nil for the source language; otherwise whether `translation_of` matches the current source.
    public var state: State
    /// For a stale translation marked with `translation_blocks`: the source's blocks added,
    /// changed and removed since.
    public var changes: [SourceBlocks.Change]?
    /// The translation's own blocks, to show beside the source's.
    public var blocks: SourceBlocks?
  }

  public enum State: String, Sendable, Hashable {
    /// The page in the default language, which translations follow.
    case source
    case upToDate = "up to date"
    /// The source changed since this translation was marked.
    case stale
    /// No `translation_of` yet: nobody recorded which source version it follows.
    case untracked
    /// The translation has no source page to follow.
    case orphan
    /// Made by `bund new` and not translated yet (`translation_of: untranslated`).
    case untranslated
  }

  /// What `bund new` writes in `translation_of` of a translation nobody has written yet.
  public static let untranslatedMark = "untranslated"

  public struct Row: Sendable, Hashable {
    public var key: String
    /// One entry per declared language, nil where the page is missing.
    public var versions: [String: Version]
    public var sourceHash: String?
    /// The source page's blocks now, recorded in translations when they are marked.
    public var sourceBlocks: SourceBlocks?
    /// The source file, and the lines before its body, for positions in a diff.
    public var sourcePath: String? = nil
    public var sourceLineOffset = 0
  }

  public var languages: [Language]
  public var defaultLanguage: String
  public var rows: [Row]
  /// Pages whose `publish_at` or `date` is after `now`: the file and that date, soonest first.
  public var scheduled: [(path: String, date: SimpleDate)] = []

  public var missingCount: Int { rows.reduce(0) { $0 + languages.count - $1.versions.count } }
  public var staleCount: Int {
    rows.reduce(0) { $0 + $1.versions.values.filter { $0.state == .stale }.count }
  }

  /// Builds the report from a loaded site; with `now` (seconds since 1970, UTC), also the pages
  /// scheduled after it.
  public init(site: Site, now: Int? = nil) {
    if let now {
      scheduled = site.pages.compactMap { page in
        page.frontMatter.publishedFrom.flatMap { $0.instant > now ? (page.sourcePath, $0) : nil }
      }.sorted { ($0.date, $0.path) < ($1.date, $1.path) }
    }
    languages = site.config.languages
    defaultLanguage = site.config.defaultLanguage
    var byKey: [String: [String: Page]] = [:]
    for page in site.pages { byKey[page.key, default: [:]][page.language] = page }
    rows = byKey.keys.sorted().map { key in
      let pages = byKey[key] ?? [:]
      let source = pages[site.config.defaultLanguage]
      let hash = source.map(Self.sourceHash)
      var versions: [String: Version] = [:]
      for (code, page) in pages {
        let rules = site.config.language(code)?.rules ?? .english
        let state: State
        if code == site.config.defaultLanguage {
          state = .source
        } else if hash == nil {
          state = .orphan
        } else if page.frontMatter.translationOf == Self.untranslatedMark {
          state = .untranslated
        } else if let marked = page.frontMatter.translationOf {
          state = marked == hash ? .upToDate : .stale
        } else {
          state = .untracked
        }
        var version = Version(
          language: code, path: page.sourcePath, length: TextKit.wordCount(page.body, in: rules),
          state: state)
        if state == .stale, let recorded = page.frontMatter.translationBlocks, let source {
          version.changes = SourceBlocks(body: source.body).changes(since: recorded)
          version.blocks = SourceBlocks(body: page.body)
        }
        versions[code] = version
      }
      return Row(
        key: key, versions: versions, sourceHash: hash,
        sourceBlocks: source.map { SourceBlocks(body: $0.body) }, sourcePath: source?.sourcePath,
        sourceLineOffset: source?.bodyLineOffset ?? 0)
    }
  }

  /// What a translation records in `translation_of`: a short hash of its source's title and text.
  public static func sourceHash(_ page: Page) -> String {
    String(TextKit.fnv1a(Array((page.frontMatter.title + "\n" + page.body).utf8)).prefix(10))
  }

  /// A table for the terminal.
  public func text() -> String {
    let header = ["page"] + languages.map { "\($0.code)" } + ["state"]
    var table: [[String]] = [header]
    for row in rows {
      var cells = [row.key.isEmpty ? "(home)" : row.key]
      var states: [String] = []
      for language in languages {
        guard let version = row.versions[language.code] else {
          cells.append("—")
          states.append("missing \(language.code)")
          continue
        }
        cells.append("\(version.length) \(language.rules.countsCharacters ? "字" : "w")")
        if version.state != .source && version.state != .upToDate {
          var state = "\(language.code) \(version.state.rawValue)"
          if let changes = version.changes {
            state +=
              " (\(changes.count) block\(changes.count == 1 ? "" : "s") changed; bund status --diff \(row.key.isEmpty ? "(home)" : row.key))"
          }
          states.append(state)
        }
      }
      cells.append(states.isEmpty ? "ok" : states.joined(separator: ", "))
      table.append(cells)
    }
    let widths = (0..<header.count).map { column in table.map { Self.displayWidth($0[column]) }.max() ?? 0 }
    var out = ""
    for cells in table {
      let padded = cells.enumerated().map { column, cell in
        column == cells.count - 1
          ? cell : cell + String(repeating: " ", count: widths[column] - Self.displayWidth(cell))
      }
      out += padded.joined(separator: "  ") + "\n"
    }
    out += "\(rows.count) pages, \(missingCount) missing, \(staleCount) stale\n"
    for (path, date) in scheduled { out += "scheduled: \(path) is published from \(date.rfc3339)\n" }
    return out
  }

  /// The report as JSON, for CI.
  public func json() -> String {
    let scheduledJSON = scheduled.map {
      "{\"path\": \(JSONText.string($0.path)), \"from\": \(JSONText.string($0.date.rfc3339))}"
    }.joined(separator: ", ")
    let rowsJSON = rows.map { row -> String in
      let versions = languages.compactMap { language -> String? in
        guard let version = row.versions[language.code] else { return nil }
        let changed = version.changes.map { ", \"changed_blocks\": \($0.count)" } ?? ""
        return
          "\(JSONText.string(language.code)): {\"path\": \(JSONText.string(version.path)), \"length\": \(version.length), \"state\": \(JSONText.string(version.state.rawValue))\(changed)}"
      }
      let missing = languages.filter { row.versions[$0.code] == nil }.map { JSONText.string($0.code) }
      return
        "    {\"key\": \(JSONText.string(row.key)), \"versions\": {\(versions.joined(separator: ", "))}, \"missing\": [\(missing.joined(separator: ", "))]}"
    }
    return
      "{\n  \"pages\": [\n\(rowsJSON.joined(separator: ",\n"))\n  ],\n  \"missing\": \(missingCount),\n  \"stale\": \(staleCount),\n  \"scheduled\": [\(scheduledJSON)]\n}\n"
  }

  /// What changed in the source of `key` since each stale translation was marked: the blocks
  /// added, changed and removed, each with its current text and the translation's block at the
  /// same place. nil when there is no such page.
  public func diff(_ key: String) -> [(language: String, path: String, entries: [DiffEntry])]? {
    let wanted = key == "(home)" ? "" : key
    guard let row = rows.first(where: { $0.key == wanted }), let source = row.sourceBlocks else { return nil }
    return languages.compactMap { language in
      guard let version = row.versions[language.code], version.state == .stale else { return nil }
      guard let changes = version.changes else {
        return (
          language.code, version.path, [DiffEntry(kind: "unknown", line: 0, text: "", translation: nil)]
        )
      }
      let translated = version.blocks?.blocks ?? []
      let entries = changes.map { change -> DiffEntry in
        switch change {
        case .added(let index), .changed(let index):
          var block = source.blocks[index]
          block.line += row.sourceLineOffset
          let counterpart = index < translated.count ? translated[index].text : nil
          if case .added = change {
            return DiffEntry(kind: "added", line: block.line, text: block.text, translation: counterpart)
          }
          return DiffEntry(kind: "changed", line: block.line, text: block.text, translation: counterpart)
        case .removed(let index):
          let counterpart = index < translated.count ? translated[index].text : nil
          return DiffEntry(
            kind: "removed", line: 0, text: "block \(index + 1) of the source as marked",
            translation: counterpart)
        }
      }
      return (language.code, version.path, entries)
    }
  }

  /// One block of a `bund status --diff`.
  public struct DiffEntry: Sendable, Hashable {
    /// added, changed or removed (unknown: marked before Bund recorded blocks).
    public var kind: String
    /// The block's first line in the source file (0 for a removed block).
    public var line: Int
    public var text: String
    /// The translation's block at the same place, when it has one.
    public var translation: String?
  }

  /// Terminal columns: CJK characters take two.
  static func displayWidth(_ text: String) -> Int {
    text.reduce(0) { $0 + (TextKit.isCJK($1) ? 2 : 1) }
  }
}

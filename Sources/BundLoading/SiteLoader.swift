import BundCore
import Foundation
import Yams

/// Reads `Content/` and `Templates/` from disk into a `Site`. The only stage that reads input files.
public struct SiteLoader: Sendable {
  public var contentDirectory: String
  public var templatesDirectory: String
  public var includeDrafts: Bool
  /// Seconds since 1970 (UTC) of "now": a page whose `publish_at` or `date` is later is left out
  /// (scheduled). nil publishes every page (`bund build --future`).
  public var now: Int?

  public init(
    contentDirectory: String, templatesDirectory: String, includeDrafts: Bool = false, now: Int? = nil
  ) {
    self.contentDirectory = contentDirectory
    self.templatesDirectory = templatesDirectory
    self.includeDrafts = includeDrafts
    self.now = now
  }

  /// The loaded site (nil when it cannot be built at all) and every problem found.
  public func load() async -> (Site?, [Diagnostic]) {
    let loaded = await load(readingPagesWith: nil)
    return (loaded.site, loaded.diagnostics)
  }

  /// A page file read and parsed (or not, with the reasons).
  public struct LoadedPage: Sendable {
    public var file: ContentFile
    public var page: Page?
    public var diagnostics: [Diagnostic]

    public init(file: ContentFile, page: Page?, diagnostics: [Diagnostic]) {
      self.file = file
      self.page = page
      self.diagnostics = diagnostics
    }
  }

  /// Reads the page files given to it, through `read` (the loader's own parallel reader) or
  /// otherwise (serve keeps the pages of files that did not change), in their order.
  public typealias PageReader =
    @Sendable (_ files: [ContentFile], _ read: @Sendable ([ContentFile]) async -> [LoadedPage]) async ->
    [LoadedPage]

  /// What a load found: the site (nil when it cannot be built at all), every problem, and each page
  /// file as read.
  public struct Loaded: Sendable {
    public var site: Site?
    public var diagnostics: [Diagnostic]
    public var pages: [LoadedPage]
  }

  /// Loads the site; `reader`, when given, decides how page files are read.
  public func load(readingPagesWith reader: PageReader?) async -> Loaded {
    var pages: [LoadedPage] = []
    let (site, diagnostics) = await load(reader: reader, pages: &pages)
    return Loaded(site: site, diagnostics: diagnostics, pages: pages)
  }

  private func load(reader: PageReader?, pages loadedPages: inout [LoadedPage]) async -> (Site?, [Diagnostic])
  {
    var diagnostics: [Diagnostic] = []
    let manager = FileManager.default
    var isFolder: ObjCBool = false
    guard manager.fileExists(atPath: contentDirectory, isDirectory: &isFolder), isFolder.boolValue else {
      return (
        nil,
        [.error("content folder '\(contentDirectory)' does not exist; pass --content DIR or create it")]
      )
    }
    let configPath = join(contentDirectory, "site.yaml")
    guard let configBytes = manager.contents(atPath: configPath) else {
      let message =
        manager.fileExists(atPath: configPath)
        ? "cannot read '\(configPath)' (it exists, but this user may not read it, or it is a folder); check its permissions"
        : "'\(configPath)' is missing; create it with base_url, default_language and languages"
      return (nil, [.error(message, at: SourceLocation(file: configPath))])
    }
    var config: SiteConfig?
    switch SourceText.decode(configBytes, path: configPath) {
    case .failure(let diagnostic): diagnostics.append(diagnostic)
    case .success(let text):
      let (loaded, problems) = SiteConfigLoader.load(text, path: configPath)
      config = loaded
      diagnostics += problems
    }
    guard let config else { return (nil, diagnostics) }

    let (contentFiles, treeProblems) = FileTree(root: contentDirectory, displayRoot: contentDirectory).files()
    diagnostics += treeProblems
    var pages: [Page] = []
    var dataFiles: [FileTree.Entry] = []
    var staticFiles: [SourceFile] = []
    var unloaded: Set<String> = []
    var scheduled: [String: (date: SimpleDate, file: String)] = [:]
    var pageEntries: [FileTree.Entry] = []
    let pageLoader = PageLoader(config: config)
    for entry in contentFiles {
      if entry.relativePath.hasPrefix("data/") {
        dataFiles.append(entry)
      } else if entry.relativePath.hasPrefix("static/") {
        // Copied by streaming when the site is written: never held in memory, however large.
        if access(entry.path, R_OK) == 0 {
          var file = SourceFile(
            relativePath: String(entry.relativePath.dropFirst("static/".count)),
            displayPath: entry.displayPath, diskPath: entry.path)
          if ImageSize.isImage(entry.path), let handle = FileHandle(forReadingAtPath: entry.path) {
            // Only the first bytes: an image's size is in its header.
            let header = (try? handle.read(upToCount: ImageSize.headerLength)) ?? nil
            try? handle.close()
            file.imageSize = header.flatMap { ImageSize.read(Array($0)) }
          }
          staticFiles.append(file)
        } else {
          diagnostics.append(
            .error(
              "cannot read the file: \(String(cString: strerror(errno)))",
              at: SourceLocation(file: entry.displayPath)))
        }
      } else if entry.relativePath.hasSuffix(".md") {
        pageEntries.append(entry)
      } else if entry.relativePath != "site.yaml" {
        diagnostics.append(
          .warning(
            "'\(entry.relativePath)' is not a page (.md), data or static file and is ignored; move files to copy into static/",
            at: SourceLocation(file: entry.displayPath)))
      }
    }
    let read: @Sendable ([ContentFile]) async -> [LoadedPage] = { files in
      await Self.loadPages(files, with: pageLoader)
    }
    if let reader {
      loadedPages = await reader(pageEntries, read)
    } else {
      loadedPages = await read(pageEntries)
    }
    var loaded: [String: (Page?, [Diagnostic])] = [:]
    for file in loadedPages { loaded[file.file.path] = (file.page, file.diagnostics) }
    for entry in pageEntries {
      guard let (page, problems) = loaded[entry.path] else { continue }
      diagnostics += problems
      if let page, !includeDrafts && page.frontMatter.draft {
        // A draft: left out, and not listed as scheduled (--future would not publish it).
      } else if let page, let now, let from = page.frontMatter.publishedFrom, from.instant > now {
        scheduled[page.key + "." + page.language] = (from, entry.displayPath)
      } else if let page {
        pages.append(page)
      }
      if page == nil { unloaded.insert(String(entry.relativePath.dropLast(3))) }
    }
    if pages.isEmpty && !diagnostics.hasErrors {
      diagnostics.append(
        .error(
          "there are no pages in \(contentDirectory); add at least _index.\(config.defaultLanguage).md for the home page",
          at: SourceLocation(file: contentDirectory)))
    }

    var site = Site(config: config, configPath: configPath, pages: pages, staticFiles: staticFiles)
    site.unloadedPages = unloaded
    site.scheduledPages = scheduled
    loadTemplates(into: &site, diagnostics: &diagnostics)
    loadData(dataFiles, into: &site, diagnostics: &diagnostics)
    return (site, diagnostics)
  }

  /// Reads and parses the pages on every core, in batches, keeping the files' order.
  static func loadPages(_ entries: [FileTree.Entry], with loader: PageLoader) async -> [LoadedPage] {
    let batchSize = 128
    let batches = stride(from: 0, to: entries.count, by: batchSize).map {
      Array(entries[$0..<min($0 + batchSize, entries.count)])
    }
    let loaded = await Parallel.map(batches, width: max(2, Parallel.cores * 2)) { batch in
      batch.map { entry in
        guard let bytes = FileManager.default.contents(atPath: entry.path) else {
          return LoadedPage(
            file: entry, page: nil,
            diagnostics: [.error("cannot read the file", at: SourceLocation(file: entry.displayPath))])
        }
        switch SourceText.decode(bytes, path: entry.displayPath) {
        case .failure(let diagnostic):
          return LoadedPage(file: entry, page: nil, diagnostics: [diagnostic])
        case .success(let text):
          let (page, problems) = loader.load(
            text: text, relativePath: entry.relativePath, displayPath: entry.displayPath)
          return LoadedPage(file: entry, page: page, diagnostics: problems)
        }
      }
    }
    return loaded.flatMap { $0 }
  }

  /// Whether a folder, file or slug name is safe as one URL and path segment.
  public static func isSafeSegment(_ segment: String) -> Bool { PageLoader.isSafeSegment(segment) }

  /// Reads and parses one page file exactly as a load does (serve's fast path for an edited page).
  public static func readPage(
    at path: String, relativePath: String, displayPath: String, config: SiteConfig
  ) -> (Page?, [Diagnostic]) {
    guard let bytes = FileManager.default.contents(atPath: path) else {
      return (nil, [.error("cannot read the file", at: SourceLocation(file: displayPath))])
    }
    switch SourceText.decode(bytes, path: displayPath) {
    case .failure(let diagnostic): return (nil, [diagnostic])
    case .success(let text):
      return PageLoader(config: config).load(text: text, relativePath: relativePath, displayPath: displayPath)
    }
  }

  /// Parses one page's text as if it were the file at `relativePath` (for fuzzing and tools).
  public static func parsePage(_ text: String, relativePath: String, config: SiteConfig) -> (
    Page?, [Diagnostic]
  ) {
    PageLoader(config: config).load(text: text, relativePath: relativePath, displayPath: relativePath)
  }

  /// Parses a data table's YAML as if it were `data/NAME.yaml` (figures, sources, tags or a built-in table).
  /// The problems a CSV data table has (for the fuzzer and tools): quoting, row lengths, links.
  public static func parseCSVTable(_ text: String, name: String) -> [Diagnostic] {
    CSVReader.table(text, path: "data/\(name).csv").1
  }

  public static func parseTable(_ text: String, name: String, languages: [String]) -> [Diagnostic] {
    let loader = DataLoader(languages: languages)
    let path = "data/\(name).yaml"
    let (_, root, diagnostics) = loader.table(yaml: text, path: path)
    guard let root else { return diagnostics }
    switch name {
    case "figures": return diagnostics + loader.figures(root, path: path).1
    case "sources": return diagnostics + loader.sources(root, path: path).1
    case "tags": return diagnostics + loader.tags(root, path: path).1
    default:
      return diagnostics
        + (TableSchema.builtIn[name]?.check(root, table: name, path: path, languages: languages) ?? [])
    }
  }

  /// The engine's own tables: always read.
  static let engineTables: Set<String> = Set(["figures", "sources", "tags", "tables"]).union(
    TableSchema.builtIn.keys)

  /// A data file's table name: its path below data/ without the extension, `/` as `_`.
  static func tableName(_ relativePath: String) -> String {
    let name = relativePath.dropFirst("data/".count)
    return String(name.prefix(upTo: name.lastIndex(of: ".") ?? name.endIndex)).replacingOccurrences(
      of: "/", with: "_")
  }

  /// The tables the pages use besides the engine's own: those pages show with `{{table data/NAME}}`
  /// and those tables.yaml draws rows `from:`. Tables templates name are known once the templates
  /// are compiled (`readTables(namedByTemplates:into:)`).
  static func tablesUsedByContent(in site: Site) -> Set<String> {
    var used: Set<String> = []
    for page in site.pages where page.body.containsBytes("data/") {
      var rest = page.body[...]
      while let found = rest.range(of: "data/") {
        let before = rest[..<found.lowerBound].last
        rest = rest[found.upperBound...]
        guard before.map({ !($0.isLetter || $0.isNumber || $0 == "_") }) ?? true else { continue }
        let name = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        if !name.isEmpty { used.insert(String(name)) }
      }
    }
    if case .map(let tables) = site.data["tables"] {
      for table in tables { if case .string(let from) = table.value["from"] { used.insert(from) } }
    }
    return used
  }

  /// Reads the engine's tables and those the pages use; the others wait in `site.unreadTables`
  /// until the templates are compiled.
  private func loadData(_ files: [FileTree.Entry], into site: inout Site, diagnostics: inout [Diagnostic]) {
    // The engine's tables first: tables.yaml says which other tables it draws rows from.
    let engine = files.filter { Self.engineTables.contains(Self.tableName($0.relativePath)) }
    loadTables(engine, into: &site, diagnostics: &diagnostics)
    let used = Self.tablesUsedByContent(in: site)
    var others: [FileTree.Entry] = []
    for entry in files where !Self.engineTables.contains(Self.tableName(entry.relativePath)) {
      if used.contains(Self.tableName(entry.relativePath)) {
        others.append(entry)
      } else {
        site.unreadTables.append(
          SourceFile(relativePath: entry.relativePath, displayPath: entry.displayPath, diskPath: entry.path))
      }
    }
    loadTables(others, into: &site, diagnostics: &diagnostics)
  }

  /// Reads the tables in `site.unreadTables` that templates name (`data.NAME`, from the compiled
  /// templates' tags) and warns about the others, which stay unread: a large table no page or
  /// template shows costs nothing, and the editor hears why.
  public func readTables(namedByTemplates names: Set<String>, into site: inout Site) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    var used: [FileTree.Entry] = []
    for file in site.unreadTables {
      let table = Self.tableName(file.relativePath)
      if names.contains(table) {
        used.append(
          FileTree.Entry(
            relativePath: file.relativePath, path: file.diskPath ?? file.displayPath,
            displayPath: file.displayPath))
      } else {
        diagnostics.append(
          .warning(
            "no page or template uses data table '\(table)', so it is not read; show it with {{table data/\(table)}} or data.\(table) in a template, or remove the file",
            at: SourceLocation(file: file.displayPath)))
      }
    }
    site.unreadTables = []
    loadTables(used, into: &site, diagnostics: &diagnostics)
    return diagnostics
  }

  private func loadTables(_ files: [FileTree.Entry], into site: inout Site, diagnostics: inout [Diagnostic]) {
    var loader = DataLoader(languages: site.config.languages.map(\.code))
    // A language declared in site.yaml with no pages yet: its texts in data may wait too.
    let waiting = Set(site.config.languages.map(\.code)).subtracting(site.pages.map(\.language))
    if !waiting.isEmpty { loader.fallback = (waiting, site.config.defaultLanguage) }
    for entry in files {
      let name = String(entry.relativePath.dropFirst("data/".count))
      let isFigures = name == "figures.yaml" || name == "figures.yml"
      guard let text = readText(entry, into: &diagnostics) else {
        if isFigures { site.unloadedFigures = ["*"] }
        site.unloadedData.insert(Self.tableName(entry.relativePath))
        continue
      }
      if name.hasSuffix(".csv") {
        let (table, problems) = CSVReader.table(text, path: entry.displayPath)
        diagnostics += problems
        if let table {
          site.data[Self.tableName(entry.relativePath)] = table
        } else {
          site.unloadedData.insert(Self.tableName(entry.relativePath))
        }
        continue
      }
      guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") else {
        diagnostics.append(
          .warning(
            "data file '\(name)' is ignored: use .yaml or .csv", at: SourceLocation(file: entry.displayPath)))
        continue
      }
      let stem = String(name.prefix(upTo: name.lastIndex(of: ".") ?? name.endIndex))
        .replacingOccurrences(of: "/", with: "_")
      let (table, root, problems) = loader.table(yaml: text, path: entry.displayPath)
      diagnostics += problems
      guard let table, let root else {
        if isFigures { site.unloadedFigures = ["*"] }
        site.unloadedData.insert(stem)
        continue
      }
      site.data[stem] = table
      switch stem {
      case "figures":
        let (figures, figureProblems) = loader.figures(root, path: entry.displayPath)
        site.figures = figures
        site.unloadedFigures = DataLoader.figureKeysWritten(in: table).subtracting(figures.map(\.key))
        diagnostics += figureProblems
      case "sources":
        let (sources, sourceProblems) = loader.sources(root, path: entry.displayPath)
        site.sources = sources
        diagnostics += sourceProblems
      case "tags":
        let (tags, tagProblems) = loader.tags(root, path: entry.displayPath)
        site.tagNames = tags
        diagnostics += tagProblems
      default:
        if let schema = TableSchema.builtIn[stem] {
          diagnostics += schema.check(
            root, table: stem, path: entry.displayPath, languages: site.config.languages.map(\.code),
            fallback: loader.fallback)
        }
      }
    }
  }

  private func loadTemplates(into site: inout Site, diagnostics: inout [Diagnostic]) {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: templatesDirectory, isDirectory: &isFolder),
      isFolder.boolValue
    else {
      diagnostics.append(
        .error("templates folder '\(templatesDirectory)' does not exist; pass --templates DIR"))
      return
    }
    let (files, problems) = FileTree(root: templatesDirectory, displayRoot: templatesDirectory).files()
    diagnostics += problems
    for entry in files {
      if entry.relativePath.hasPrefix("assets/") {
        if let bytes = read(entry, into: &diagnostics) {
          site.assets.append(
            SourceFile(
              relativePath: String(entry.relativePath.dropFirst("assets/".count)),
              displayPath: entry.displayPath,
              bytes: bytes))
        }
      } else if entry.relativePath.hasPrefix("i18n/") && entry.relativePath.hasSuffix(".yaml") {
        let code = String(entry.relativePath.dropFirst("i18n/".count).dropLast(".yaml".count))
        guard site.config.language(code) != nil else {
          diagnostics.append(
            .warning(
              "UI strings for undeclared language '\(code)' are ignored",
              at: SourceLocation(file: entry.displayPath)))
          continue
        }
        guard let text = readText(entry, into: &diagnostics) else { continue }
        if let strings = loadStrings(text, path: entry.displayPath, diagnostics: &diagnostics) {
          site.strings[code] = strings
        }
      } else if entry.relativePath.hasSuffix(".mustache") {
        if let bytes = read(entry, into: &diagnostics) {
          site.templates.append(
            SourceFile(relativePath: entry.relativePath, displayPath: entry.displayPath, bytes: bytes))
        }
      }
    }
  }

  private func loadStrings(_ text: String, path: String, diagnostics: inout [Diagnostic]) -> UIStrings? {
    var reader = YAMLReader(file: path)
    defer { diagnostics += reader.diagnostics }
    guard let root = reader.parse(text) else {
      if reader.diagnostics.isEmpty { return UIStrings(path: path, values: [:]) }
      return nil
    }
    guard let pairs = reader.mapping(root, what: "UI strings") else { return nil }
    var strings = UIStrings(path: path, values: [:])
    for (key, keyNode, value) in pairs {
      if let text = reader.string(value, what: "UI string '\(key)'") {
        strings.values[key] = text
        strings.locations[key] = reader.location(of: keyNode)
      }
    }
    return strings
  }

  private func read(_ entry: FileTree.Entry, into diagnostics: inout [Diagnostic]) -> Data? {
    guard let bytes = FileManager.default.contents(atPath: entry.path) else {
      diagnostics.append(.error("cannot read the file", at: SourceLocation(file: entry.displayPath)))
      return nil
    }
    return bytes
  }

  private func readText(_ entry: FileTree.Entry, into diagnostics: inout [Diagnostic]) -> String? {
    guard let bytes = read(entry, into: &diagnostics) else { return nil }
    switch SourceText.decode(bytes, path: entry.displayPath) {
    case .success(let text): return text
    case .failure(let diagnostic):
      diagnostics.append(diagnostic)
      return nil
    }
  }

  private func join(_ folder: String, _ name: String) -> String {
    folder.hasSuffix("/") ? folder + name : folder + "/" + name
  }
}

import BundCore
import Foundation

/// Data files routed by name: figures, sources and tags to their own types, the built-in tables to
/// their schemas, and any other table read only when something uses it.
extension SiteLoader {
  /// The problems a CSV data table has (for the fuzzer and tools): quoting, row lengths, links.
  public static func parseCSVTable(_ text: String, name: String) -> [Diagnostic] {
    CSVReader.table(text, path: "data/\(name).csv").1
  }

  /// Parses a data table's YAML as if it were `data/NAME.yaml` (figures, sources, tags or a built-in table).
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
  func loadData(_ files: [FileTree.Entry], into site: inout Site, diagnostics: inout [Diagnostic]) {
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

  func loadTables(_ files: [FileTree.Entry], into site: inout Site, diagnostics: inout [Diagnostic]) {
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
}

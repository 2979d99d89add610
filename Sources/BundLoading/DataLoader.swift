import BundCore
import Yams

/// Reads `Content/data/`: free-form YAML and CSV tables, and the typed figures, sources and tags.
struct DataLoader {
  let languages: [String]
  /// Languages with no pages yet and the language whose texts they show meanwhile.
  var fallback: (languages: Set<String>, from: String)? = nil

  /// A reader for one of the data files, with the fallback for languages still being added.
  func reader(_ path: String) -> YAMLReader {
    var made = YAMLReader(file: path)
    made.fallback = fallback
    return made
  }

  static let figureKeys = [
    "key", "group", "value", "unit", "qualifier", "counter_zh", "period", "label", "source", "note",
  ]
  static let sourceKeys = ["id", "title", "publisher", "url", "date"]

  func table(yaml text: String, path: String) -> (DataValue?, Node?, [Diagnostic]) {
    var reader = self.reader(path)
    guard let root = reader.parse(text) else { return (nil, nil, reader.diagnostics) }
    // Without aliases a file cannot hold more values than bytes; the margin leaves room for a
    // few shared blocks, never for an expansion that would take the machine's memory.
    guard let value = reader.dataValue(root, limit: text.utf8.count + 10_000) else {
      return (nil, nil, reader.diagnostics)
    }
    checkLinks(root, reader: &reader)
    return (value, root, reader.diagnostics)
  }

  /// The `key` of every entry written in figures.yaml, loaded or not.
  static func figureKeysWritten(in table: DataValue) -> Set<String> {
    guard case .list(let items) = table else { return [] }
    return Set(
      items.compactMap { item in
        guard case .map(let entries) = item, let key = entries.first(where: { $0.key == "key" }),
          case .string(let text) = key.value
        else { return nil }
        return text
      })
  }

  func figures(_ root: Node, path: String) -> ([Figure], [Diagnostic]) {
    var reader = self.reader(path)
    guard let items = reader.sequence(root, what: "figures.yaml") else { return ([], reader.diagnostics) }
    var figures: [Figure] = []
    var seen: [String: SourceLocation] = [:]
    for item in items {
      guard let pairs = reader.mapping(item, what: "each figure") else { continue }
      var fields: [String: Node] = [:]
      for (key, keyNode, value) in pairs {
        if Self.figureKeys.contains(key) {
          fields[key] = value
        } else {
          reader.error(
            "unknown figure field '\(key)'\(Suggestions.hint(for: key, in: Self.figureKeys))", at: keyNode,
            notes: ["valid fields: \(Self.figureKeys.joined(separator: ", "))"])
        }
      }
      let required = ["key", "group", "value", "unit", "qualifier", "period", "label", "source"]
      let missing = required.filter { fields[$0] == nil }
      if !missing.isEmpty {
        let name = fields["key"]?.scalar.map { "figure '\($0.string)'" } ?? "a figure"
        reader.error("\(name) is missing \(missing.joined(separator: ", "))", at: item)
        continue
      }
      guard let keyNode = fields["key"], let key = reader.string(keyNode, what: "key"),
        let groupNode = fields["group"], let group = reader.string(groupNode, what: "group"),
        let valueNode = fields["value"], let value = reader.string(valueNode, what: "value"),
        let unitNode = fields["unit"], let unitText = reader.string(unitNode, what: "unit"),
        let qualifierNode = fields["qualifier"],
        let qualifierText = reader.string(qualifierNode, what: "qualifier"),
        let periodNode = fields["period"],
        let period = reader.localized(periodNode, what: "period", languages: languages),
        let labelNode = fields["label"],
        let label = reader.localized(labelNode, what: "label", languages: languages),
        let sourceNode = fields["source"], let source = reader.string(sourceNode, what: "source")
      else { continue }
      guard key.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
        reader.error("figure key '\(key)' must use lowercase letters, digits and '_'", at: keyNode)
        continue
      }
      if let first = seen[key] {
        reader.error("figure '\(key)' is defined twice (first at line \(first.line)); keep one", at: keyNode)
        continue
      }
      seen[key] = reader.location(of: keyNode)
      guard Self.isDecimal(value) else {
        reader.error(
          "value '\(value)' of figure '\(key)' must be a plain number such as 170 or 11.1", at: valueNode)
        continue
      }
      guard let unit = Figure.Unit(rawValue: unitText) else {
        let units = Figure.Unit.allCases.map(\.rawValue)
        reader.error(
          "unknown unit '\(unitText)'\(Suggestions.hint(for: unitText, in: units))", at: unitNode,
          notes: ["valid units: \(units.joined(separator: ", "))"])
        continue
      }
      guard let qualifier = Figure.Qualifier(rawValue: qualifierText) else {
        let qualifiers = Figure.Qualifier.allCases.map(\.rawValue)
        reader.error(
          "unknown qualifier '\(qualifierText)'\(Suggestions.hint(for: qualifierText, in: qualifiers))",
          at: qualifierNode, notes: ["valid qualifiers: \(qualifiers.joined(separator: ", "))"])
        continue
      }
      let counter = fields["counter_zh"].flatMap { reader.string($0, what: "counter_zh") } ?? "个"
      let note = fields["note"].flatMap { reader.localized($0, what: "note", languages: languages) }
      figures.append(
        Figure(
          key: key, group: group, value: value, unit: unit, qualifier: qualifier, counterZh: counter,
          period: period, label: label, note: note, source: source, location: reader.location(of: keyNode)))
    }
    return (figures, reader.diagnostics)
  }

  func sources(_ root: Node, path: String) -> ([FigureSource], [Diagnostic]) {
    var reader = self.reader(path)
    guard let items = reader.sequence(root, what: "sources.yaml") else { return ([], reader.diagnostics) }
    var sources: [FigureSource] = []
    for item in items {
      guard let pairs = reader.mapping(item, what: "each source") else { continue }
      var fields: [String: Node] = [:]
      for (key, keyNode, value) in pairs {
        if Self.sourceKeys.contains(key) {
          fields[key] = value
        } else {
          reader.error(
            "unknown source field '\(key)'\(Suggestions.hint(for: key, in: Self.sourceKeys))", at: keyNode,
            notes: ["valid fields: \(Self.sourceKeys.joined(separator: ", "))"])
        }
      }
      guard let idNode = fields["id"], let id = reader.string(idNode, what: "id"),
        let titleNode = fields["title"],
        let title = reader.localized(titleNode, what: "title", languages: languages),
        let publisherNode = fields["publisher"],
        let publisher = reader.localized(publisherNode, what: "publisher", languages: languages),
        let urlNode = fields["url"], let url = reader.string(urlNode, what: "url")
      else {
        reader.error("a source needs id, title, publisher and url", at: item)
        continue
      }
      let date = fields["date"].flatMap { reader.date($0, what: "date") }
      sources.append(
        FigureSource(
          id: id, title: title, publisher: publisher, url: url, date: date,
          location: reader.location(of: idNode)))
    }
    return (sources, reader.diagnostics)
  }

  func tags(_ root: Node, path: String) -> ([String: LocalizedText], [Diagnostic]) {
    var reader = self.reader(path)
    guard let pairs = reader.mapping(root, what: "tags.yaml") else { return ([:], reader.diagnostics) }
    var names: [String: LocalizedText] = [:]
    for (key, _, value) in pairs {
      if let text = reader.localized(value, what: "tag '\(key)'", languages: languages) { names[key] = text }
    }
    return (names, reader.diagnostics)
  }

  /// Whether a template may put the field's value in an `href`: `url`, `href`, `link` and names
  /// ending in `_url`. Every such value, in every table, must be a safe link (`URLRules`).
  static func isLinkField(_ key: String) -> Bool {
    key == "url" || key == "href" || key == "link" || key.hasSuffix("_url")
  }

  /// Reports each link field below the node whose value cannot be a link (a `javascript:` URL).
  private func checkLinks(_ node: Node, reader: inout YAMLReader) {
    switch node {
    case .mapping(let mapping):
      for pair in mapping {
        if let key = pair.key.scalar?.string, Self.isLinkField(key), case .scalar(let scalar) = pair.value,
          let problem = URLRules.linkProblem(scalar.string)
        {
          reader.error("'\(key)' cannot be a link: \(problem)", at: pair.value)
        } else {
          checkLinks(pair.value, reader: &reader)
        }
      }
    case .sequence(let sequence):
      for item in sequence { checkLinks(item, reader: &reader) }
    case .scalar, .alias:
      return
    }
  }

  static func isDecimal(_ text: String) -> Bool {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count <= 2, !parts[0].isEmpty else { return false }
    return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
  }
}

/// Reads CSV (RFC 4180: quoted fields, doubled quotes, header row) into a list of rows.
enum CSVReader {
  static func table(_ text: String, path: String) -> (DataValue?, [Diagnostic]) {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var inQuotes = false
    var line = 1
    var quoteStartLine = 1
    var iterator = Array(text).makeIterator()
    var pending: Character? = nil
    while let character = pending ?? iterator.next() {
      pending = nil
      if inQuotes {
        if character == "\"" {
          if let next = iterator.next() {
            if next == "\"" { field.append("\"") } else { inQuotes = false; pending = next }
          } else {
            inQuotes = false
          }
        } else {
          if character == "\n" { line += 1 }
          field.append(character)
        }
        continue
      }
      switch character {
      case "\"" where field.isEmpty:
        inQuotes = true
        quoteStartLine = line
      case ",":
        row.append(field)
        field = ""
      case "\n":
        row.append(field)
        field = ""
        if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
        row = []
        line += 1
      default:
        field.append(character)
      }
    }
    if inQuotes {
      return (
        nil,
        [
          .error(
            "a quoted field is not closed; add the closing '\"'",
            at: SourceLocation(file: path, line: quoteStartLine))
        ]
      )
    }
    if !field.isEmpty || !row.isEmpty {
      row.append(field)
      rows.append(row)
    }
    guard let header = rows.first else {
      return (
        nil, [.error("the CSV file is empty; it needs a header row", at: SourceLocation(file: path, line: 1))]
      )
    }
    var diagnostics: [Diagnostic] = []
    var values: [DataValue] = []
    for (index, cells) in rows.dropFirst().enumerated() where cells.count != header.count {
      diagnostics.append(
        .error(
          "row has \(cells.count) fields but the header has \(header.count)",
          at: SourceLocation(file: path, line: index + 2)))
    }
    for (index, cells) in rows.dropFirst().enumerated() where cells.count == header.count {
      for (key, cell) in zip(header, cells) where DataLoader.isLinkField(key) {
        if let problem = URLRules.linkProblem(cell) {
          diagnostics.append(
            .error("'\(key)' cannot be a link: \(problem)", at: SourceLocation(file: path, line: index + 2)))
        }
      }
    }
    for cells in rows.dropFirst() where cells.count == header.count {
      values.append(.map(zip(header, cells).map { DataEntry(key: $0, value: .string($1)) }))
    }
    return (.list(values), diagnostics)
  }
}

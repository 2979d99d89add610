import BundCore
import Yams

/// The shape of a built-in data table (`glossary`, `timeline`, `industries`, `people`): a list of
/// items whose fields are checked at load, with positions, so a template never meets a missing value.
struct TableSchema {
  enum Field {
    case text
    /// `2022`, `2023-04` or `2023-01-29`.
    case date
    /// One text per declared language.
    case localized
    case bool
    case oneOf([String])
  }

  var required: [(String, Field)]
  var optional: [(String, Field)]

  static let builtIn: [String: TableSchema] = [
    "glossary": TableSchema(
      required: [("term", .localized), ("explanation", .localized)],
      optional: [("zh_confidence", .oneOf(["high", "medium", "low"])), ("source_en", .text)]),
    "timeline": TableSchema(
      required: [
        ("date", .date), ("date_label", .localized), ("event", .localized),
        ("kind", .oneOf(["result", "event", "plan", "context"])),
      ],
      optional: []),
    "industries": TableSchema(
      required: [("group", .oneOf(["leading", "key"])), ("name", .localized)],
      optional: [("note", .localized)]),
    "people": TableSchema(
      required: [("name_en", .text), ("title", .localized), ("spoke", .bool)],
      optional: [("name_zh", .text), ("title_source", .text), ("note", .localized)]),
  ]

  /// Problems in the table, each at its position.
  func check(
    _ root: Node, table: String, path: String, languages: [String],
    fallback: (languages: Set<String>, from: String)? = nil
  ) -> [Diagnostic] {
    var reader = YAMLReader(file: path)
    reader.fallback = fallback
    guard let items = reader.sequence(root, what: "\(table).yaml") else { return reader.diagnostics }
    let known = (required + optional).map(\.0)
    for item in items {
      guard let pairs = reader.mapping(item, what: "each \(table) entry") else { continue }
      let written = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
      for (key, keyNode, _) in pairs where !known.contains(key) {
        reader.warning(
          "unknown \(table) field '\(key)' is ignored\(Suggestions.hint(for: key, in: known))", at: keyNode,
          notes: ["fields: \(known.joined(separator: ", "))"])
      }
      let missing = required.map(\.0).filter { written[$0] == nil }
      if !missing.isEmpty {
        reader.error("\(table) entry is missing \(missing.joined(separator: ", "))", at: item)
      }
      for (name, field) in required + optional {
        guard let value = written[name] else { continue }
        switch field {
        case .text:
          if case .scalar = value {} else { reader.error("\(name) must be text", at: value) }
        case .date:
          if let text = reader.string(value, what: name),
            !(text.count == 4 && Int(text) != nil) && SimpleDate(text) == nil
          {
            reader.error("\(name) '\(text)' is not a date; write 2023, 2023-04 or 2023-01-29", at: value)
          }
        case .localized:
          _ = reader.localized(value, what: name, languages: languages)
        case .bool:
          _ = reader.bool(value, what: name)
        case .oneOf(let choices):
          if let text = reader.string(value, what: name), !choices.contains(text) {
            reader.error(
              "\(name) '\(text)' is not one of \(choices.joined(separator: ", "))\(Suggestions.hint(for: text, in: choices))",
              at: value)
          }
        }
      }
    }
    return reader.diagnostics
  }
}

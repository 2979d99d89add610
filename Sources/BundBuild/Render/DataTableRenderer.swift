import BundCore
import BundMarkdown

/// Renders `{{table data/NAME}}`: a table of `Content/data/` as an HTML `<table>` in the page's
/// language, with its caption, a header row and the first column as row headers. One table serves
/// every language: a cell is a `{en: …, zh: …}` map, a `KEY_en` / `KEY_zh` pair, or text shown in
/// every language. CommonMark has no tables, so this is how a Bund page shows one.
///
/// A table is defined once, by an entry NAME in `Content/data/tables.yaml` or by a data file NAME
/// that is a map:
///
///     caption: {en: Officials at the press conference, zh: 出席发布会的官员}
///     from: people            # rows from Content/data/people.yaml (or `rows:` right here)
///     where: {group: leading} # optional: only rows whose field has this value
///     columns:
///       - {key: name, label: {en: Official, zh: 姓名}}
///       - {key: title_source, label: {en: In the source, zh: 英文原文}, lang: en, languages: [en, zh]}
///
/// `lang` marks a column's text as being in that language (a BCP 47 tag: `lang="en"` on a Chinese
/// page); without it a cell with Latin letters and no Chinese on a Chinese page is marked as
/// English, and one with Chinese and no Latin letters on another page as Chinese. `languages`
/// shows a column only on pages in those languages.
struct DataTableRenderer: Sendable {
  let data: [String: DataValue]
  let languages: [Language]

  struct Column {
    var key: String
    var label: String
    var lang: String?
  }

  /// The table's HTML for a page in `language`, or what is wrong with it.
  func render(_ name: String, language: Language) -> ShortcodeExpansion {
    let definition: DataValue
    if let entry = data["tables"]?[name] {
      definition = entry
    } else if let file = data[name], case .map = file {
      definition = file
    } else if let file = data[name], case .list = file {
      return .failure(
        "table 'data/\(name)' is a list with no caption or column labels; describe it in Content/data/tables.yaml (caption, columns with a label in each language) as docs/content-format.md shows"
      )
    } else {
      let known = Set(data.keys.filter { $0 != "tables" }).union(tableNames)
      return .failure(
        "unknown table 'data/\(name)'\(Suggestions.hint(for: name, in: known)); a table is a file in Content/data/ or an entry of Content/data/tables.yaml"
      )
    }
    let place =
      data["tables"]?[name] != nil ? "'\(name)' in Content/data/tables.yaml" : "Content/data/\(name)"
    guard let caption = text(definition["caption"], in: language) else {
      return .failure("table \(place) has no caption in \(language.code); add caption: {\(languageKeys)}")
    }
    let rows: [DataValue]
    if case .list(let inline)? = definition["rows"] {
      rows = inline
    } else if let from = definition["from"]?.stringValue {
      guard case .list(let loaded)? = data[from] else {
        return .failure(
          "table \(place) takes its rows from 'data/\(from)', which is not a list of rows in Content/data/\(Suggestions.hint(for: from, in: data.keys))"
        )
      }
      rows = loaded
    } else {
      return .failure("table \(place) has no rows; add rows: [ … ] or from: NAME (a data file)")
    }
    var selected = rows
    if case .map(let conditions)? = definition["where"] {
      selected = rows.filter { row in
        conditions.allSatisfy { row[$0.key]?.stringValue == $0.value.stringValue }
      }
    }
    guard case .list(let columnList)? = definition["columns"], !columnList.isEmpty else {
      return .failure("table \(place) has no columns; add columns: [{key: …, label: {\(languageKeys)}}]")
    }
    var columns: [Column] = []
    for (position, column) in columnList.enumerated() {
      guard let key = column["key"]?.stringValue else {
        return .failure("column \(position + 1) of table \(place) has no key")
      }
      if case .list(let only)? = column["languages"],
        !only.contains(where: { $0.stringValue == language.code })
      {
        continue
      }
      guard let label = text(column["label"], in: language) else {
        return .failure("column '\(key)' of table \(place) has no label in \(language.code)")
      }
      guard selected.contains(where: { cell($0, key: key, language: language) != nil }) else {
        return .failure("column '\(key)' of table \(place) is in none of its \(selected.count) rows")
      }
      columns.append(Column(key: key, label: label, lang: column["lang"]?.stringValue))
    }
    guard !selected.isEmpty else { return .failure("table \(place) has no rows that match its where:") }

    var html = "<div class=\"table-wrap\" role=\"region\" aria-label=\"\(escape(caption))\" tabindex=\"0\">"
    html += "<table class=\"data-table\"><caption>\(escape(caption))</caption><thead><tr>"
    for column in columns { html += "<th scope=\"col\">\(escape(column.label))</th>" }
    html += "</tr></thead><tbody>"
    for (index, row) in selected.enumerated() {
      html += "<tr>"
      for (position, column) in columns.enumerated() {
        let tag = position == 0 ? "th" : "td"
        let scope = position == 0 ? " scope=\"row\"" : ""
        guard let value = cellText(row, column: column, language: language) else {
          return .failure(
            "row \(index + 1) of table \(place) has no \(language.code) text for '\(column.key)'; give it as {\(languageKeys)}"
          )
        }
        let lang = value.isEmpty ? nil : marking(value, column: column, language: language)
        html += "<\(tag)\(scope)\(lang.map { " lang=\"\(escape($0))\"" } ?? "")>\(escape(value))</\(tag)>"
      }
      html += "</tr>"
    }
    html += "</tbody></table></div>"
    return .html(html)
  }

  private var tableNames: Set<String> {
    guard case .map(let entries)? = data["tables"] else { return [] }
    return Set(entries.map(\.key))
  }

  private var languageKeys: String { languages.map { "\($0.code): …" }.joined(separator: ", ") }

  /// A cell's value: `KEY` (text or a map by language), or `KEY_LANG`; nil when the row has neither.
  private func cell(_ row: DataValue, key: String, language: Language) -> DataValue? {
    if let value = row[key], value != .null { return value }
    let own = row[key + "_" + language.code]
    if let own, own.stringValue?.isEmpty == false { return own }
    // Left empty in this language (a name known only in pinyin): the other language's text, which
    // the cell then marks with its language.
    for other in languages where other.code != language.code {
      if let value = row[key + "_" + other.code], value.stringValue?.isEmpty == false { return value }
    }
    return own == .null ? nil : own
  }

  /// The text of a cell in `language`: empty when the row leaves the column out; nil when the cell
  /// is given by language but not in this one.
  private func cellText(_ row: DataValue, column: Column, language: Language) -> String? {
    guard let value = cell(row, key: column.key, language: language) else {
      // A column given per language (`title_en`) that this row has in another language only.
      let inOthers = languages.contains { row[column.key + "_" + $0.code] != nil }
      return inOthers ? nil : ""
    }
    if case .map = value {
      return text(value, in: language)
    }
    return value.stringValue ?? ""
  }

  private func text(_ value: DataValue?, in language: Language) -> String? {
    guard let value else { return nil }
    if case .map = value { return value[language.code]?.stringValue }
    return value.stringValue
  }

  /// The `lang` a cell needs on this page, or nil when its text is in the page's language.
  private func marking(_ value: String, column: Column, language: Language) -> String? {
    if let lang = column.lang { return lang == language.tag || lang == language.code ? nil : lang }
    var latin = false
    var chinese = false
    for scalar in value.unicodeScalars {
      if TextKit.isCJK(scalar) {
        chinese = true
      } else if scalar.properties.isAlphabetic && scalar.isASCII {
        latin = true
      }
    }
    if language.isChinese && latin && !chinese {
      return languages.first { !$0.isChinese }?.tag
    }
    if !language.isChinese && chinese && !latin {
      return languages.first { $0.isChinese }?.tag
    }
    return nil
  }

  private func escape(_ text: String) -> String { TextKit.escapeHTML(text) }
}

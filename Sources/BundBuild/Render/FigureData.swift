import BundCore
import Foundation

/// The figures as open data: `data/figures.json` and `data/figures.csv` (UTF-8 with BOM).
struct FigureData {
  let site: Site
  let figures: FigureRenderer

  func json() -> String {
    var out = "{\n  \"figures\": [\n"
    let languages = site.config.languages
    let items = figures.figures.map { figure -> String in
      var fields: [String] = [
        "\"key\": \(string(figure.key))", "\"group\": \(string(figure.group))", "\"value\": \(figure.value)",
        "\"unit\": \(string(figure.unit.rawValue))", "\"qualifier\": \(string(figure.qualifier.rawValue))",
        "\"label\": \(localized(figure.label))", "\"period\": \(localized(figure.period))",
        "\"text\": {"
          + languages.map { "\(string($0.code)): \(string(figures.text(figure, language: $0)))" }
          .joined(separator: ", ") + "}",
      ]
      if let note = figure.note { fields.append("\"note\": \(localized(note))") }
      fields.append("\"source\": \(string(figure.source))")
      return "    {" + fields.joined(separator: ", ") + "}"
    }
    out += items.joined(separator: ",\n") + "\n  ],\n  \"sources\": [\n"
    out += site.sources.map { source in
      var fields = [
        "\"id\": \(string(source.id))", "\"title\": \(localized(source.title))",
        "\"publisher\": \(localized(source.publisher))", "\"url\": \(string(source.url))",
      ]
      if let date = source.date { fields.append("\"date\": \(string(date.iso))") }
      return "    {" + fields.joined(separator: ", ") + "}"
    }.joined(separator: ",\n")
    out += "\n  ]\n}\n"
    return out
  }

  /// CSV for spreadsheets: a BOM so Chinese shows correctly, CRLF line ends, RFC 4180 quoting.
  func csv() -> Data {
    let codes = site.config.languages.map(\.code)
    var header = ["key", "group", "value", "unit", "qualifier"]
    for code in codes { header += ["label_\(code)", "period_\(code)", "text_\(code)", "note_\(code)"] }
    header += ["source_id", "source_url"]
    var rows = [header]
    for figure in figures.figures {
      var row = [figure.key, figure.group, figure.value, figure.unit.rawValue, figure.qualifier.rawValue]
      for language in site.config.languages {
        row += [
          figure.label.text(in: language.code), figure.period.text(in: language.code),
          figures.text(figure, language: language), figure.note?[language.code] ?? "",
        ]
      }
      row += [figure.source, figures.sources[figure.source]?.url ?? ""]
      rows.append(row)
    }
    let text = rows.map { $0.map(quote).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    return Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
  }

  private func quote(_ field: String) -> String {
    if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
      return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return field
  }

  private func localized(_ text: LocalizedText) -> String {
    "{"
      + site.config.languages.compactMap { language in
        text[language.code].map { "\(string(language.code)): \(string($0))" }
      }.joined(separator: ", ") + "}"
  }

  private func string(_ text: String) -> String { JSONText.string(text) }
}

import BundCore

/// Renders figures from `Content/data/figures.yaml` as text, tables and SVG charts in one language.
package struct FigureRenderer: Sendable {
  let figures: [Figure]
  let byKey: [String: Figure]
  let sources: [String: FigureSource]

  init(figures: [Figure], sources: [FigureSource]) {
    self.figures = figures
    var byKey: [String: Figure] = [:]
    for figure in figures { byKey[figure.key] = figure }
    self.byKey = byKey
    self.sources = Dictionary(sources.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
  }

  var groups: [String] {
    var seen: [String] = []
    for figure in figures where !seen.contains(figure.group) { seen.append(figure.group) }
    return seen
  }

  func text(_ figure: Figure, language: Language) -> String {
    LocalFormat.figure(figure, in: language.rules)
  }

  /// An HTML table of figures with caption and header scopes.
  func table(
    _ selection: [Figure], caption: String, language: Language, strings: [String: String], rowIDs: Bool = true
  ) -> String {
    let code = language.code
    var html = "<div class=\"table-wrap\" role=\"region\" aria-label=\"\(escape(caption))\" tabindex=\"0\">"
    html += "<table class=\"figures\"><caption>\(escape(caption))</caption><thead><tr>"
    for key in ["figures_col_figure", "figures_col_value", "figures_col_period", "figures_col_source"] {
      html += "<th scope=\"col\">\(escape(strings[key] ?? key))</th>"
    }
    html += "</tr></thead><tbody>"
    for figure in selection {
      html += rowIDs ? "<tr id=\"figure-\(figure.key)\">" : "<tr>"
      html += "<th scope=\"row\">\(escape(figure.label.text(in: code)))</th>"
      html += "<td class=\"figure-value\">\(escape(text(figure, language: language)))"
      if let note = figure.note?[code] { html += "<span class=\"figure-note\">\(escape(note))</span>" }
      html += "</td><td>\(escape(figure.period.text(in: code)))</td><td>"
      if let source = sources[figure.source] {
        html += "<a href=\"\(escape(source.url))\">\(escape(source.publisher.text(in: code)))</a>"
        if let date = source.date {
          html +=
            "\(language.rules.chineseFormats ? "，" : ", ")\(escape(LocalFormat.date(date, in: language.rules)))"
        }
      }
      html += "</td></tr>"
    }
    html += "</tbody></table></div>"
    return html
  }

  /// An SVG bar chart of one group: one panel per unit, so values of different units are never compared
  /// or added; with `<title>`, `<desc>` and a data table as the text alternative.
  func chart(group: String, language: Language, strings: [String: String]) -> String? {
    let selection = figures.filter { $0.group == group }
    guard !selection.isEmpty else { return nil }
    let code = language.code
    var panels: [(Dimension, [Figure])] = []
    for figure in selection {
      if let index = panels.firstIndex(where: { $0.0 == Dimension(figure.unit) }) {
        panels[index].1.append(figure)
      } else {
        panels.append((Dimension(figure.unit), [figure]))
      }
    }
    let width = 480.0
    let labelHeight = 22.0
    let barHeight = 22.0
    let rowHeight = labelHeight + barHeight + 14
    let panelGap = 18.0
    let height = panels.reduce(0.0) { $0 + Double($1.1.count) * rowHeight + panelGap } + 4
    let id = "chart-\(group)"
    let title = strings["chart_\(group)"] ?? selection[0].period.text(in: code)
    let colon = language.rules.chineseFormats ? "：" : ": "
    let description = selection.map { "\($0.label.text(in: code))\(colon)\(text($0, language: language))" }
      .joined(separator: language.rules.chineseFormats ? "；" : "; ")
    var svg = "<figure class=\"chart\" id=\"\(id)\">"
    svg +=
      "<svg viewBox=\"0 0 \(format(width)) \(format(height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\""
    svg += " xmlns=\"http://www.w3.org/2000/svg\" preserveAspectRatio=\"xMinYMin meet\">"
    svg +=
      "<title id=\"\(id)-title\">\(escape(title))</title><desc id=\"\(id)-desc\">\(escape(description))</desc>"
    var y = 2.0
    for (_, panelFigures) in panels {
      let maximum = panelFigures.map(Dimension.comparableValue).max() ?? 1
      for figure in panelFigures {
        let value = Dimension.comparableValue(figure)
        let barWidth = maximum > 0 ? max(2, (width - 8) * 0.5 * value / maximum) : 2
        svg +=
          "<text class=\"chart-label\" font-size=\"14\" x=\"0\" y=\"\(format(y + 16))\">\(escape(figure.label.text(in: code)))</text>"
        svg +=
          "<rect class=\"chart-bar chart-\(figure.qualifier.rawValue)\" x=\"0\" y=\"\(format(y + labelHeight))\""
        svg += " width=\"\(format(barWidth))\" height=\"\(format(barHeight))\" rx=\"2\"/>"
        svg +=
          "<text class=\"chart-value\" font-size=\"15\" x=\"\(format(barWidth + 6))\" y=\"\(format(y + labelHeight + 16))\">"
        svg += "\(escape(text(figure, language: language)))</text>"
        y += rowHeight
      }
      y += panelGap
    }
    svg += "</svg>"
    svg +=
      "<details class=\"chart-data\"><summary>\(escape(strings["chart_data_table"] ?? "chart_data_table"))</summary>"
    svg += table(selection, caption: title, language: language, strings: strings, rowIDs: false)
    svg += "</details><figcaption>\(escape(title))</figcaption></figure>"
    return svg
  }

  /// What a bar measures: amounts in RMB share one scale, percentages another, counts a third.
  enum Dimension: Equatable {
    case money, percent, count

    init(_ unit: Figure.Unit) {
      switch unit {
      case .rmbBillion, .rmbTrillion: self = .money
      case .percent: self = .percent
      case .count: self = .count
      }
    }

    /// The value on its dimension's common scale (RMB amounts in billions).
    static func comparableValue(_ figure: Figure) -> Double {
      let value = Double(figure.value) ?? 0
      return figure.unit == .rmbTrillion ? value * 1000 : value
    }
  }

  private func escape(_ text: String) -> String { TextKit.escapeHTML(text) }

  private func format(_ value: Double) -> String {
    let rounded = (value * 10).rounded() / 10
    if rounded == rounded.rounded() { return String(Int(rounded)) }
    return String(rounded)
  }
}

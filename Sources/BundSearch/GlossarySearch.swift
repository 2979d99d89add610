import BundCore

/// Makes glossary entries searchable in every language: each entry of `Content/data/glossary.yaml`
/// (`term: {en, zh}`, `explanation: {en, zh}`) becomes a document whose title holds the term in all
/// languages, so `拿地即开工` finds the English entry and `year on year` the Chinese one.
public enum GlossarySearch {
  /// One document per entry, linking to `pageURL` (the glossary page, relative to the search page)
  /// plus the entry's anchor. The title is the term in `language`, then in the other languages, in
  /// the order of the data (`Year on year · 同比`); the text is the explanation in `language`.
  public static func documents(
    from table: DataValue, language: String, pageURL: String, section: String
  ) -> [SearchDocument] {
    guard case .list(let entries) = table else { return [] }
    let anchors = anchors(in: table)
    return entries.enumerated().compactMap { position, entry in
      let terms = localized(entry["term"])
      guard !terms.isEmpty else { return nil }
      let own = terms.first { $0.language == language }?.text
      let others = terms.filter { $0.language != language }.map(\.text)
      let title = ([own].compactMap { $0 } + others).joined(separator: " · ")
      let explanation = localized(entry["explanation"]).first { $0.language == language }?.text ?? ""
      return SearchDocument(
        url: pageURL + "#" + anchors[position], title: title, text: explanation, section: section,
        kind: .glossary)
    }
  }

  /// The anchor of each entry, in order: `term-` and the heading-style slug of its English term
  /// (of its first term when there is no English one), numbered `-2`, `-3` … when repeated.
  public static func anchors(in table: DataValue) -> [String] {
    guard case .list(let entries) = table else { return [] }
    var anchors = UniqueAnchors()
    return entries.enumerated().map { position, entry in
      let terms = localized(entry["term"])
      let name = terms.first { $0.language == "en" }?.text ?? terms.first?.text ?? String(position + 1)
      return anchors.claim("term-" + TextKit.anchor(name))
    }
  }

  /// The table with an `anchor` key added to each entry, for the glossary template
  /// (`<div class="glossary-entry" id="{{anchor}}">`), so the links in the index land on the entry.
  public static func addingAnchors(to table: DataValue) -> DataValue {
    guard case .list(let entries) = table else { return table }
    let anchors = anchors(in: table)
    return .list(
      entries.enumerated().map { position, entry in
        guard case .map(var fields) = entry else { return entry }
        fields.removeAll { $0.key == "anchor" }
        fields.append(DataEntry(key: "anchor", value: .string(anchors[position])))
        return .map(fields)
      })
  }

  /// The texts of a `{en: …, zh: …}` value, in the order written.
  static func localized(_ value: DataValue?) -> [(language: String, text: String)] {
    guard case .map(let entries)? = value else { return [] }
    return entries.compactMap { entry in
      guard let text = entry.value.stringValue, !text.isEmpty else { return nil }
      return (entry.key, text)
    }
  }
}

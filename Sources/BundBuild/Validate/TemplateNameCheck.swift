import BundCore
import BundTemplates
import Foundation

/// Catches typos in template names that Mustache would silently render as nothing: `{{page.titel}}`,
/// `{{t.skip_lnk}}`, `{{assets.style}}`, checked against what the context really provides.
struct TemplateNameCheck {
  let site: Site

  /// Keys of `page` in every context (see docs/templates.md).
  static let pageKeys: Set<String> = [
    "title", "short_title", "summary", "content", "kind", "is_home", "is_section", "is_page", "is_tag",
    "is_tags",
    "key", "section", "toc", "has_toc", "word_count", "reading_minutes", "tags", "has_tags", "pages",
    "has_pages",
    "translation_missing", "translation_stale", "url", "permalink", "date", "date_display",
    "date_time_display",
    "updated", "updated_display", "updated_time_display", "pagination",
  ]
  static let siteKeys: Set<String> = ["title", "description", "base_url", "publisher", "contact"]
  /// Names every context has at the top level.
  static let topLevelNames: Set<String> = [
    "site", "lang", "root", "home_url", "feed_url", "search_url", "canonical", "alternates", "languages",
    "nav",
    "breadcrumbs", "has_breadcrumbs", "assets", "page", "tags", "latest", "t", "i18n", "figures",
    "figure_list",
    "data", "last_updated", "last_updated_display", "noindex",
  ]

  func check(_ templates: [SourceFile]) -> [Diagnostic] {
    let languages = site.config.languages
    let stringKeys = Set(site.strings.values.flatMap { $0.values.keys })
    let langKeys = Set(["code", "tag", "name", "og_locale"] + languages.map { "is_\($0.code)" })
    let assetKeys = Set(site.assets.map { ContextBuilder.assetKey($0.relativePath) })
    var known: [String: Set<String>] = [
      "page": Self.pageKeys, "site": Self.siteKeys, "lang": langKeys, "t": stringKeys, "assets": assetKeys,
      // A table whose file failed to load is reported at the file, not again at each use.
      "data": Set(site.data.keys).union(site.unloadedData),
    ]
    for language in languages { known["i18n.\(language.code)"] = stringKeys }
    var diagnostics: [Diagnostic] = []
    for template in templates {
      let text = String(decoding: template.bytes, as: UTF8.self)
      for tag in TemplateScanner.tags(in: text) where tag.sigil == nil || "#^&{".contains(tag.sigil ?? " ") {
        let parts = tag.name.split(separator: ".").map(String.init)
        guard parts.count >= 2 else { continue }
        var scope = parts[0]
        var nameIndex = 1
        if scope == "i18n", parts.count >= 3 {
          scope = "i18n.\(parts[1])"
          nameIndex = 2
          if !languages.contains(where: { $0.code == parts[1] }) {
            diagnostics.append(
              .error(
                "i18n.\(parts[1]) names an undeclared language; use one of \(languages.map(\.code).joined(separator: ", "))",
                at: SourceLocation(file: template.displayPath, line: tag.line, column: tag.column)))
            continue
          }
        }
        guard let keys = known[scope], nameIndex < parts.count else { continue }
        let name = parts[nameIndex]
        if !keys.contains(name) {
          diagnostics.append(
            .error(
              "'\(tag.name)' is not in the template context\(Suggestions.hint(for: name, in: keys)); Mustache would print nothing",
              at: SourceLocation(file: template.displayPath, line: tag.line, column: tag.column),
              notes: [scope == "t" ? "UI strings come from Templates/i18n/*.yaml" : "see docs/templates.md"]))
        }
      }
    }
    return diagnostics
  }
}

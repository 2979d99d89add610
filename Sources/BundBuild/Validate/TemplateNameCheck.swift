import BundCore
import BundTemplates

/// Catches typos in template names that Mustache would silently render as nothing: `{{page.titel}}`,
/// `{{t.skip_lnk}}`, `{{assets.style}}`, checked against what the context really provides
/// (`TemplateContext`, the site's UI strings, assets and data tables).
struct TemplateNameCheck {
  let site: Site

  /// Names every context has at the top level.
  static var topLevelNames: Set<String> { TemplateContext.topLevelNames }

  func check(_ templates: TemplateSet) -> [Diagnostic] {
    let languages = site.config.languages
    let stringKeys = Set(site.strings.values.flatMap { $0.values.keys })
    let assetKeys = Set(site.assets.map { ContextBuilder.assetKey($0.relativePath) })
    var known: [String: Set<String>] = [
      "page": TemplateContext.pageNames, "site": Set(TemplateContext.siteKeys.keys),
      "lang": TemplateContext.langNames(languages), "t": stringKeys, "assets": assetKeys,
      // A table whose file failed to load is reported at the file, not again at each use.
      "data": Set(site.data.keys).union(site.unloadedData),
    ]
    for language in languages { known["i18n.\(language.code)"] = stringKeys }
    var diagnostics: [Diagnostic] = []
    for tag in templates.tags where tag.readsValue && tag.path.count >= 2 {
      let parts = tag.path
      var scope = parts[0]
      var nameIndex = 1
      if scope == "i18n", parts.count >= 3 {
        scope = "i18n.\(parts[1])"
        nameIndex = 2
        if !languages.contains(where: { $0.code == parts[1] }) {
          diagnostics.append(
            .error(
              "i18n.\(parts[1]) names an undeclared language; use one of \(languages.map(\.code).joined(separator: ", "))",
              at: tag.location))
          continue
        }
      }
      guard let keys = known[scope] else { continue }
      let name = parts[nameIndex]
      if !keys.contains(name) {
        diagnostics.append(
          .error(
            "'\(parts.joined(separator: "."))' is not in the template context\(Suggestions.hint(for: name, in: keys)); Mustache would print nothing",
            at: tag.location,
            notes: [scope == "t" ? "UI strings come from Templates/i18n/*.yaml" : "see docs/templates.md"]))
      }
    }
    return diagnostics
  }
}

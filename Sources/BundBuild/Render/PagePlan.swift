import BundCore
import BundTemplates
import Foundation

/// The HTML pages a site has (its views) and how to render each: the templates stage's input.
/// Pure: rendering a view returns its file or its problem; the caller decides where files go.
package struct PagePlan: Sendable {
  package let site: ValidatedSite
  package let rendered: [RenderedPage]
  /// Every HTML page, in a stable order: content pages, tag lists, list pages, search pages.
  package let views: [PageView]
  /// Asset path (`style.css`) → its fingerprinted output path (`assets/style.1a2b3c4d5e.css`).
  package let assetPaths: [String: String]
  package let builder: ContextBuilder
  /// `builder.sharedContext(for:)` of each language, by code: made once, not once per batch.
  let sharedContexts: [String: TemplateValue]

  package init(site: ValidatedSite, rendered: [RenderedPage]) {
    self.site = site
    self.rendered = rendered
    var assetPaths: [String: String] = [:]
    for asset in site.site.assets {
      assetPaths[asset.relativePath] = "assets/" + Self.hashedName(asset.relativePath, bytes: asset.bytes)
    }
    self.assetPaths = assetPaths
    builder = ContextBuilder(
      index: site.index, rendered: rendered, figures: site.figures,
      assetPaths: Dictionary(
        assetPaths.map { (ContextBuilder.assetKey($0.key), $0.value) },
        uniquingKeysWith: { first, _ in first }),
      lastUpdated: site.index.lastUpdated, templates: site.templates)
    sharedContexts = Dictionary(
      site.site.config.languages.map { [builder] in ($0.code, builder.sharedContext(for: $0)) },
      uniquingKeysWith: { first, _ in first })
    // A site gets search pages only when it has a search template. (Removed in place: filtering
    // would copy every view, a dozen strings and arrays each.)
    var views = ViewPlanner(index: site.index, rendered: rendered).views()
    if !site.templates.contains("search") { views.removeAll { $0.kind == .search } }
    self.views = views
  }

  /// Views in batches of one language (they share the per-language part of the context), 64 each:
  /// the positions of the views in `views`, which are read in place (no view is copied).
  package func batches(of views: [PageView]) -> [[Int]] {
    var batches: [[Int]] = []
    for language in site.site.config.languages {
      let ofLanguage = views.indices.filter { views[$0].language.code == language.code }
      for start in stride(from: 0, to: ofLanguage.count, by: 64) {
        batches.append(Array(ofLanguage[start..<min(start + 64, ofLanguage.count)]))
      }
    }
    return batches
  }

  /// One batch of views (positions in `views`, see `batches(of:)`) rendered: the files, and the
  /// problems found.
  package func render(_ batch: [Int], of views: [PageView]) -> (
    files: [OutputFile], diagnostics: [Diagnostic]
  ) {
    guard let first = batch.first else { return ([], []) }
    let language = views[first].language
    let shared = sharedContexts[language.code] ?? builder.sharedContext(for: language)
    var files: [OutputFile] = []
    var diagnostics: [Diagnostic] = []
    for position in batch {
      switch render(views[position], shared: shared) {
      case .success(let file): files.append(file)
      case .failure(let diagnostic): diagnostics.append(diagnostic)
      }
    }
    return (files, diagnostics)
  }

  /// One view rendered; `shared` is `builder.sharedContext(for: view.language)`.
  package func render(_ view: PageView, shared: TemplateValue) -> Result<OutputFile, Diagnostic> {
    render(
      view.template, context: builder.context(for: view), shared: shared, to: view.urlPath + "index.html")
  }

  /// A template rendered with a page's context over the language's shared one, into `path` (its links
  /// rewritten for --portable unless `portable` says otherwise). A name the context lacks is an
  /// error: Mustache would print nothing.
  func render(
    _ template: String, context: [String: TemplateValue], shared: TemplateValue, to path: String,
    portable: Bool? = nil
  ) -> Result<OutputFile, Diagnostic> {
    let templates = site.templates
    guard let (html, unresolved) = templates.render(template, frames: [shared, .object(context)]) else {
      return .failure(missingTemplate(template))
    }
    if let name = unresolved.sorted().first {
      return .failure(
        .error(
          "'\(name)' is not in the template context (used by \(template) or a template it includes)\(Suggestions.hint(for: name, in: TemplateNameCheck.topLevelNames)); Mustache would print nothing",
          at: SourceLocation(file: templates.names[template] ?? template),
          notes: ["see docs/templates.md for the names every page has"]))
    }
    let bytes = portable ?? site.site.config.portable ? Data(PortableLinks.rewrite(Array(html))) : Data(html)
    return .success(OutputFile(path: path, bytes: bytes))
  }

  func missingTemplate(_ name: String) -> Diagnostic {
    site.templates.contains(name)
      ? .error(
        "template '\(name)' includes itself (through partials or parents) more than 100 levels deep",
        at: SourceLocation(file: site.templates.names[name] ?? name))
      : .error("template '\(name)' does not exist; create Templates/\(name).mustache")
  }

  /// `style.css` → `style.1a2b3c4d.css`.
  static func hashedName(_ path: String, bytes: Data) -> String {
    let hash = String(TextKit.fnv1a(bytes).prefix(10))
    guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return path + "." + hash }
    return path[..<dot] + "." + hash + path[dot...]
  }
}

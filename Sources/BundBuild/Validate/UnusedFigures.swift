import BundCore
import BundTemplates

/// A figure that no page shows and no template names (`{{figures.KEY}}`) is a warning: it may be a
/// typo elsewhere, or data to remove.
enum UnusedFigures {
  /// `shownOnPages`: the figure keys of every rendered page (`RenderedPage.figureKeys`).
  static func warnings(site: Site, shownOnPages: [Set<String>], templates: TemplateSet) -> [Diagnostic] {
    var used = templates.names(under: "figures")
    for keys in shownOnPages { used.formUnion(keys) }
    return site.figures.filter { !used.contains($0.key) }.map {
      .warning("figure '\($0.key)' is not used on any page", at: $0.location)
    }
  }
}

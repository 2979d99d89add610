import BundCore
import BundTemplates
import Foundation

/// A figure that no page or template shows is a warning: it may be a typo elsewhere, or data to remove.
func unusedFigures(site: Site, rendered: [RenderedPage], templates: TemplateSet) -> [Diagnostic] {
  let used = rendered.reduce(into: Set<String>()) { $0.formUnion($1.figureKeys) }
  let templateText = site.templates.map { String(decoding: $0.bytes, as: UTF8.self) }.joined()
  return site.figures.filter { !used.contains($0.key) && !templateText.contains("figures.\($0.key)") }.map {
    .warning("figure '\($0.key)' is not used on any page", at: $0.location)
  }
}

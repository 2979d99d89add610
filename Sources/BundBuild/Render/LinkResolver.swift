import BundCore
import BundMarkdown
import Foundation

/// Resolves a link written in a page's Markdown: content files to their pages' URLs in the same
/// language, static files to their copies; everything else is kept.
struct LinkResolver {
  let index: SiteIndex
  let page: Page
  /// Whether a broken link's message looks for the closest page ("did you mean"): a page with
  /// thousands of broken links gets hints for the first ones only, so it never costs a search of
  /// every page per link.
  var suggests = true

  /// The resolution, and for links to pages the target page's index with the anchor to check.
  func resolve(_ destination: String) -> (LinkResolution, (Int, String)?) {
    if destination.isEmpty { return (.broken("the link has no destination; write [text](page.md)"), nil) }
    if destination.hasPrefix("#") {
      return (
        .keep, index.byLanguageAndKey[page.language]?[page.key].map { ($0, String(destination.dropFirst())) }
      )
    }
    if Self.hasScheme(destination) || destination.hasPrefix("//") || destination.hasPrefix("/") {
      return (.keep, nil)
    }
    var path = destination
    var fragment = ""
    if let hash = path.firstIndex(of: "#") {
      fragment = String(path[path.index(after: hash)...])
      path = String(path[..<hash])
    }
    if let query = path.firstIndex(of: "?") { path = String(path[..<query]) }
    let folder = page.contentPath.lastIndex(of: "/").map { String(page.contentPath[..<$0]) } ?? ""
    let decoded = path.containsBytes("%") ? (path.removingPercentEncoding ?? path) : path
    guard let target = URLPaths.normalise(folder.isEmpty ? decoded : folder + "/" + decoded) else {
      return (.broken("link '\(destination)' climbs above the content folder"), nil)
    }
    if target.hasSuffix(".md") {
      return resolvePage(String(target.dropLast(3)), fragment: fragment, destination: destination)
    }
    return resolveFile(target, fragment: fragment, destination: destination)
  }

  private func resolvePage(_ target: String, fragment: String, destination: String) -> (
    LinkResolution, (Int, String)?
  ) {
    var key = target
    var language = page.language
    if let dot = key.lastIndex(of: "."),
      index.site.config.language(String(key[key.index(after: dot)...])) != nil
    {
      language = String(key[key.index(after: dot)...])
      key = String(key[..<dot])
    }
    if key == "_index" {
      key = ""
    } else if key.hasSuffix("/_index") {
      key = String(key.dropLast("/_index".count))
    }
    let stems = key.isEmpty ? ["_index"] : [key, key + "/_index"]
    if index.byLanguageAndKey[language]?[key] == nil,
      stems.contains(where: { index.site.unloadedPages.contains("\($0).\(language)") })
    {
      return (.keep, nil)  // the target failed to load, which is reported already
    }
    let position =
      index.byLanguageAndKey[language]?[key]
      ?? index.site.config.languages.lazy.compactMap { index.byLanguageAndKey[$0.code]?[key] }.first
    guard let position else {
      let wanted = key.isEmpty ? "_index" : key
      return (
        .broken(
          "link '\(destination)' leads to no page (looked for \(wanted).\(page.language).md)\(suggests ? Suggestions.hint(for: key, in: index.keys) : "")"
        ), nil
      )
    }
    let targetPage = index.site.pages[position]
    var url = URLPaths.relative(from: page.urlPath, to: targetPage.urlPath)
    if !fragment.isEmpty { url += "#" + fragment }
    return (.replace(url), (position, fragment))
  }

  private func resolveFile(_ target: String, fragment: String, destination: String) -> (
    LinkResolution, (Int, String)?
  ) {
    let staticPath = target.hasPrefix("static/") ? String(target.dropFirst("static/".count)) : target
    guard index.site.staticFiles.contains(where: { $0.relativePath == staticPath }) else {
      return (
        .broken(
          "link '\(destination)' leads to no page or file; link pages as NAME.md and put files in Content/static/"
        ), nil
      )
    }
    var url = URLPaths.relative(from: page.urlPath, to: staticPath)
    if !fragment.isEmpty { url += "#" + fragment }
    return (.replace(url), nil)
  }

  /// `https:`, `mailto:`…: ASCII letters, digits, `+`, `-` and `.` before the first `:` (by bytes).
  static func hasScheme(_ destination: String) -> Bool {
    var length = 0
    for byte in destination.utf8 {
      if byte == UInt8(ascii: ":") { return length > 0 }
      let allowed =
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
        || byte == 0x2B || byte == 0x2D || byte == 0x2E
      guard allowed else { return false }
      length += 1
    }
    return false
  }
}

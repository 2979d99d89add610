import BundCore
import BundMarkdown
import Foundation

/// Resolves a link written in a page's Markdown, in the forms editors bring from other generators:
/// a content file (`plan.md`, `../industries/_index.zh.md`) becomes its page's URL in the same
/// language; a page URL relative to the page's own URL (`../plan/`, `../../news/x/index.html`) or
/// to the site's root (`/zh/briefings/x/`) is checked against the pages and files the build makes;
/// a file beside the content (`static/report.pdf`) becomes its copy's URL. Every internal link is
/// written relative, so the site works under any path; `?query` and `#fragment` are kept.
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
    if URLRules.scheme(of: destination) != nil || destination.hasPrefix("//") { return (.keep, nil) }
    var path = destination
    var fragment = ""
    var query = ""
    // By bytes: `#` and `?` are ASCII, and a Character search costs far more (every link of every page).
    if let hash = path.utf8.firstIndex(of: UInt8(ascii: "#")) {
      // After the `#` by bytes too: a Character step would swallow a combining mark that follows it.
      fragment = String(decoding: path.utf8[path.utf8.index(after: hash)...], as: UTF8.self)
      path = String(path[..<hash])
    }
    if let mark = path.utf8.firstIndex(of: UInt8(ascii: "?")) {
      query = String(path[mark...])
      path = String(path[..<mark])
    }
    let decoded = path.containsBytes("%") ? (path.removingPercentEncoding ?? path) : path
    let link = Link(written: destination, query: query, fragment: fragment)
    if decoded.hasPrefix("/") {
      guard let target = URLPaths.normalise(decoded) else {
        return (.broken("link '\(destination)' climbs above the site's root"), nil)
      }
      return resolveURL(target, trailingSlash: decoded.hasSuffix("/"), link: link)
    }
    let folder =
      page.contentPath.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(page.contentPath[..<$0]) } ?? ""
    let contentTarget = URLPaths.normalise(folder.isEmpty ? decoded : folder + "/" + decoded)
    if let contentTarget, contentTarget.hasSuffix(".md") {
      return resolvePage(String(contentTarget.dropLast(3)), link: link)
    }
    if decoded.hasSuffix(".md") {
      return (.broken("link '\(destination)' climbs above the content folder"), nil)
    }
    // A file beside the content: `static/x.pdf`, or a path relative to the page's folder.
    if let contentTarget {
      let staticPath = contentTarget.hasPrefix("static/") ? String(contentTarget.dropFirst(7)) : contentTarget
      if index.staticPaths.contains(staticPath) { return (.replace(url(to: staticPath, link)), nil) }
    }
    // A URL relative to the page's own URL, as a browser reads it.
    guard let target = URLPaths.normalise(page.urlPath + decoded) else {
      return (.broken("link '\(destination)' climbs above the site's root"), nil)
    }
    return resolveURL(target, trailingSlash: decoded.hasSuffix("/") || decoded.isEmpty, link: link)
  }

  /// How a link was written: kept for messages, and its query and fragment for the new URL.
  private struct Link {
    var written: String
    var query: String
    var fragment: String
  }

  /// The static file a link written in this page leads to (by the file's path or its URL), or nil.
  func staticFile(_ destination: String) -> String? {
    if URLRules.scheme(of: destination) != nil || destination.hasPrefix("//") || destination.hasPrefix("#") {
      return nil
    }
    var path = destination
    if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<cut]) }
    let decoded = path.containsBytes("%") ? (path.removingPercentEncoding ?? path) : path
    if decoded.hasPrefix("/") {
      return URLPaths.normalise(decoded).flatMap { index.staticPaths.contains($0) ? $0 : nil }
    }
    let folder = page.contentPath.lastIndex(of: "/").map { String(page.contentPath[..<$0]) } ?? ""
    if let target = URLPaths.normalise(folder.isEmpty ? decoded : folder + "/" + decoded) {
      let staticPath = target.hasPrefix("static/") ? String(target.dropFirst(7)) : target
      if index.staticPaths.contains(staticPath) { return staticPath }
    }
    return URLPaths.normalise(page.urlPath + decoded).flatMap { index.staticPaths.contains($0) ? $0 : nil }
  }

  /// The relative URL from this page to an output path, encoded, with the link's query and fragment.
  private func url(to outputPath: String, _ link: Link) -> String {
    var url = URLPaths.hrefEncoded(URLPaths.relative(from: page.urlPath, to: outputPath)) + link.query
    if !link.fragment.isEmpty { url += "#" + link.fragment }
    return url
  }

  /// A link written as a URL path below the site's root (`en/notes/plan`, `en/notes/plan/index.html`,
  /// `files/report.pdf`): a page, a static file or a file the engine makes.
  private func resolveURL(_ target: String, trailingSlash: Bool, link: Link) -> (
    LinkResolution, (Int, String)?
  ) {
    var folder = target
    if folder == "index.html" {
      folder = ""
    } else if folder.hasSuffix("/index.html") {
      folder = String(folder.dropLast("index.html".count))
    } else if !folder.isEmpty {
      folder += "/"
    }
    if let position = index.byURLPath[folder] {
      let anchor = link.fragment.isEmpty ? nil : (position, link.fragment)
      return (.replace(url(to: folder, link)), anchor)
    }
    if !trailingSlash, index.staticPaths.contains(target) || index.generatedPaths.contains(target) {
      return (.replace(url(to: target, link)), nil)
    }
    if index.generatedPaths.contains(folder) { return (.replace(url(to: folder, link)), nil) }
    // The closest page, offered as the text to write in the link's own form (a URL).
    var segments = folder.split(separator: "/").map(String.init)
    var language = page.language
    if let first = segments.first, index.site.config.language(first) != nil {
      language = first
      segments.removeFirst()
    }
    var hint = ""
    // A file of that name elsewhere in Content/static/ (an image under the wrong folder).
    let fileName = target.split(separator: "/").last.map(String.init) ?? target
    if suggests, !trailingSlash, fileName.contains("."),
      let file = index.staticPaths.sorted().first(where: { $0 == fileName || $0.hasSuffix("/" + fileName) })
    {
      hint = " (did you mean '\(URLPaths.hrefEncoded(relativeToFile("static/" + file)))'?)"
    } else if suggests, !segments.isEmpty,
      let key = Suggestions.closest(to: segments.joined(separator: "/"), in: index.keys),
      let position = index.byLanguageAndKey[language]?[key] ?? index.byLanguageAndKey[page.language]?[key]
    {
      hint =
        " (did you mean '\(URLPaths.relative(from: page.urlPath, to: index.site.pages[position].urlPath))'?)"
    }
    return (
      .broken(
        "link '\(link.written)' leads to no page or file: no page has the URL /\(folder) and there is no file Content/static/\(target)\(hint); link pages as NAME.md or by their URL, and put files in Content/static/"
      ), nil
    )
  }

  private func resolvePage(_ target: String, link: Link) -> (LinkResolution, (Int, String)?) {
    var key = target
    var language = page.language
    if let dot = key.utf8.lastIndex(of: UInt8(ascii: ".")),
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
    let found = index.byLanguageAndKey[language]?[key]
    if found == nil, let scheduled = index.site.scheduledPages[key + "." + language] {
      return (
        .broken(
          "link '\(link.written)' leads to a page scheduled for \(scheduled.date.iso) (its publish_at or date), which is not published yet; remove the link until then, or build with --future"
        ), nil
      )
    }
    let stems = key.isEmpty ? ["_index"] : [key, key + "/_index"]
    if found == nil, stems.contains(where: { index.site.unloadedPages.contains("\($0).\(language)") }) {
      return (.keep, nil)  // the target failed to load, which is reported already
    }
    let position =
      found ?? index.site.config.languages.lazy.compactMap { index.byLanguageAndKey[$0.code]?[key] }.first
    guard let position else {
      let wanted = key.isEmpty ? "_index" : key
      return (
        .broken(
          "link '\(link.written)' leads to no page (looked for \(wanted).\(page.language).md)\(suggests ? contentHint(for: key) : "")"
        ), nil
      )
    }
    let targetPage = index.site.pages[position]
    return (.replace(url(to: targetPage.urlPath, link)), (position, link.fragment))
  }

  /// " (did you mean 'project-delivery.md'?)": the closest page, as the text to write in this
  /// page's file (relative to its folder), or "".
  private func contentHint(for key: String) -> String {
    // The whole key, else the file name alone (`abut.md` written in notes/ for the top-level about).
    let name = key.split(separator: "/").last.map(String.init) ?? key
    let byName = Dictionary(
      index.keys.sorted().map { ($0.split(separator: "/").last.map(String.init) ?? $0, $0) },
      uniquingKeysWith: { first, _ in first })
    guard
      let closest = Suggestions.closest(to: key, in: index.keys)
        ?? Suggestions.closest(to: name, in: byName.keys).flatMap({ byName[$0] }),
      let position = index.byLanguageAndKey[page.language]?[closest]
        ?? index.site.config.languages.lazy.compactMap({ index.byLanguageAndKey[$0.code]?[closest] }).first
    else { return "" }
    let target = index.site.pages[position]
    let file =
      target.kind == .page ? closest + ".md" : (closest.isEmpty ? "_index.md" : closest + "/_index.md")
    return " (did you mean '\(relativeToFile(file))'?)"
  }

  /// A path below Content/ as this page's file would link it: relative to the page's folder.
  private func relativeToFile(_ path: String) -> String {
    let folder = page.contentPath.split(separator: "/").dropLast()
    let parts = path.split(separator: "/")
    var shared = 0
    while shared < folder.count, shared < parts.count - 1, folder[shared] == parts[shared] { shared += 1 }
    let up = Array(repeating: "..", count: folder.count - shared)
    return (up + parts.dropFirst(shared).map(String.init)).joined(separator: "/")
  }

}

import BundCore
import BundLoading
import Foundation

/// Redirect pages at a page's old URLs (`aliases: ["/en/old-name/"]` in front matter), so a renamed
/// page keeps every link and bookmark that pointed at it: a meta refresh and a canonical link to
/// the page, never indexed. Aliases are URL paths from the site's root, as links are.
struct AliasPages {
  let index: SiteIndex

  /// Why an alias cannot be one.
  struct Problem: Error {
    var message: String
    init(_ message: String) { self.message = message }
  }

  /// The output path (`en/old-name/index.html`, `en/old.html`) of an alias, or why it cannot be one.
  static func outputPath(_ alias: String) -> Result<String, Problem> {
    guard alias.hasPrefix("/") else {
      return .failure(Problem("an alias is an old URL path from the site's root, such as /en/old-name/"))
    }
    let decoded = alias.removingPercentEncoding ?? alias
    guard let path = URLPaths.normalise(decoded), !path.isEmpty else {
      return .failure(
        Problem("an alias must name a page's old address below the site's root, not the root itself"))
    }
    let segments = path.split(separator: "/").map(String.init)
    guard segments.allSatisfy(SiteLoader.isSafeSegment) else {
      return .failure(
        Problem(
          "an alias's folders and file may hold ASCII letters, digits, '-', '_', '.' and Chinese characters only"
        ))
    }
    if decoded.hasSuffix("/") || !(segments.last ?? "").contains(".") {
      return .success(path + "/index.html")
    }
    guard path.hasSuffix(".html") || path.hasSuffix(".htm") else {
      return .failure(
        Problem(
          "an alias is a folder (/en/old/) or an .html file; a redirect cannot be served as another type"))
    }
    return .success(path)
  }

  /// Every alias with its page, the output path and where it was written; problems for the others.
  func aliases() -> ([(page: Page, alias: String, path: String)], [Diagnostic]) {
    var found: [(Page, String, String)] = []
    var diagnostics: [Diagnostic] = []
    var taken: [String: String] = [:]
    for page in index.site.pages { taken[page.urlPath + "index.html"] = page.sourcePath }
    for path in index.staticPaths { taken[path] = "Content/static/" + path }
    for path in index.generatedPaths {
      taken[path.hasSuffix("/") || path.isEmpty ? path + "index.html" : path] = "bund"
    }
    for page in index.site.pages where !page.frontMatter.aliases.isEmpty {
      let location = page.frontMatter.locations["aliases"] ?? SourceLocation(file: page.sourcePath)
      for alias in page.frontMatter.aliases {
        switch Self.outputPath(alias) {
        case .failure(let problem):
          diagnostics.append(.error("alias '\(alias)': \(problem.message)", at: location))
        case .success(let path):
          if let owner = taken[path] {
            let what = owner == "bund" ? "a file bund makes" : owner
            diagnostics.append(
              .error(
                "alias '\(alias)' is the address of \(what); an alias must be an old URL that nothing else uses",
                at: location))
            continue
          }
          taken[path] = page.sourcePath
          found.append((page, alias, path))
        }
      }
    }
    return (found, diagnostics)
  }

  /// The redirect pages.
  func files() -> [OutputFile] {
    aliases().0.map { page, _, path in
      // The folder the redirect is served from: links in it are relative to that folder.
      let folder = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
      var relative = URLPaths.hrefEncoded(URLPaths.relative(from: folder, to: page.urlPath))
      if index.site.config.portable { relative += "index.html" }
      let absolute = URLPaths.absolute(index.site.config.baseURL, page.urlPath)
      let tag = index.site.config.language(page.language)?.tag ?? page.language
      let title = TextKit.escapeHTML(page.frontMatter.title)
      let html = """
        <!doctype html>
        <html lang="\(tag)">
        <head>
        <meta charset="utf-8">
        <title>\(title)</title>
        <link rel="canonical" href="\(TextKit.escapeHTML(absolute))">
        <meta name="robots" content="noindex">
        <meta http-equiv="refresh" content="0; url=\(TextKit.escapeHTML(relative))">
        </head>
        <body><p><a href="\(TextKit.escapeHTML(relative))">\(title)</a></p></body>
        </html>

        """
      return OutputFile(path: path, text: html)
    }
  }
}

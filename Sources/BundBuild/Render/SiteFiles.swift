import BundCore
import Foundation

/// The files besides the views' HTML: assets, static files, the language chooser, the 404 page,
/// alias redirects, the sitemap and feeds, robots.txt and the figures' open data.
extension PagePlan {
  /// The sitemap and a feed per language. They show titles, dates, summaries and addresses, not the
  /// pages' text.
  package func listings() -> [OutputFile] {
    let index = site.index
    let feeds = FeedWriter(index: index, rendered: rendered, views: views)
    var files = [OutputFile(path: "sitemap.xml", text: feeds.sitemap())]
    for language in index.site.config.languages where index.pagesByLanguage[language.code] != nil {
      files.append(OutputFile(path: "\(language.code)/feed.xml", text: feeds.atom(for: language)))
    }
    return files
  }

  /// Assets, static files, special pages, robots.txt and figure data, with the problems found.
  package func siteFiles() -> (files: [OutputFile], diagnostics: [Diagnostic]) {
    let site = self.site.site
    var files: [OutputFile] = []
    for asset in site.assets {
      files.append(OutputFile(path: assetPaths[asset.relativePath] ?? asset.relativePath, bytes: asset.bytes))
    }
    for file in site.staticFiles {
      files.append(
        file.diskPath.map { OutputFile(path: file.relativePath, copyingFrom: $0) }
          ?? OutputFile(path: file.relativePath, bytes: file.bytes))
    }
    let (special, diagnostics) = specialPages()
    files += special
    files.append(
      OutputFile(
        path: "robots.txt", text: "User-agent: *\nAllow: /\n\nSitemap: \(site.config.baseURL)sitemap.xml\n"))
    if !site.figures.isEmpty {
      let data = FigureData(site: site, figures: self.site.figures)
      files.append(OutputFile(path: "data/figures.json", text: data.json()))
      files.append(OutputFile(path: "data/figures.csv", bytes: data.csv()))
    }
    return (files, diagnostics)
  }

  /// `index.html` (the language chooser), `404.html` and the redirect pages of aliases.
  func specialPages() -> ([OutputFile], [Diagnostic]) {
    let index = site.index
    let site = index.site
    guard let language = site.config.language(site.config.defaultLanguage) else { return ([], []) }
    var versions: [String: String] = [:]
    for other in site.config.languages where index.page("", in: other.code) != nil {
      versions[other.code] = "\(other.code)/"
    }
    func view(template: String) -> PageView {
      PageView.generated(
        .home, urlPath: "", language: language, template: template, key: "", title: language.title,
        summary: language.description, versions: versions, defaultVersion: "", breadcrumbs: [])
    }
    var files: [OutputFile] = []
    var diagnostics: [Diagnostic] = []
    let shared = builder.sharedContext(for: language)
    let chooser = builder.context(for: view(template: "chooser"))
    var notFound = builder.context(for: view(template: "404"), root: site.config.basePath)
    // Served at any path and never indexed: no canonical URL and no alternates; and never rewritten
    // for --portable (it is served by a web server, for any missing path).
    notFound["canonical"] = ""
    notFound["alternates"] = []
    notFound["noindex"] = true
    for result in [
      render("chooser", context: chooser, shared: shared, to: "index.html"),
      render("404", context: notFound, shared: shared, to: "404.html", portable: false),
    ] {
      switch result {
      case .success(let file): files.append(file)
      case .failure(let diagnostic): diagnostics.append(diagnostic)
      }
    }
    files += AliasPages(index: index).files()
    return (files, diagnostics)
  }
}

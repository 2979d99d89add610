import BundCore
import BundSearch

/// The search indexes: for every language with a search page, its pages' text (home, sections,
/// pages; not tag lists) and the glossary entries, tokenized on all cores and written as the chunked
/// index `search.js` reads (see `ChunkedIndex` in BundSearch). Pure: views and rendered text in,
/// files and sizes out. It needs no HTML; the budget line, which compares an index with the pages'
/// bytes, is made once both are known (`SearchFiles.summaries(pageBytes:)`).
struct SearchStage: Sendable {
  let index: SiteIndex
  let rendered: [RenderedPage]
  /// Every view of the build; only languages with a `.search` view get an index.
  let views: [PageView]

  func run() async -> (files: [OutputFile], stats: [(language: String, stats: SearchStats)]) {
    let searches = views.indices.filter { views[$0].kind == .search }.map { views[$0] }
    return await withTaskGroup(of: (Int, [OutputFile], SearchStats).self) { group in
      for (position, search) in searches.enumerated() {
        let documents = documents(for: search)
        group.addTask {
          let (files, stats) = await SearchIndexer.files(
            for: documents, in: search.urlPath, rules: search.language.rules)
          return (position, files, stats)
        }
      }
      var results: [(Int, [OutputFile], SearchStats)] = []
      for await result in group { results.append(result) }
      results.sort { $0.0 < $1.0 }
      return (
        results.flatMap(\.1), results.map { (searches[$0.0].language.code, $0.2) }
      )
    }
  }

  /// The documents of the language of `search`, with URLs relative to it.
  func documents(for search: PageView) -> [SearchDocument] {
    let site = index.site
    let code = search.language.code
    var documents: [SearchDocument] = []
    // By position, reading the fields in place: a view holds many strings, and copying each of
    // the build's views to look at its language and kind costs more than the documents.
    for viewIndex in views.indices {
      let kind = views[viewIndex].kind
      guard kind == .home || kind == .section || kind == .page, views[viewIndex].language.code == code,
        !Pagination.isLater(views[viewIndex]),
        let position = index.byLanguageAndKey[code]?[views[viewIndex].key]
      else { continue }
      let section =
        kind == .page ? (index.page(views[viewIndex].section, in: code)?.frontMatter.title ?? "") : ""
      documents.append(
        SearchDocument(
          url: URLPaths.relative(from: search.urlPath, to: views[viewIndex].urlPath),
          title: views[viewIndex].title,
          headings: views[viewIndex].headings.map(\.text), text: rendered[position].markdown.plainText,
          section: section,
          kind: kind == .home ? .home : kind == .section ? .section : .page))
    }
    if let table = site.data["glossary"],
      let glossary = (index.pagesByLanguage[code] ?? []).map({ site.pages[$0] }).first(where: {
        $0.frontMatter.template == "glossary"
      })
    {
      documents += GlossarySearch.documents(
        from: table, language: code, pageURL: URLPaths.relative(from: search.urlPath, to: glossary.urlPath),
        section: glossary.frontMatter.title)
    }
    return documents
  }
}

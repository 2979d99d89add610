import BundCore
import BundMarkdown

/// One HTML page to produce: a content page, or a generated list (tag pages, the tag index).
package struct PageView: Sendable {
  package enum Kind: String, Sendable, CaseIterable {
    case home, section, page, tag, tags, search
  }

  package var kind: Kind
  package var urlPath: String
  package var language: Language
  package var template: String
  package var key: String
  package var title: String
  package var shortTitle: String
  package var summary: String
  package var contentHTML: String
  package var section: String
  package var date: SimpleDate?
  package var updated: SimpleDate?
  package var headings: [Heading]
  package var wordCount: Int
  package var tags: [String]
  /// Indexes of the pages this page lists.
  package var listed: [Int]
  /// Language code → URL path of each language version that exists (this one included).
  package var versions: [String: String]
  /// Language code → URL path used for x-default (nil: the default language's version).
  package var defaultVersion: String?
  /// A translation whose source changed since it was marked translated.
  package var translationStale: Bool = false
  /// Title and URL path from the home page down to the parent.
  package var breadcrumbs: [(String, String)]
  /// Which page of a long list this is (`paginate:` in site.yaml), nil when the list is whole.
  package var pagination: Pagination?
}

extension PageView {
  /// A page the site makes itself (the tag index, a tag's list, search, the chooser, 404): no
  /// Markdown, dates or headings of its own.
  static func generated(
    _ kind: Kind, urlPath: String, language: Language, template: String, key: String, title: String,
    summary: String = "", section: String = "", listed: [Int] = [], versions: [String: String],
    defaultVersion: String? = nil, breadcrumbs: [(String, String)]
  ) -> PageView {
    PageView(
      kind: kind, urlPath: urlPath, language: language, template: template, key: key, title: title,
      shortTitle: title, summary: summary, contentHTML: "", section: section, date: nil, updated: nil,
      headings: [], wordCount: 0, tags: [], listed: listed, versions: versions,
      defaultVersion: defaultVersion,
      breadcrumbs: breadcrumbs)
  }
}

/// A section's or tag's list split over several pages: page 1 at the list's own URL, page N at
/// `page/N/` below it.
package struct Pagination: Sendable, Hashable {
  package var number: Int
  package var total: Int
  /// The URL path of page 1.
  package var first: String

  func urlPath(of number: Int) -> String { number == 1 ? first : first + "page/\(number)/" }

  /// The views of a list view, one per page of `size` items (the view itself when it fits).
  static func split(_ view: PageView, size: Int) -> [PageView] {
    guard size > 0, view.listed.count > size else { return [view] }
    let total = (view.listed.count + size - 1) / size
    return (1...total).map { number in
      var page = view
      page.listed = Array(view.listed[((number - 1) * size)..<min(number * size, view.listed.count)])
      page.pagination = Pagination(number: number, total: total, first: view.urlPath)
      page.urlPath = page.pagination?.urlPath(of: number) ?? view.urlPath
      return page
    }
  }

  /// Whether this view is a later page of a list (page 2 on): no search document, no sitemap entry.
  package static func isLater(_ view: PageView) -> Bool { (view.pagination?.number ?? 1) > 1 }
}

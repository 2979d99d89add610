import BundCore
import BundMarkdown

/// One HTML page to produce: a content page, or a generated list (tag pages, the tag index).
struct PageView: Sendable {
  enum Kind: String, Sendable, CaseIterable {
    case home, section, page, tag, tags, search
  }

  var kind: Kind
  var urlPath: String
  var language: Language
  var template: String
  var key: String
  var title: String
  var shortTitle: String
  var summary: String
  var contentHTML: String
  var section: String
  var date: SimpleDate?
  var updated: SimpleDate?
  var headings: [Heading]
  var wordCount: Int
  var tags: [String]
  /// Indexes of the pages this page lists.
  var listed: [Int]
  /// Language code → URL path of each language version that exists (this one included).
  var versions: [String: String]
  /// Language code → URL path used for x-default (nil: the default language's version).
  var defaultVersion: String?
  /// A translation whose source changed since it was marked translated.
  var translationStale: Bool = false
  /// Title and URL path from the home page down to the parent.
  var breadcrumbs: [(String, String)]
  /// A hash of `contentHTML` made when the Markdown was rendered for the serve cache, or 0.
  var contentHash = 0
  /// Which page of a long list this is (`paginate:` in site.yaml), nil when the list is whole.
  var pagination: Pagination?
}

/// A section's or tag's list split over several pages: page 1 at the list's own URL, page N at
/// `page/N/` below it.
struct Pagination: Sendable, Hashable {
  var number: Int
  var total: Int
  /// The URL path of page 1.
  var first: String

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
  static func isLater(_ view: PageView) -> Bool { (view.pagination?.number ?? 1) > 1 }
}

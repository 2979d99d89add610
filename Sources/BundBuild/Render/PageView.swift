import BundCore
import BundMarkdown

/// One HTML page to produce: a content page, or a generated list (tag pages, the tag index).
struct PageView: Sendable {
  enum Kind: String, Sendable {
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
}

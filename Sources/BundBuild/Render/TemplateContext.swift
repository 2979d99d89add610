import BundCore

/// The names templates can read, with the kind of each value: what `ContextBuilder` makes, what
/// `TemplateNameCheck` checks tags against and what docs/templates.md lists (tests hold the three
/// together).
enum TemplateContext {
  /// What a value is. Absent values are `false`, never missing, so strict rendering can test them.
  enum Kind: Sendable, Equatable {
    case text, flag, number, list, object
    /// A string, or `false` when there is none (`page.date` of an undated page).
    case textOrFalse
    /// An object, or `false` when there is none (`page.pagination` of a list on one page).
    case objectOrFalse
  }

  /// The language's frame, the same on every page of a language (`ContextBuilder.sharedContext`).
  static let shared: [String: Kind] = [
    "site": .object, "lang": .object, "t": .object, "i18n": .object, "figures": .object,
    "figure_list": .list, "data": .object, "noindex": .flag, "last_updated": .textOrFalse,
    "last_updated_display": .text,
  ]

  /// The page's own frame, rendered over the shared one (`ContextBuilder.context(for:)`).
  static let page: [String: Kind] = [
    "root": .text, "home_url": .text, "feed_url": .text, "search_url": .text, "canonical": .text,
    "alternates": .list, "languages": .list, "nav": .list, "breadcrumbs": .list, "has_breadcrumbs": .flag,
    "assets": .object, "page": .object, "tags": .list, "latest": .list,
  ]

  /// Every top-level name.
  static var topLevelNames: Set<String> { Set(shared.keys).union(page.keys) }

  /// `site.KEY`.
  static let siteKeys: [String: Kind] = [
    "title": .text, "description": .text, "base_url": .text, "publisher": .text, "contact": .textOrFalse,
  ]

  /// `lang.KEY`, besides `lang.is_CODE`, which is true for the page's language and missing for the others.
  static let langKeys: [String: Kind] = ["code": .text, "tag": .text, "name": .text, "og_locale": .text]

  /// `page.KEY` that every page has.
  static let pageKeys: [String: Kind] = [
    "title": .text, "short_title": .text, "summary": .text, "content": .text, "kind": .text, "key": .text,
    "section": .text, "toc": .list, "has_toc": .flag, "pagination": .objectOrFalse, "word_count": .number,
    "reading_minutes": .number, "tags": .list, "has_tags": .flag, "pages": .list, "has_pages": .flag,
    "translation_missing": .flag, "translation_stale": .flag, "url": .text, "permalink": .text,
    "date": .textOrFalse, "date_display": .text, "date_time_display": .text, "updated": .textOrFalse,
    "updated_display": .text, "updated_time_display": .text,
  ]

  /// `page.is_KIND`: true on a page of that kind, missing on the others.
  static func kindFlag(_ kind: PageView.Kind) -> String { "is_\(kind.rawValue)" }

  /// Every name a template may write after `page.`: the keys of every page and each kind's flag.
  static var pageNames: Set<String> { Set(pageKeys.keys).union(PageView.Kind.allCases.map(kindFlag)) }

  /// Every name a template may write after `lang.`.
  static func langNames(_ languages: [Language]) -> Set<String> {
    Set(langKeys.keys).union(languages.map { "is_\($0.code)" })
  }
}

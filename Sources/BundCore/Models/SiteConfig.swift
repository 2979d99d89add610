/// One entry of the navigation: a page of the site by its key, or a link to another site.
public enum MenuEntry: Sendable, Hashable {
  case page(String)
  case link(title: LocalizedText, url: String)
}

/// Settings from `Content/site.yaml`.
public struct SiteConfig: Sendable, Hashable {
  /// Absolute base URL, always ending in `/`.
  public var baseURL: String
  public var defaultLanguage: String
  public var languages: [Language]
  /// The navigation, in order: page keys and links to other sites.
  public var menu: [MenuEntry]
  /// Let raw HTML and unsafe links through Markdown (off by default).
  public var allowRawHTML: Bool
  /// Number of pages listed as "latest" on home pages.
  public var latestCount: Int
  /// Pages listed on one section or tag page before the list continues on `page/2/` (0: all on one).
  public var paginate: Int = 0
  /// Links to folders end in `index.html`, so the output works opened from disk (`--portable`).
  public var portable = false
  /// Who publishes the site, by language code (`publisher:` in site.yaml).
  public var publisher: [String: String]
  /// The address readers write to for corrections; nil while site.yaml has none or a placeholder.
  public var contact: String?

  public init(
    baseURL: String, defaultLanguage: String, languages: [Language], menu: [MenuEntry] = [],
    allowRawHTML: Bool = false, latestCount: Int = 5, publisher: [String: String] = [:],
    contact: String? = nil
  ) {
    self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
    self.defaultLanguage = defaultLanguage
    self.languages = languages
    self.menu = menu
    self.allowRawHTML = allowRawHTML
    self.latestCount = latestCount
    self.publisher = publisher
    self.contact = contact
  }

  public func language(_ code: String) -> Language? {
    languages.first { $0.code == code }
  }

  /// The path part of the base URL (`/` for `https://example.org/`, `/docs/` for a sub-folder).
  public var basePath: String {
    guard let schemeEnd = baseURL.range(of: "://") else { return "/" }
    let rest = baseURL[schemeEnd.upperBound...]
    guard let slash = rest.firstIndex(of: "/") else { return "/" }
    return String(rest[slash...])
  }
}

import BundCore
import BundLoading
import BundTemplates

/// What one build made, kept by `bund serve` so the next build redoes only what an edit touches:
/// pages whose files did not change are not parsed again, Markdown whose page and site structure did
/// not change is not rendered again, and HTML whose inputs did not change is not rendered again.
/// Fingerprints use Swift's `Hasher`, seeded per process: a cache never outlives its process.
public struct BuildCache: Sendable {
  var pages = SiteLoader.PageCache()
  var markdown: [String: CachedMarkdown] = [:]
  var views: [String: CachedView] = [:]
  var listings: CachedListings?
  /// What the last successful build rendered with, for serve's fast path (`Builder.renderEdit`).
  var lastGood: LastGoodBuild?

  public init() {}

  /// The last successful build's pieces: enough to render one page again without the rest.
  struct LastGoodBuild: Sendable {
    var index: SiteIndex
    var rendered: [RenderedPage]
    var figures: FigureRenderer
    var handTyped: HandTypedFigures
    var builder: ContextBuilder
    var templates: TemplateSet
    /// Each content page's view, by content path (`briefings/x.en.md`).
    var views: [String: PageView]
    /// Each content page's position in `index.site.pages`, by content path.
    var positions: [String: Int]
  }

  /// The sitemap and feeds, with the fingerprint of what they show.
  struct CachedListings: Sendable {
    var key: Int
    var files: [OutputFile]
  }

  struct CachedMarkdown: Sendable {
    var fingerprint: Int
    /// The site structure it was rendered against (`SiteIndex.markdownStructureFingerprint`).
    var structure: Int
    var rendered: RenderedPage
    var diagnostics: [Diagnostic]
  }

  struct CachedView: Sendable {
    var fingerprint: Int
    var file: OutputFile
  }
}

/// Counts of what a build reused from the one before.
public struct ReuseCounts: Sendable, Hashable {
  public var pagesParsed = 0
  public var pagesReused = 0
  public var markdownRendered = 0
  public var markdownReused = 0
  public var viewsRendered = 0
  public var viewsReused = 0
}

extension SiteIndex {
  /// Everything a page's Markdown rendering reads besides the page itself: which pages exist where,
  /// static files, figures, sources, UI strings and settings.
  var markdownStructureFingerprint: Int {
    var hasher = Hasher()
    hasher.combine(site.config)
    hasher.combine(templateIDs)
    for page in site.pages {
      hasher.combine(page.key)
      hasher.combine(page.language)
      hasher.combine(page.urlPath)
      hasher.combine(page.contentPath)
    }
    hasher.combine(site.staticFiles.map(\.relativePath))
    hasher.combine(site.figures)
    hasher.combine(site.sources)
    hasher.combine(site.strings)
    hasher.combine(site.unloadedPages)
    return hasher.finalize()
  }
}

extension BuildCache {
  /// The base URL of the last successful build (`base_url` in site.yaml, or the option that replaced
  /// it), so serve can answer under its path.
  public var lastGoodBaseURL: String? { lastGood?.index.site.config.baseURL }
}

import BundCore
import BundMarkdown
import Foundation

/// A page after its Markdown is rendered.
struct RenderedPage: Sendable {
  var pageIndex: Int
  var markdown: RenderedMarkdown
  var summary: String
  var wordCount: Int
  /// Links to other pages with an anchor, checked once every page is rendered.
  var anchorChecks: [AnchorCheck]
  var figureKeys: Set<String>
  /// A hash of the HTML, made only for the serve cache (0 otherwise): views compare it instead of
  /// hashing the HTML again on every rebuild.
  var contentHash = 0
}

/// A `page.md#anchor` link whose anchor must exist in the target page.
struct AnchorCheck: Sendable {
  var targetIndex: Int
  var anchor: String
  var location: SourceLocation
}

/// Renders every page's Markdown in parallel and checks links, anchors and figure references.
struct MarkdownStage: Sendable {
  let index: SiteIndex
  let figures: FigureRenderer
  /// The hand-typed figure lint, run with each page's Markdown so serve mode caches it with the page.
  let handTyped: HandTypedFigures
  /// Words before `{{fig KEY}}` that repeat its qualifier (`突破{{fig x}}`).
  let qualifierEcho: QualifierEcho
  var progress: (@Sendable (String, Int, Int) -> Void)?
  /// Markdown of the previous build (serve mode), reused where the page and the structure are unchanged.
  var previous: [String: BuildCache.CachedMarkdown] = [:]
  /// Whether to return a cache for the next build (serve mode); a one-off build skips the hashing.
  var keepCache = false
  /// Content paths of the pages the loader read again for this build (serve mode): any other page
  /// is the same value as last time, so its cached Markdown is reused without hashing it again.
  var reparsed: Set<String>?

  /// What a page's Markdown depends on besides the site's structure: the page, its body by bytes
  /// (hashing a String normalizes it first, which costs as much as rendering it).
  static func fingerprint(_ page: Page, structure: Int) -> Int {
    var hasher = Hasher()
    hasher.combine(structure)
    page.hashWithoutBody(into: &hasher)
    hasher.combineText(page.body)
    return hasher.finalize()
  }

  /// The pages' Markdown, problems, the cache for the next build and how many pages were rendered
  /// (the others came from the cache).
  func run() async -> ([RenderedPage], [Diagnostic], [String: BuildCache.CachedMarkdown], Int) {
    let pages = index.site.pages
    var results: [RenderedPage] = []
    results.reserveCapacity(pages.count)
    var diagnostics: [Diagnostic] = []
    var cache: [String: BuildCache.CachedMarkdown] = [:]
    let structure = keepCache || !previous.isEmpty ? index.markdownStructureFingerprint : 0
    var toRender: [Int] = []
    for (position, page) in pages.enumerated() {
      if !previous.isEmpty, let cached = previous[page.contentPath], cached.structure == structure,
        reparsed.map({ !$0.contains(page.contentPath) }) ?? false
          || cached.fingerprint == Self.fingerprint(page, structure: structure)
      {
        var rendered = cached.rendered
        rendered.pageIndex = position
        results.append(rendered)
        diagnostics += cached.diagnostics
        cache[page.contentPath] = cached
      } else {
        toRender.append(position)
      }
    }
    let structureForCache = structure
    await withTaskGroup(of: (RenderedPage, [Diagnostic]).self) { group in
      let workers = max(1, min(ProcessInfoCores.count, toRender.count))
      var next = 0
      for _ in 0..<workers where next < toRender.count {
        let position = toRender[next]
        group.addTask { render(pageAt: position) }
        next += 1
      }
      for await (rendered, problems) in group {
        var page = rendered
        if keepCache {
          var hasher = Hasher()
          hasher.combineText(page.markdown.html)
          page.contentHash = hasher.finalize()
          cache[pages[page.pageIndex].contentPath] = BuildCache.CachedMarkdown(
            fingerprint: Self.fingerprint(pages[page.pageIndex], structure: structureForCache),
            structure: structureForCache, rendered: page, diagnostics: problems)
        }
        results.append(page)
        diagnostics += problems
        if results.count % 250 == 0 || results.count == pages.count {
          progress?("markdown", results.count, pages.count)
        }
        if next < toRender.count {
          let position = toRender[next]
          group.addTask { render(pageAt: position) }
          next += 1
        }
      }
    }
    results.sort { $0.pageIndex < $1.pageIndex }
    diagnostics += checkAnchors(results)
    return (results, diagnostics, cache, toRender.count)
  }

  func render(pageAt position: Int) -> (RenderedPage, [Diagnostic]) {
    let page = index.site.pages[position]
    guard let language = index.site.config.language(page.language) else {
      preconditionFailure("pages are loaded only for declared languages")
    }
    let strings = index.site.strings[page.language]?.values ?? [:]
    var resolver = LinkResolver(index: index, page: page)
    var usedFigures: Set<String> = []
    var anchorTargets: [String: (Int, String)] = [:]
    var broken = 0
    let hooks = MarkdownHooks(
      resolveLink: { destination in
        resolver.suggests = broken < 20
        let (resolution, target) = resolver.resolve(destination)
        if case .broken = resolution { broken += 1 }
        if let target { anchorTargets[destination] = target }
        return resolution
      },
      expandShortcode: { name, argument, isBlock in
        expand(name, argument, isBlock: isBlock, language: language, strings: strings, used: &usedFigures)
      },
      imageSize: { destination in resolver.staticFile(destination).flatMap { index.imageSizes[$0] } })
    let options = MarkdownOptions(
      smartPunctuation: language.rules.smartPunctuation, allowRawHTML: index.site.config.allowRawHTML,
      chinese: language.rules.countsCharacters, reservedIDs: index.templateIDs,
      joinsCJKLines: language.rules.joinsCJKLines)
    let markdown = MarkdownRenderer(options: options).render(page.body, hooks: hooks)
    var diagnostics = figures.figures.isEmpty ? [] : handTyped.check(page) + qualifierEcho.check(page)
    diagnostics += markdown.issues.map { issue in
      Diagnostic(
        issue.severity == .error ? .error : .warning, issue.message,
        at: page.location(bodyLine: issue.line, column: issue.column))
    }
    for image in markdown.images where image.alt.trimmingCharacters(in: .whitespaces).isEmpty {
      diagnostics.append(
        .error(
          "image '\(image.destination)' has no alt text; describe it inside the brackets: ![what it shows](…)",
          at: page.location(bodyLine: image.line, column: image.column)))
    }
    let anchorChecks = markdown.links.compactMap { link -> AnchorCheck? in
      guard let (target, anchor) = anchorTargets[link.destination], !anchor.isEmpty else { return nil }
      return AnchorCheck(
        targetIndex: target, anchor: anchor, location: page.location(bodyLine: link.line, column: link.column)
      )
    }
    let summary =
      page.frontMatter.summary
      ?? TextKit.summary(
        markdown.firstParagraph.trimmingCharacters(in: .whitespacesAndNewlines),
        limit: language.rules.summaryLength,
        chinese: language.rules.fullWidthSentences)
    let rendered = RenderedPage(
      pageIndex: position, markdown: markdown, summary: summary,
      wordCount: TextKit.wordCount(markdown.plainText, chinese: language.rules.countsCharacters),
      anchorChecks: anchorChecks,
      figureKeys: usedFigures)
    return (rendered, diagnostics)
  }

  func expand(
    _ name: String, _ argument: String, isBlock: Bool, language: Language, strings: [String: String],
    used: inout Set<String>
  ) -> ShortcodeExpansion {
    switch name {
    case "fig":
      guard let figure = figures.byKey[argument] else {
        let unloaded = index.site.unloadedFigures
        if unloaded.contains(argument) || unloaded.contains("*") {
          return .text("{{fig \(argument)}}")  // its definition's error is reported, once
        }
        return .failure(
          "unknown figure '\(argument)'\(Suggestions.hint(for: argument, in: figures.byKey.keys)); figures are defined in Content/data/figures.yaml"
        )
      }
      used.insert(argument)
      return .text(figures.text(figure, language: language))
    case "table":
      if argument.hasPrefix("data/") {
        let tables = DataTableRenderer(data: index.site.data, languages: index.site.config.languages)
        return tables.render(String(argument.dropFirst("data/".count)), language: language)
      }
      let parts = argument.split(separator: ":", maxSplits: 1).map(String.init)
      guard parts[0] == "figures" else {
        return .failure(
          "unknown table '\(parts[0])'; write {{table figures}}, {{table figures:GROUP}} or {{table data/NAME}}"
        )
      }
      var selection = figures.figures
      if parts.count == 2 {
        selection = selection.filter { $0.group == parts[1] }
        guard !selection.isEmpty else {
          return .failure(
            "no figures in group '\(parts[1])'\(Suggestions.hint(for: parts[1], in: figures.groups))")
        }
      }
      used.formUnion(selection.map(\.key))
      let caption = strings["figures_caption"] ?? "figures_caption"
      return .html(figures.table(selection, caption: caption, language: language, strings: strings))
    case "chart":
      guard let html = figures.chart(group: argument, language: language, strings: strings) else {
        return .failure(
          "no figures in group '\(argument)'\(Suggestions.hint(for: argument, in: figures.groups)); groups: \(figures.groups.joined(separator: ", "))"
        )
      }
      used.formUnion(figures.figures.filter { $0.group == argument }.map(\.key))
      return .html(html)
    default:
      return .failure(
        "unknown shortcode '{{\(name) …}}'; available: {{fig KEY}}, {{table figures}}, {{table data/NAME}}, {{chart GROUP}}"
      )
    }
  }

  func checkAnchors(_ pages: [RenderedPage]) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    for page in pages {
      for check in page.anchorChecks {
        let target = pages[check.targetIndex]
        let ids = target.markdown.headings.map(\.id)
        if !ids.contains(check.anchor) {
          let path = index.site.pages[check.targetIndex].sourcePath
          diagnostics.append(
            .error(
              "anchor '#\(check.anchor)' does not exist in \(path)\(Suggestions.hint(for: check.anchor, in: ids))",
              at: check.location,
              notes: ids.isEmpty
                ? ["that page has no headings"] : ["its headings: \(ids.joined(separator: ", "))"]))
        }
      }
    }
    return diagnostics
  }
}

/// Number of cores to spread work over.
enum ProcessInfoCores {
  static var count: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}

import BundCore
import BundMarkdown
import BundTemplates
import Foundation

/// A page after its Markdown is rendered.
package struct RenderedPage: Sendable {
  /// The page's position in `site.pages`.
  package var pageIndex: Int
  package var markdown: RenderedMarkdown
  package var summary: String
  package var wordCount: Int
  /// Links to other pages with an anchor, checked once every page is rendered.
  package var anchorChecks: [AnchorCheck]
  package var figureKeys: Set<String>
}

/// A `page.md#anchor` link whose anchor must exist in the target page.
package struct AnchorCheck: Sendable {
  package var targetIndex: Int
  package var anchor: String
  package var location: SourceLocation
}

/// Every page's Markdown and the problems found rendering it: the markdown stage's result.
package struct RenderedPages: Sendable {
  /// In the order of `site.pages`.
  package var pages: [RenderedPage]
  package var diagnostics: [Diagnostic]

  package init(pages: [RenderedPage], diagnostics: [Diagnostic]) {
    self.pages = pages
    self.diagnostics = diagnostics
  }
}

/// Renders pages' Markdown and checks links, anchors and figure references. Pure: the site in,
/// rendered pages and problems out.
package struct MarkdownStage: Sendable {
  package let index: SiteIndex
  package let figures: FigureRenderer
  /// The hand-typed figure lint, run with each page's Markdown.
  package let handTyped: HandTypedFigures
  /// Words before `{{fig KEY}}` that repeat its qualifier (`突破{{fig x}}`).
  package let qualifierEcho: QualifierEcho

  package init(
    index: SiteIndex, figures: FigureRenderer, handTyped: HandTypedFigures, qualifierEcho: QualifierEcho
  ) {
    self.index = index
    self.figures = figures
    self.handTyped = handTyped
    self.qualifierEcho = qualifierEcho
  }

  /// The pages at `positions`, rendered in parallel, in that order, each with its problems;
  /// `progress` hears how many are done.
  package func render(
    positions: [Int], progress: (@Sendable (String, Int, Int) -> Void)? = nil
  ) async -> [(RenderedPage, [Diagnostic])] {
    let total = positions.count
    return await Parallel.map(
      positions,
      progress: { done, _ in
        if done % 250 == 0 || done == total { progress?("markdown", done, total) }
      }
    ) { position in render(pageAt: position) }
  }

  /// What can be checked only once every page is rendered: anchors in other pages, and figures no
  /// page or template shows.
  package func checkSite(_ pages: [RenderedPage], templates: TemplateSet) -> [Diagnostic] {
    checkAnchors(pages)
      + UnusedFigures.warnings(site: index.site, shownOnPages: pages.map(\.figureKeys), templates: templates)
  }

  package func render(pageAt position: Int) -> (RenderedPage, [Diagnostic]) {
    let page = index.site.pages[position]
    guard let language = index.site.config.language(page.language) else {
      preconditionFailure("pages are loaded only for declared languages")
    }
    let strings = index.site.strings[page.language]?.values ?? [:]
    // Constants, not one variable whose `suggests` is set before each link: the closures below
    // then borrow them, where a captured variable was copied (its whole SiteIndex) on every link.
    let resolver = LinkResolver(index: index, page: page)
    let quietResolver = LinkResolver(index: index, page: page, suggests: false)
    var usedFigures: Set<String> = []
    var anchorTargets: [String: (Int, String)] = [:]
    var broken = 0
    let hooks = MarkdownHooks(
      resolveLink: { destination in
        let (resolution, target) =
          broken < 20 ? resolver.resolve(destination) : quietResolver.resolve(destination)
        if case .broken = resolution { broken += 1 }
        if let target { anchorTargets[destination] = target }
        return resolution
      },
      expandShortcode: { name, argument, isBlock in
        expand(name, argument, isBlock: isBlock, language: language, strings: strings, used: &usedFigures)
      },
      imageSize: { destination in resolver.staticFile(destination).flatMap { index.imageSizes[$0] } })
    let options = MarkdownOptions(
      text: language.rules, allowRawHTML: index.site.config.allowRawHTML, reservedIDs: index.templateIDs)
    let markdown = MarkdownRenderer(options: options).render(page.body, hooks: hooks)
    var diagnostics = figures.figures.isEmpty ? [] : handTyped.check(page) + qualifierEcho.check(page)
    diagnostics += markdown.issues.map { issue in
      Diagnostic(
        issue.severity == .error ? .error : .warning, issue.message,
        at: page.location(bodyLine: issue.line, column: issue.column))
    }
    for image in markdown.images where image.alt.trimmingScalars(in: .whitespaces).isEmpty {
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
        markdown.firstParagraph.trimmingScalars(in: .whitespacesAndNewlines), in: language.rules)
    let rendered = RenderedPage(
      pageIndex: position, markdown: markdown, summary: summary,
      wordCount: TextKit.wordCount(markdown.plainText, in: language.rules),
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

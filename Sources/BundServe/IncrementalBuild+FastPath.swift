import BundBuild
import BundCore
import BundLoading
import Foundation

extension IncrementalBuild {
  /// The fast path: the HTML of one edited page, made from the last good build, when the edit
  /// changed only the page's body and nothing another page shows (its summary, headings, figures
  /// and links' targets stay the same) and the page has no problem. nil otherwise. The caller still
  /// runs the full incremental build afterwards, which makes every other output agree.
  public func renderEdit(of path: String) -> OutputFile? {
    guard let last = lastGood else { return nil }
    let prefix = options.contentDirectory + "/"
    guard path.hasPrefix(prefix), path.hasSuffix(".md") else { return nil }
    let relative = String(path.dropFirst(prefix.count))
    let plan = last.plan
    let site = plan.site.site
    guard let position = site.pages.firstIndex(where: { $0.contentPath == relative }) else { return nil }
    let old = site.pages[position]
    guard
      let oldView = plan.views.first(where: {
        [.home, .section, .page].contains($0.kind) && !Pagination.isLater($0) && $0.key == old.key
          && $0.language.code == old.language
      })
    else { return nil }
    let (loaded, problems) = SiteLoader.readPage(
      at: path, relativePath: relative, displayPath: old.sourcePath, config: site.config)
    // Its tags as ids, as the full build has them (resolved on a site of this one page).
    var reread = site
    reread.pages = loaded.map { [$0] } ?? []
    guard TagResolver(site: site).resolve(&reread).isEmpty else { return nil }
    let page = reread.pages.first
    guard let page, problems.isEmpty, page.frontMatter == old.frontMatter,
      page.urlPath == old.urlPath,
      page.key == old.key, page.kind == old.kind, page.bodyLineOffset == old.bodyLineOffset
    else { return nil }
    if page.body == old.body { return nil }

    var pages = site.pages
    pages[position] = page
    var edited = site
    edited.pages = pages
    let before = plan.site.markdownStage
    let stage = MarkdownStage(
      index: SiteIndex(sameStructureAs: plan.site.index, site: edited), figures: before.figures,
      handTyped: before.handTyped, qualifierEcho: QualifierEcho(figures: edited.figures))
    let (rendered, diagnostics) = stage.render(pageAt: position)
    let previous = plan.rendered[position]
    guard diagnostics.isEmpty, rendered.summary == previous.summary,
      rendered.markdown.headings == previous.markdown.headings, rendered.figureKeys == previous.figureKeys
    else { return nil }
    for check in rendered.anchorChecks {
      let target = check.targetIndex == position ? rendered : plan.rendered[check.targetIndex]
      guard target.markdown.headings.contains(where: { $0.id == check.anchor }) else { return nil }
    }

    var view = oldView
    view.contentHTML = rendered.markdown.html
    view.wordCount = rendered.wordCount
    guard case .success(let file) = plan.render(view, shared: plan.builder.sharedContext(for: view.language))
    else { return nil }
    return file
  }
}

import BundCore
import BundTemplates
import BundTestSupport
import Foundation
import Testing

@testable import BundBuild

/// `TemplateContext` is what the contexts hold and what docs/templates.md lists: the name check
/// relies on both.
struct TemplateContextTests {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// The contexts ContextBuilder makes for a view of each kind, over the fixture site.
  static func contexts() async throws -> (
    shared: [String: TemplateValue], pages: [PageView.Kind: [String: TemplateValue]], languages: [Language]
  ) {
    let fixture = try TestSite(fixture: "mini")
    let stages = Builder(options: fixture.options)
    let loaded = await stages.load()
    let (validated, _) = stages.validate(
      try #require(loaded.site), templates: try #require(loaded.templates))
    let site = try #require(validated)
    let rendered = await stages.renderMarkdown(site).pages
    let builder = PagePlan(site: site, rendered: rendered).builder
    // Every kind, the search page included (the fixture has no search template, so the plan drops it).
    let views = ViewPlanner(index: site.index, rendered: rendered).views()
    var pages: [PageView.Kind: [String: TemplateValue]] = [:]
    for kind in PageView.Kind.allCases {
      let view = try #require(views.first { $0.kind == kind }, "no \(kind) view")
      pages[kind] = builder.context(for: view)
    }
    guard case .object(let shared) = builder.sharedContext(for: site.site.config.languages[0]) else {
      throw Mismatch(description: "the shared context is not an object")
    }
    return (shared, pages, site.site.config.languages)
  }

  struct Mismatch: Error, CustomStringConvertible { var description: String }

  /// Names whose value is not of the kind the description gives.
  static func wrongKinds(_ values: [String: TemplateValue], _ kinds: [String: TemplateContext.Kind])
    -> [String]
  {
    kinds.keys.sorted().filter { name in
      switch (kinds[name], values[name]) {
      case (.text, .string?), (.flag, .bool?), (.number, .int?), (.list, .list?), (.object, .object?),
        (.textOrFalse, .string?), (.textOrFalse, .bool(false)?), (.objectOrFalse, .object?),
        (.objectOrFalse, .bool(false)?):
        false
      default: true
      }
    }
  }

  @Test func everyViewKindsContextHasTheDescribedKeys() async throws {
    let (shared, pages, languages) = try await Self.contexts()
    #expect(Set(shared.keys) == Set(TemplateContext.shared.keys))
    #expect(Self.wrongKinds(shared, TemplateContext.shared) == [])
    guard case .object(let site)? = shared["site"], case .object(let lang)? = shared["lang"] else {
      throw Mismatch(description: "site or lang is not an object")
    }
    #expect(Set(site.keys) == Set(TemplateContext.siteKeys.keys))
    #expect(Self.wrongKinds(site, TemplateContext.siteKeys) == [])
    #expect(Set(lang.keys) == Set(TemplateContext.langKeys.keys).union(["is_\(languages[0].code)"]))
    #expect(Self.wrongKinds(lang, TemplateContext.langKeys) == [])
    #expect(TemplateContext.langNames(languages) == ["code", "tag", "name", "og_locale", "is_en", "is_zh"])

    #expect(pages.count == 6)
    for (kind, context) in pages {
      #expect(Set(context.keys) == Set(TemplateContext.page.keys), "\(kind)")
      #expect(Self.wrongKinds(context, TemplateContext.page) == [], "\(kind)")
      guard case .object(let page)? = context["page"] else {
        throw Mismatch(description: "page is not an object in the \(kind) context")
      }
      let flag = TemplateContext.kindFlag(kind)
      #expect(Set(page.keys) == Set(TemplateContext.pageKeys.keys).union([flag]), "\(kind)")
      #expect(Self.wrongKinds(page, TemplateContext.pageKeys.merging([flag: .flag]) { $1 }) == [], "\(kind)")
      #expect(TemplateContext.pageNames.contains(flag))
    }
  }

  /// The names docs/templates.md lists in the first column of its context tables, as
  /// scope → names (`""` for the top level).
  static func documentedNames() throws -> [String: Set<String>] {
    let doc = try String(
      contentsOf: repository.appendingPathComponent("docs/templates.md"), encoding: .utf8)
    var names: [String: Set<String>] = [:]
    var inContext = false
    for line in doc.split(separator: "\n") {
      if line.hasPrefix("## ") {
        inContext = line == "## Context of every page" || line == "## `page`"
        if line == "## `page`" { names["", default: []].insert("page") }
        continue
      }
      guard inContext, line.hasPrefix("| `") else { continue }
      let firstColumn = line.dropFirst(2).prefix { $0 != "|" }
      for (index, span) in firstColumn.split(separator: "`", omittingEmptySubsequences: false).enumerated()
      where index % 2 == 1 {
        let parts = span.split(separator: ".").map(String.init)
        names["", default: []].insert(parts[0])
        // `t.KEY`, `data.NAME`: names of the site's own, not of the context.
        if parts.count == 2, parts[1].uppercased() != parts[1] {
          names[parts[0], default: []].insert(parts[1])
        }
      }
    }
    return names
  }

  @Test func theDocListsExactlyTheContextsNames() throws {
    let documented = try Self.documentedNames()
    #expect(documented[""] == TemplateContext.topLevelNames)
    #expect(documented["site"] == Set(TemplateContext.siteKeys.keys))
    #expect(documented["lang"] == Set(TemplateContext.langKeys.keys).union(["is_en", "is_zh"]))
    #expect(documented["page"] == TemplateContext.pageNames)
    #expect(Set(documented.keys) == ["", "site", "lang", "page"])
  }
}

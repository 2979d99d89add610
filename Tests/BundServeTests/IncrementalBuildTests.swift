import BundBuild
import BundCore
import BundTestSupport
import Foundation
import Testing

@testable import BundServe

/// `bund serve` rebuilds reusing the previous build: the result must always equal a cold build, and
/// an edit to one page must redo only what it touches.
struct IncrementalBuildTests {
  func filesByPath(_ files: [OutputFile]) -> [String: Data] {
    Dictionary(files.map { ($0.path, $0.bytes) }, uniquingKeysWith: { first, _ in first })
  }

  @Test func incrementalBuildsEqualColdBuildsAfterEveryKindOfEdit() async throws {
    let site = try TestSite(fixture: "mini")
    let builder = Builder(options: site.options)
    var cache = IncrementalBuild(options: site.options)
    let (first, _) = await cache.run().pair
    #expect(first.succeeded)
    let edits: [(String, @Sendable (String) -> String)] = [
      ("Content/notes/plan.zh.md", { $0 + "\n新增一段。\n" }),
      (
        "Content/notes/plan.en.md",
        { $0.replacingOccurrences(of: "title: \"The plan\"", with: "title: \"The new plan\"") }
      ),
      ("Content/data/figures.yaml", { $0.replacingOccurrences(of: "value: 0.6", with: "value: 0.75") }),
      ("Templates/page.mustache", { $0 + "<!-- changed -->\n" }),
      (
        "Content/notes/other.en.md",
        { _ in "---\ntitle: Other\ndate: 2023-02-01\n---\nSee [the plan](plan.md#next-steps).\n" }
      ),
      ("Content/notes/plan.en.md", { $0.replacingOccurrences(of: "## Next steps", with: "## Next moves") }),
      // The feeds and the sitemap are reused after body edits; these change what they show.
      (
        "Content/notes/plan.en.md",
        { $0.replacingOccurrences(of: "date: 2023-01-29", with: "date: 2023-02-03") }
      ),
      (
        "Content/notes/plan.en.md",
        { $0.replacingOccurrences(of: "The city grew", with: "The city's industry grew") }
      ),
      // What every page shows: a UI string, the stylesheet (its fingerprinted name), a tag's name.
      ("Templates/i18n/zh.yaml", { $0.replacingOccurrences(of: "tags_title: 标签", with: "tags_title: 标签们") }),
      ("Templates/assets/style.css", { $0 + "\nbody { margin: 0 }\n" }),
      ("Content/data/tags.yaml", { $0.replacingOccurrences(of: "zh: 投资", with: "zh: 工业投资") }),
      // Files that come and go: a static file, a new page with an alias, a translation.
      ("Content/static/files/report.txt", { _ in "a report\n" }),
      (
        "Content/notes/extra.en.md",
        { _ in "---\ntitle: Extra\ndate: 2023-03-01\naliases: [/old/extra/]\n---\nMore.\n" }
      ),
      ("Content/about.zh.md", { _ in "---\ntitle: 关于\n---\n只有中文。\n" }),
      // A site setting every page reads.
      ("Content/site.yaml", { $0.replacingOccurrences(of: "title: Mini", with: "title: Mini site") }),
    ]
    for (path, change) in edits {
      let before = (try? site.read(path)) ?? ""
      #expect(change(before) != before, "the edit to \(path) changes it")
      try site.write(path, change(before))
      let (incremental, files) = await cache.run().pair
      let (cold, coldFiles) = await builder.render()
      #expect(incremental.succeeded == cold.succeeded, "\(path)")
      #expect(incremental.diagnostics.map(\.summary) == cold.diagnostics.map(\.summary), "\(path)")
      #expect(filesByPath(files) == filesByPath(coldFiles), "after editing \(path)")
    }
  }

  /// Edits that reach a page's Markdown without touching its file: a data table it shows, the size
  /// of an image it shows, a tag page a link of it points at.
  @Test func incrementalBuildsEqualColdBuildsAfterEditsAPageSeesIndirectly() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write("Content/data/staff.yaml", "- name: Wu Qing\n  role: {en: Mayor, zh: 市长}\n")
    try site.write(
      "Content/data/tables.yaml",
      "officials:\n  from: staff\n  caption: {en: Officials, zh: 官员}\n  columns:\n    - {key: name, label: {en: Name, zh: 姓名}}\n    - {key: role, label: {en: Post, zh: 职务}}\n"
    )
    try site.write(
      "Content/static/images/mark.svg",
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 20\"></svg>\n")
    for language in ["en", "zh"] {
      let path = "Content/notes/plan.\(language).md"
      try site.write(
        path,
        try site.read(path)
          + "\n{{table data/officials}}\n\n![Mark](/images/mark.svg)\n\nSee [new](/\(language)/tags/newtag/).\n"
      )
    }
    let builder = Builder(options: site.options)
    var incremental = IncrementalBuild(options: site.options)
    let first = await incremental.run()
    #expect(!first.report.succeeded, "the tag page does not exist yet")
    let edits: [(String, @Sendable (String) -> String)] = [
      (
        "Content/about.en.md",
        { $0.replacingOccurrences(of: "title: About", with: "title: About\ntags: [newtag]") }
      ),
      (
        "Content/notes/_index.zh.md",
        { $0.replacingOccurrences(of: "---\n", with: "---\ntags: [newtag]\n", options: [], range: nil) }
      ),
      ("Content/data/staff.yaml", { $0.replacingOccurrences(of: "Mayor", with: "Deputy Mayor") }),
      ("Content/static/images/mark.svg", { $0.replacingOccurrences(of: "0 0 40 20", with: "0 0 80 20") }),
    ]
    for (path, change) in edits {
      let before = try site.read(path)
      #expect(change(before) != before, "the edit to \(path) changes it")
      try site.write(path, change(before))
      let outcome = await incremental.run()
      let (cold, coldFiles) = await builder.render()
      // From the zh tag on, every link resolves.
      #expect(cold.succeeded || path == "Content/about.en.md", "\(site.summaries(cold))")
      #expect(outcome.report.diagnostics.map(\.summary) == cold.diagnostics.map(\.summary), "\(path)")
      #expect(filesByPath(outcome.files) == filesByPath(coldFiles), "after editing \(path)")
    }
  }

  @Test func editingOnePageRedoesOnlyWhatItTouches() async throws {
    let site = try TestSite(fixture: "mini")
    var incremental = IncrementalBuild(options: site.options)
    _ = await incremental.run()
    try site.write("Content/about.en.md", try site.read("Content/about.en.md") + "\nOne more sentence.\n")
    let outcome = await incremental.run()
    #expect(outcome.report.succeeded)
    #expect(outcome.reuse.markdownRendered == 1)
    #expect(outcome.reuse.pagesReused == 6)
    #expect(outcome.reuse.pagesParsed == 1)
    #expect(outcome.reuse.viewsRendered == 1)
    #expect(outcome.reuse.viewsReused > 5)
    #expect(outcome.renderedPages == ["en/about/index.html"])
  }

  /// serve's fast path renders an edited page from the last good build; it must give the very bytes
  /// the full build gives, and stand aside for edits that reach other pages.
  @Test func fastPathMatchesTheFullBuildOrStandsAside() async throws {
    let site = try TestSite(fixture: "mini")
    var cache = IncrementalBuild(options: site.options)
    _ = await cache.run().pair
    let path = site.content + "/notes/plan.zh.md"
    let original = try site.read("Content/notes/plan.zh.md")

    // A sentence added at the end: the fast path renders the page, equal to the full build's.
    try site.write("Content/notes/plan.zh.md", original + "\n新增一句，只改正文。\n")
    let fast = try #require(cache.renderEdit(of: path))
    #expect(fast.path == "zh/notes/plan/index.html")
    #expect(String(decoding: fast.bytes, as: UTF8.self).contains("新增一句，只改正文。"))
    let (report, files) = await cache.run().pair
    #expect(report.succeeded)
    #expect(filesByPath(files)[fast.path] == fast.bytes)

    // A new title shows on other pages (lists, the switcher): no fast path.
    try site.write(
      "Content/notes/plan.zh.md",
      try site.read("Content/notes/plan.zh.md").replacingOccurrences(
        of: "title: ", with: "title: 新"))
    #expect(cache.renderEdit(of: path) == nil)
    _ = await cache.run().pair
    let retitled = try site.read("Content/notes/plan.zh.md")

    // A broken link is an error: the full build must report it, so no fast path either.
    try site.write(
      "Content/notes/plan.zh.md", try site.read("Content/notes/plan.zh.md") + "\n[坏](nowhere.md)\n")
    #expect(cache.renderEdit(of: path) == nil)
    let (broken, _) = await cache.run().pair
    #expect(!broken.succeeded)

    // After a failed build there is no last good build to start from, even for an edit the last
    // good build could have taken.
    try site.write("Content/notes/plan.zh.md", retitled + "\n再加一句。\n")
    #expect(cache.renderEdit(of: path) == nil)
    let (fixed, _) = await cache.run().pair
    #expect(fixed.succeeded)
    try site.write("Content/notes/plan.zh.md", retitled + "\n再加一句。又一句。\n")
    #expect(cache.renderEdit(of: path) != nil, "a good build again: the fast path is back")
  }
}

extension IncrementalBuild.Outcome {
  var pair: (BuildReport, [OutputFile]) { (report, files) }
}

import BundBuild
import BundCore
import Foundation
import Testing

/// `bund serve` rebuilds reusing the previous build: the result must always equal a cold build, and
/// an edit to one page must redo only what it touches.
struct IncrementalBuildTests {
  func filesByPath(_ files: [OutputFile]) -> [String: Data] {
    Dictionary(files.map { ($0.path, $0.bytes) }, uniquingKeysWith: { first, _ in first })
  }

  @Test func incrementalBuildsEqualColdBuildsAfterEveryKindOfEdit() async throws {
    let site = try TestSite(fixture: "mini")
    let builder = Builder(
      options: BuildOptions(
        contentDirectory: site.content, templatesDirectory: site.templates, outputDirectory: site.output))
    var cache = BuildCache()
    let (first, _) = await builder.render(reusing: &cache)
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
    ]
    for (path, change) in edits {
      let before = (try? site.read(path)) ?? ""
      try site.write(path, change(before))
      let (incremental, files) = await builder.render(reusing: &cache)
      let (cold, coldFiles) = await builder.render()
      #expect(incremental.succeeded == cold.succeeded, "\(path)")
      #expect(incremental.diagnostics.map(\.summary) == cold.diagnostics.map(\.summary), "\(path)")
      #expect(filesByPath(files) == filesByPath(coldFiles), "after editing \(path)")
    }
  }

  @Test func editingOnePageRedoesOnlyWhatItTouches() async throws {
    let site = try TestSite(fixture: "mini")
    let builder = Builder(
      options: BuildOptions(
        contentDirectory: site.content, templatesDirectory: site.templates, outputDirectory: site.output))
    var cache = BuildCache()
    _ = await builder.render(reusing: &cache)
    try site.write("Content/about.en.md", try site.read("Content/about.en.md") + "\nOne more sentence.\n")
    let (report, _) = await builder.render(reusing: &cache)
    #expect(report.succeeded)
    #expect(report.reuse.markdownRendered == 1)
    #expect(report.reuse.pagesReused == 6)
    #expect(report.reuse.viewsRendered == 1)
    #expect(report.reuse.viewsReused > 5)
  }
}

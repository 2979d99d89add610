import BundTestSupport
import Foundation
import Testing

/// The `bund` executable from the outside, in a copy of the mini site: exit codes (0 done, 1 errors,
/// 64 usage), what it prints, and what it leaves on disk. `scripts/check-cli` checks the release
/// binary on the real site the same way.
struct CommandLineTests {
  let site: TestSite

  init() throws { site = try TestSite(fixture: "mini") }

  func bund(_ arguments: String...) async throws -> CLIRunner.Result {
    try await CLIRunner.run(arguments, in: site.root)
  }

  @Test func versionNamesBundAndLibcmark() async throws {
    let result = try await bund("--version")
    #expect(result.status == 0)
    let version = result.stdout.trimmingCharacters(in: .newlines)
    #expect(version.hasPrefix("bund 0."), "\(version)")
    #expect(version.contains(" (libcmark 0."), "\(version)")
    #expect(result.stderr.isEmpty)
  }

  @Test func buildWritesTheSiteAndSaysWhat() async throws {
    let result = try await bund("build")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stdout.hasPrefix("built 4 en + 3 zh pages: 21 files, 21 written, 0 unchanged, 0 removed in "))
    #expect(FileManager.default.fileExists(atPath: site.output + "/en/index.html"))
    #expect(FileManager.default.fileExists(atPath: site.output + "/zh/index.html"))
    let quiet = try await bund("build", "-q")
    #expect(quiet.status == 0)
    #expect(quiet.stdout.isEmpty)
  }

  @Test func anErrorExitsOneAndLeavesTheOutputAlone() async throws {
    #expect(try await bund("build", "-q").status == 0)
    let before = TestSite.tree(site.output)
    try site.write("Content/about.en.md", try site.read("Content/about.en.md") + "\n[broken](nowhere.md)\n")
    let result = try await bund("build")
    #expect(result.status == 1)
    #expect(result.stderr.contains("Content/about.en.md:"))
    #expect(result.stderr.contains(": error: link 'nowhere.md' leads to no page"))
    #expect(result.stderr.contains("build failed; Public/ was not changed"))
    #expect(TestSite.tree(site.output) == before)
  }

  @Test func anUnknownOptionIsAUsageError() async throws {
    let result = try await bund("build", "--no-such-option")
    #expect(result.status == 64)
    #expect(result.stderr.hasPrefix("Error: Unknown option '--no-such-option'\nUsage: bund build "))
    #expect(!FileManager.default.fileExists(atPath: site.output))
  }

  @Test func aMistypedCommandSaysWhichWasMeant() async throws {
    let result = try await bund("biuld")
    #expect(result.status == 64)
    #expect(result.stderr.contains("error: 'biuld' is not a bund command (did you mean 'build'?)"))
  }

  @Test func anOutputAmongTheSourcesIsRefused() async throws {
    let result = try await bund("build", "--output", "Content")
    #expect(result.status == 64)
    #expect(
      result.stderr
        == "error: --output 'Content' is the content folder 'Content': the site would be written among its sources; choose a folder outside them, such as Public\n"
    )
  }

  @Test func checkCountsWarningsAndWritesNothing() async throws {
    let clean = try await bund("check")
    #expect(clean.status == 0)
    #expect(clean.stdout == "checked 4 en + 3 zh pages: no errors, 1 warning\n")
    try site.write(
      "Content/notes/plan.en.md",
      try site.read("Content/notes/plan.en.md").replacingOccurrences(of: "tags:", with: "colour: red\ntags:"))
    let more = try await bund("check")
    #expect(more.status == 0)
    #expect(more.stdout == "checked 4 en + 3 zh pages: no errors, 2 warnings\n")
    #expect(
      more.stderr.contains(
        "Content/notes/plan.en.md:4:1: warning: unknown front matter key 'colour' is ignored"))
    #expect(!FileManager.default.fileExists(atPath: site.output))
  }

  @Test func checkAsJSONCountsErrorsAndWarnings() async throws {
    try site.write("Content/about.en.md", try site.read("Content/about.en.md") + "\n[broken](nowhere.md)\n")
    let result = try await bund("check", "--format", "json")
    #expect(result.status == 1)
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(json["errors"] as? Int == 1)
    #expect(json["warnings"] as? Int == 1)
  }

  @Test func newNeverOverwritesAPage() async throws {
    let before = try site.read("Content/notes/plan.en.md")
    let result = try await bund("new", "notes/plan", "--title", "Again", "--title", "zh=再")
    #expect(result.status == 1)
    #expect(
      result.stderr == "error: Content/notes/plan.en.md already exists; bund new never overwrites a page\n")
    #expect(try site.read("Content/notes/plan.en.md") == before)
  }

  @Test func newWritesEveryLanguageFromTheArchetypes() async throws {
    try site.write("Templates/archetypes/default.en.md", "---\ntitle: {{title}}\ndate: {{date}}\n---\n")
    try site.write("Templates/archetypes/default.zh.md", "---\ntitle: {{title}}\ndate: {{date}}\n---\n")
    let result = try await bund("new", "notes/next", "--title", "Next", "--title", "zh=下一步")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "created Content/notes/next.en.md\ncreated Content/notes/next.zh.md\n")
    #expect(try site.read("Content/notes/next.zh.md").contains("title: \"下一步\""))
  }
}

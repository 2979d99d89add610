import BundCore
import BundLoading
import BundTestSupport
import Foundation
import Testing

/// Pages read from an in-memory site: errors at file:line:column, the text forms accepted (CRLF, BOM),
/// drafts and scheduled pages.
struct PageLoadingTests {
  @Test @available(macOS 15.0, *)
  func theMiniSiteLoadsWithItsPagesAndNoErrors() async throws {
    let site = MemorySite()
    let (loaded, summaries) = await site.load()
    let pages = try #require(loaded?.pages)
    #expect(
      pages.map(\.contentPath).sorted() == [
        "_index.en.md", "_index.zh.md", "about.en.md", "notes/_index.en.md", "notes/_index.zh.md",
        "notes/plan.en.md", "notes/plan.zh.md",
      ])
    #expect(!summaries.contains { $0.contains(": error: ") })
  }

  @Test @available(macOS 15.0, *)
  func frontMatterErrorsArePositioned() async {
    let site = MemorySite()
    site.write("Content/notes/plan.en.md", "---\ntitle: \"The plan\ndate: 2023-01-29\n---\nx\n")
    site.write("Content/about.en.md", "---\ntitle: About\n\ttags: [a]\n---\nx\n")
    let (loaded, summaries) = await site.load()
    #expect(
      summaries.filter { $0.contains(": error: ") } == [
        "Content/about.en.md:3:1: error: a tab indents this line; YAML indents with spaces only: replace the tab with spaces",
        "Content/notes/plan.en.md:2:8: error: a quoted value that starts here is never closed; add the closing quote at the end of the value",
      ])
    #expect(loaded?.unloadedPages == ["about.en", "notes/plan.en"])
  }

  @Test @available(macOS 15.0, *)
  func anUnclosedFrontMatterIsNamedAtItsStart() async {
    let site = MemorySite()
    site.write("Content/notes/plan.en.md", "---\ntitle: The plan\n\nBody without a closing line.\n")
    let (_, summaries) = await site.load()
    #expect(
      summaries.filter { $0.contains(": error: ") } == [
        "Content/notes/plan.en.md:1:1: error: front matter is not closed; add a line '---' after the last front matter line"
      ])
  }

  /// A BOM and CRLF (or CR) line ends give the same page, and the same positions, as LF.
  @Test @available(macOS 15.0, *)
  func crlfAndABOMReadAsLF() async throws {
    let text = "---\ntitle: The plan\ndate: 2023-01-29\n---\nFirst line.\n\nSecond paragraph.\n"
    let plain = MemorySite()
    plain.write("Content/notes/plan.en.md", text)
    let windows = MemorySite()
    windows.write("Content/notes/plan.en.md", "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n"))
    let classic = MemorySite()
    classic.write("Content/notes/plan.en.md", text.replacingOccurrences(of: "\n", with: "\r"))
    func plan(_ site: MemorySite) async throws -> Page {
      let loaded = try #require(await site.load().site)
      return try #require(loaded.pages.first { $0.contentPath == "notes/plan.en.md" })
    }
    let expected = try await plan(plain)
    for site in [windows, classic] {
      let page = try await plan(site)
      #expect(page.body == expected.body)
      #expect(page.frontMatter == expected.frontMatter)
      #expect(page.bodyLineOffset == expected.bodyLineOffset)
    }
    let broken = MemorySite()
    broken.write(
      "Content/notes/plan.en.md", "\u{FEFF}---\r\ntitle: \"The plan\r\ndate: 2023-01-29\r\n---\r\nx\r\n")
    #expect(
      await broken.load().summaries.filter { $0.contains(": error: ") } == [
        "Content/notes/plan.en.md:2:8: error: a quoted value that starts here is never closed; add the closing quote at the end of the value"
      ])
  }

  @Test @available(macOS 15.0, *)
  func textThatIsNotUTF8OrHoldsAControlCharacterIsPositioned() async {
    let site = MemorySite()
    site.files.write(
      "/site/Content/notes/plan.en.md", bytes: Data("---\ntitle: x\n---\nab".utf8) + Data([0xC3, 0x28]))
    site.write("Content/about.en.md", "---\ntitle: About\n---\nline\nsome\u{7}bell\n")
    let (_, summaries) = await site.load()
    #expect(
      summaries.filter { $0.contains(": error: ") } == [
        "Content/about.en.md:5:5: error: the file holds the control character U+0007, which web pages and feeds cannot carry; delete it (it often comes with text pasted from another program)",
        "Content/notes/plan.en.md:4:3: error: the file is not valid UTF-8; save it as UTF-8 (without another encoding such as GBK)",
      ])
  }

  @Test @available(macOS 15.0, *)
  func draftsAreLeftOutUnlessAskedFor() async throws {
    let site = MemorySite()
    site.write("Content/notes/idea.en.md", "---\ntitle: An idea\ndraft: true\n---\nx\n")
    let without = try #require(await site.load().site)
    #expect(!without.pages.contains { $0.contentPath == "notes/idea.en.md" })
    #expect(without.scheduledPages.isEmpty)
    let with = try #require(await site.load(includeDrafts: true).site)
    #expect(with.pages.contains { $0.contentPath == "notes/idea.en.md" })
  }

  @Test @available(macOS 15.0, *)
  func aPageDatedLaterIsScheduledNotLoaded() async throws {
    let site = MemorySite()
    site.write(
      "Content/notes/next.en.md", "---\ntitle: Next\ndate: 2023-01-20\npublish_at: 2023-02-02\n---\nx\n")
    let now = MemorySite.instant("2023-02-01")
    let before = try #require(await site.load(now: now).site)
    #expect(!before.pages.contains { $0.contentPath == "notes/next.en.md" })
    #expect(before.scheduledPages["notes/next.en"]?.date.iso == "2023-02-02")
    #expect(before.scheduledPages["notes/next.en"]?.file == "/site/Content/notes/next.en.md")
    let after = try #require(await site.load(now: MemorySite.instant("2023-02-02")).site)
    #expect(after.pages.contains { $0.contentPath == "notes/next.en.md" })
    #expect(after.scheduledPages.isEmpty)
    let future = try #require(await site.load(now: nil).site)
    #expect(future.pages.contains { $0.contentPath == "notes/next.en.md" })
  }

  @Test @available(macOS 15.0, *)
  func aPageThatCannotBeReadIsAnErrorAndUnloaded() async {
    let site = MemorySite()
    site.files.makeUnreadable("/site/Content/notes/plan.zh.md")
    let (loaded, summaries) = await site.load()
    #expect(
      summaries.contains(
        "Content/notes/plan.zh.md: error: cannot read the file: Permission denied; make it readable (chmod a+r) or move it out of the folder"
      ))
    #expect(loaded?.unloadedPages.contains("notes/plan.zh") == true)
  }

  @Test @available(macOS 15.0, *)
  func filesThatAreNotPagesDataOrStaticAreWarnedAndSkipped() async throws {
    let site = MemorySite()
    site.write("Content/notes/picture.png", "png")
    site.write("Content/notes/.DS_Store", "finder")
    site.write("Content/notes/plan.en.md~", "a backup")
    let (loaded, summaries) = await site.load()
    #expect(
      summaries.filter { $0.contains("notes/") && $0.contains(": warning: ") } == [
        "Content/notes/picture.png: warning: 'notes/picture.png' is not a page (.md), data or static file and is ignored; move files to copy into static/"
      ])
    #expect(try #require(loaded).pages.count == 7)
  }

  @Test @available(macOS 15.0, *)
  func aMissingContentFolderOrSiteYAMLStopsTheLoad() async {
    let empty = SiteLoader(
      contentDirectory: "/nowhere/Content", templatesDirectory: "/nowhere/Templates",
      fileSystem: InMemoryFileSystem())
    let (none, problems) = await empty.load()
    #expect(none == nil)
    #expect(
      problems.map(\.summary) == [
        "error: content folder '/nowhere/Content' does not exist; pass --content DIR or create it"
      ])
    let site = MemorySite()
    site.files.remove("/site/Content/site.yaml")
    let (loaded, summaries) = await site.load()
    #expect(loaded == nil)
    #expect(
      summaries == [
        "Content/site.yaml: error: 'Content/site.yaml' is missing; create it with base_url, default_language and languages"
      ])
  }

  @Test @available(macOS 15.0, *)
  func readPageReadsOnePageAsALoadDoes() async throws {
    let site = MemorySite()
    let config = try #require(await site.load().site?.config)
    site.write("Content/notes/plan.en.md", "---\ntitle: Changed\n---\nNew body.\n")
    let (page, problems) = SiteLoader.readPage(
      at: "/site/Content/notes/plan.en.md", relativePath: "notes/plan.en.md",
      displayPath: "Content/notes/plan.en.md", config: config, fileSystem: site.files)
    #expect(problems.isEmpty)
    #expect(page?.frontMatter.title == "Changed")
    #expect(page?.body == "New body.\n")
    let (missing, why) = SiteLoader.readPage(
      at: "/site/Content/notes/gone.en.md", relativePath: "notes/gone.en.md",
      displayPath: "Content/notes/gone.en.md", config: config, fileSystem: site.files)
    #expect(missing == nil)
    #expect(
      why.map(\.summary) == [
        "Content/notes/gone.en.md: error: cannot read the file: No such file or directory; make it readable (chmod a+r) or move it out of the folder"
      ])
  }
}

import BundCore
import BundLoading
import BundTestSupport
import Foundation
import Testing

/// Templates, UI strings, assets and static files read from an in-memory site.
struct TemplateAndStaticLoadingTests {
  @Test @available(macOS 15.0, *)
  func templatesStringsAndAssetsAreRead() async throws {
    let site = MemorySite()
    let loaded = try #require(await site.load().site)
    #expect(
      loaded.templates.map(\.relativePath).sorted() == [
        "404.mustache", "base.mustache", "chooser.mustache", "home.mustache", "page.mustache",
        "partials/nav.mustache", "section.mustache", "tag.mustache", "tags.mustache",
      ])
    #expect(loaded.assets.map(\.relativePath) == ["style.css"])
    #expect(loaded.strings["en"]?.values["tags_title"] == "Tags")
    #expect(loaded.strings["en"]?.locations["tags_title"]?.line == 3)
    #expect(loaded.strings["zh"] != nil)
  }

  @Test @available(macOS 15.0, *)
  func uiStringErrorsArePositionedAndUndeclaredLanguagesWarned() async {
    let site = MemorySite()
    site.write("Templates/i18n/zh.yaml", "updated: 更新\nnot_found: [a, b]\n")
    site.write("Templates/i18n/fr.yaml", "updated: Mis à jour\n")
    let (_, summaries) = await site.load()
    #expect(
      summaries.contains(
        "Templates/i18n/fr.yaml: warning: UI strings for undeclared language 'fr' are ignored"))
    #expect(summaries.contains { $0.hasPrefix("Templates/i18n/zh.yaml:2:12: error: ") })
  }

  @Test @available(macOS 15.0, *)
  func aMissingTemplatesFolderIsAnError() async {
    let site = MemorySite()
    let loader = SiteLoader(
      contentDirectory: site.content, templatesDirectory: "/site/Nowhere", fileSystem: site.files)
    let (_, diagnostics) = await loader.load()
    #expect(
      diagnostics.map(\.summary).contains(
        "error: templates folder '/site/Nowhere' does not exist; pass --templates DIR"))
  }

  /// Static files are named, not read; an image's size comes from its first bytes only.
  @Test @available(macOS 15.0, *)
  func staticImagesHaveTheirSizeFromTheHeader() async throws {
    let site = MemorySite()
    // A PNG's IHDR: signature, length, type, then width and height as 32-bit big-endian numbers.
    let png =
      Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]) + Data("IHDR".utf8)
      + Data([0, 0, 0x04, 0xB0, 0, 0, 0x02, 0x76, 8, 6, 0, 0, 0]) + Data(repeating: 7, count: 100_000)
    site.files.write("/site/Content/static/img/chart.png", bytes: png)
    site.write(
      "Content/static/img/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"40\"/>"
    )
    let loaded = try #require(await site.load().site)
    let files = Dictionary(uniqueKeysWithValues: loaded.staticFiles.map { ($0.relativePath, $0) })
    #expect(files["img/chart.png"]?.imageSize == ImageSize(width: 1200, height: 630))
    #expect(files["img/chart.png"]?.diskPath == "/site/Content/static/img/chart.png")
    #expect(files["img/logo.svg"]?.imageSize == ImageSize(width: 120, height: 40))
    #expect(files["CNAME"]?.imageSize == nil)
    #expect(site.files.readCount("/site/Content/static/CNAME") == 0)
    #expect(site.files.readCount("/site/Content/static/img/chart.png") == 1)
  }

  @Test @available(macOS 15.0, *)
  func anUnreadableStaticFileIsAnError() async {
    let site = MemorySite()
    site.files.makeUnreadable("/site/Content/static/CNAME")
    let (loaded, summaries) = await site.load()
    #expect(
      summaries.contains(
        "Content/static/CNAME: error: cannot read the file: Permission denied; make it readable (chmod a+r) or move it out of the folder"
      ))
    #expect(loaded?.staticFiles.isEmpty == true)
  }
}

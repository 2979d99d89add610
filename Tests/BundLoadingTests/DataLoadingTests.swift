import BundCore
import BundLoading
import BundTestSupport
import Foundation
import Testing

/// Data tables read from an in-memory site: YAML and CSV errors at their positions, and tables that
/// nothing uses warned about and never read.
struct DataLoadingTests {
  @Test @available(macOS 15.0, *)
  func theEngineTablesAreRead() async throws {
    let site = MemorySite()
    let loaded = try #require(await site.load().site)
    #expect(loaded.figures.map(\.key).sorted() == ["growth", "investment"])
    #expect(!loaded.sources.isEmpty)
    #expect(site.files.readCount("/site/Content/data/figures.yaml") == 1)
  }

  @Test @available(macOS 15.0, *)
  func aYAMLErrorInATableIsPositioned() async throws {
    let site = MemorySite()
    site.write("Content/data/figures.yaml", "- key: growth\n  value: \"0.6\n")
    let (loaded, summaries) = await site.load()
    #expect(
      summaries.filter { $0.contains("data/") } == [
        "Content/data/figures.yaml:2:10: error: a quoted value that starts here is never closed; add the closing quote at the end of the value"
      ])
    #expect(loaded?.unloadedFigures == ["*"])
  }

  @Test @available(macOS 15.0, *)
  func csvErrorsArePositioned() async throws {
    let site = MemorySite()
    site.write("Content/data/sectors.csv", "name,share\nsteel,10\n\"cars,20\n")
    site.write("Content/data/regions.csv", "name,share\nnorth,10\nsouth\n")
    let (loaded, summaries) = await site.load(tablesNamedByTemplates: ["sectors", "regions"])
    #expect(
      summaries.filter { $0.contains("data/") } == [
        "Content/data/regions.csv:3: error: row has 1 fields but the header has 2",
        "Content/data/sectors.csv:3: error: a quoted field is not closed; add the closing '\"'",
      ])
    #expect(loaded?.unloadedData == ["sectors"])
  }

  @Test @available(macOS 15.0, *)
  func aUsedCSVTableIsReadIntoRows() async throws {
    let site = MemorySite()
    site.write("Content/data/sectors.csv", "\u{FEFF}name,note\r\nsteel,\"heavy, old\"\r\ncars,new\r\n")
    let loaded = try #require(await site.load(tablesNamedByTemplates: ["sectors"]).site)
    #expect(
      loaded.data["sectors"]
        == .list([
          .map([
            DataEntry(key: "name", value: .string("steel")),
            DataEntry(key: "note", value: .string("heavy, old")),
          ]),
          .map([
            DataEntry(key: "name", value: .string("cars")), DataEntry(key: "note", value: .string("new")),
          ]),
        ]))
  }

  /// A table nothing uses costs nothing: a warning, and its file is never opened.
  @Test @available(macOS 15.0, *)
  func anUnusedTableIsWarnedAndNeverRead() async throws {
    let site = MemorySite()
    site.write("Content/data/sectors.csv", "name,share\nsteel,10\n")
    site.write("Content/data/regions/east.yaml", "- name: east\n")
    let (loaded, summaries) = await site.load()
    #expect(
      summaries.filter { $0.contains("data/") } == [
        "Content/data/regions/east.yaml: warning: no page or template uses data table 'regions_east', so it is not read; show it with {{table data/regions_east}} or data.regions_east in a template, or remove the file",
        "Content/data/sectors.csv: warning: no page or template uses data table 'sectors', so it is not read; show it with {{table data/sectors}} or data.sectors in a template, or remove the file",
      ])
    #expect(site.files.readCount("/site/Content/data/sectors.csv") == 0)
    #expect(site.files.readCount("/site/Content/data/regions/east.yaml") == 0)
    #expect(loaded?.data["sectors"] == nil)
  }

  @Test @available(macOS 15.0, *)
  func aTableAPageShowsIsRead() async throws {
    let site = MemorySite()
    site.write("Content/data/sectors.csv", "name,share\nsteel,10\n")
    site.write("Content/about.en.md", "---\ntitle: About\n---\n{{table data/sectors}}\n")
    let (loaded, summaries) = await site.load()
    #expect(!summaries.contains { $0.contains("sectors") })
    #expect(site.files.readCount("/site/Content/data/sectors.csv") == 1)
    #expect(loaded?.data["sectors"] != nil)
  }

  @Test @available(macOS 15.0, *)
  func aDataFileThatIsNeitherYAMLNorCSVIsWarned() async {
    let site = MemorySite()
    site.write("Content/data/notes.txt", "free text\n")
    let (_, summaries) = await site.load(tablesNamedByTemplates: ["notes"])
    #expect(
      summaries.contains(
        "Content/data/notes.txt: warning: data file 'notes.txt' is ignored: use .yaml or .csv"))
  }
}

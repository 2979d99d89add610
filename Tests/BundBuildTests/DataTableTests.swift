import BundBuild
import BundTestSupport
import Foundation
import Testing

/// Built-in tables are checked at load; CSV tables load with a BOM and quoted fields.
struct DataTableTests {
  @Test func glossaryEntryMissingALanguageIsAnError() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write(
      "Content/data/glossary.yaml",
      """
      - term: {en: Pile foundation first, zh: 桩基先行}
        explanation: {en: Start foundations before full approval.}
        zh_confidence: hihg
      - term: {en: Tech upgrade}

      """)
    let report = await site.build()
    #expect(!report.succeeded)
    #expect(
      site.summaries(report) == [
        "Content/about.en.md: warning: no 中文 (zh) translation; readers of that language are sent to its home page",
        "Content/data/glossary.yaml:2:16: error: explanation has no 'zh' text; add 'zh: …' so every language shows it",
        "Content/data/glossary.yaml:3:18: error: zh_confidence 'hihg' is not one of high, medium, low (did you mean 'high'?)",
        "Content/data/glossary.yaml:4:3: error: glossary entry is missing explanation",
        "Content/data/glossary.yaml:4:9: error: term has no 'zh' text; add 'zh: …' so every language shows it",
      ])
  }

  @Test func csvTablesLoadWithBOMAndQuotes() async throws {
    let site = try TestSite(fixture: "mini")
    var bytes = Data([0xEF, 0xBB, 0xBF])
    bytes.append(Data("name,note\r\n集成电路,\"chips, \"\"IC\"\"\"\r\n生物医药,drugs\r\n".utf8))
    try bytes.write(to: site.root.appendingPathComponent("Content/data/sectors.csv"))
    try site.write(
      "Templates/section.mustache",
      "{{<base}}{{$main}}{{#data.sectors}}<p>{{name}}: {{note}}</p>{{/data.sectors}}{{/main}}{{/base}}\n")
    let report = await site.build()
    #expect(report.succeeded, "\(site.summaries(report))")
    let html = try site.read("Public/zh/notes/index.html")
    #expect(html.contains("<p>集成电路: chips, &quot;IC&quot;</p><p>生物医药: drugs</p>"))
  }

  /// A table no page or template uses is not read (a 47 MB table cost 1.45 GB of memory): a
  /// warning says so, and its problems wait until it is used.
  @Test func aTableNothingUsesIsNotRead() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write("Content/data/sectors.csv", "name,note\nIC,chips\nbio\n")
    let report = await site.build()
    #expect(report.succeeded)
    #expect(
      site.summaries(report).contains(
        "Content/data/sectors.csv: warning: no page or template uses data table 'sectors', so it is not read; show it with {{table data/sectors}} or data.sectors in a template, or remove the file"
      ))
  }

  /// Templates use a table where a tag names it, whatever the delimiters; a comment uses none.
  @Test func tablesTemplatesNameAreReadAndOnlyThose() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write("Content/data/sectors.csv", "name,note\nIC,chips\n")
    try site.write("Content/data/regions.csv", "name\nNorth\n")
    try site.write(
      "Templates/tag.mustache",
      "{{<base}}{{$main}}{{! data.regions }}{{=<% %>=}}<%#data.sectors%><p><%name%></p><%/data.sectors%>"
        + "<%={{ }}=%>{{/main}}{{/base}}\n")
    let report = await site.build()
    #expect(report.succeeded)
    #expect(
      site.summaries(report).filter { $0.contains("data table") } == [
        "Content/data/regions.csv: warning: no page or template uses data table 'regions', so it is not read; show it with {{table data/regions}} or data.regions in a template, or remove the file"
      ])
    #expect(try site.read("Public/en/tags/investment/index.html").contains("<p>IC</p>"))
  }

  @Test func csvRowWithWrongFieldCountIsAnError() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write("Content/data/sectors.csv", "name,note\nIC,chips\nbio\n")
    try site.useData(["sectors"])
    let report = await site.build()
    #expect(!report.succeeded)
    #expect(
      site.summaries(report).contains(
        "Content/data/sectors.csv:3: error: row has 1 fields but the header has 2"))
  }
}

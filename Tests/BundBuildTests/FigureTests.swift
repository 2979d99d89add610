import BundBuild
import BundTestSupport
import Foundation
import Testing

/// Figures live once in Content/data/figures.yaml and render in every language from that one value.
struct FigureTests {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()

  @Test func changingOneValueChangesEveryPageInBothLanguages() async throws {
    let site = try TestSite(fixture: "mini")
    #expect(await site.build().succeeded)
    let pages = [
      "Public/zh/index.html", "Public/en/notes/plan/index.html", "Public/zh/notes/plan/index.html",
    ]
    for page in pages { #expect(try site.read(page).contains("0.6%"), "\(page)") }
    try site.write(
      "Content/data/figures.yaml",
      try site.read("Content/data/figures.yaml").replacingOccurrences(of: "value: 0.6", with: "value: 0.7"))
    #expect(await site.build().succeeded)
    for page in pages {
      let html = try site.read(page)
      #expect(html.contains("0.7%") && !html.contains("0.6%"), "\(page)")
    }
    #expect(try site.read("Public/data/figures.json").contains("\"value\": 0.7"))
    #expect(try site.read("Public/data/figures.csv").contains(",0.7,percent,"))
  }

  @Test func handTypedFigureIsFlagged() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write(
      "Content/about.en.md", "---\ntitle: About\n---\nInvestment grew 0.6% and passed RMB 170 billion.\n")
    let report = await site.build()
    let warnings = site.summaries(report).filter { $0.contains("typed by hand") }
    #expect(
      warnings == [
        "Content/about.en.md:4:17: warning: '0.6%' is typed by hand; write {{fig growth}} so the figure comes from Content/data/figures.yaml",
        "Content/about.en.md:4:33: warning: 'RMB 170' is typed by hand; write {{fig investment}} so the figure comes from Content/data/figures.yaml",
      ])
  }

  /// A number is a figure only with the figure's unit: `最高100万元` is not "100 projects".
  @Test func handTypedCountsNeedTheirUnit() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write(
      "Content/data/figures.yaml",
      try site.read("Content/data/figures.yaml")
        + """
        - key: benchmarks
          group: results
          value: 100
          unit: count
          qualifier: exactly
          counter_zh: 个
          period: {en: "2023", zh: "2023年"}
          label: {en: Benchmark demonstration projects, zh: 标杆示范项目}
          source: src

        """)
    try site.write(
      "Content/about.en.md",
      "---\ntitle: About\n---\n{{fig benchmarks}} in all. Grants of up to 100万元 for 100 companies, 100 benchmark projects, 100个标杆, more than 100 percent, 100 keyboards, RMB 170 million.\n"
    )
    let report = await site.build()
    let warnings = site.summaries(report).filter { $0.contains("typed by hand") }
    #expect(
      warnings == [
        "Content/about.en.md:4:69: warning: '100 benchmark' is typed by hand; write {{fig benchmarks}} so the figure comes from Content/data/figures.yaml",
        "Content/about.en.md:4:93: warning: '100个' is typed by hand; write {{fig benchmarks}} so the figure comes from Content/data/figures.yaml",
      ])
  }

  @Test func unknownFigureInATemplateIsAnError() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write(
      "Templates/home.mustache", "{{<base}}{{$main}}\n<p>{{figures.investmnt}}</p>{{/main}}{{/base}}\n")
    let report = await site.build()
    #expect(!report.succeeded)
    #expect(
      site.summaries(report).contains(
        "Templates/home.mustache:2:4: error: unknown figure 'investmnt' (did you mean 'investment'?); figures are defined in Content/data/figures.yaml"
      ))
  }

  @Test func figureWithoutSourceIsAnError() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write(
      "Content/data/figures.yaml",
      try site.read("Content/data/figures.yaml").replacingOccurrences(
        of: "  source: src\n- key: growth", with: "- key: growth"))
    let report = await site.build()
    #expect(!report.succeeded)
    #expect(
      site.summaries(report).contains(
        "Content/data/figures.yaml:1:3: error: figure 'investment' is missing source"))
  }

  @Test func labelMissingInOneLanguageIsAnError() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write(
      "Content/data/figures.yaml",
      try site.read("Content/data/figures.yaml").replacingOccurrences(
        of: "label: {en: Growth, zh: 增长}", with: "label: {en: Growth}"))
    let report = await site.build()
    #expect(!report.succeeded)
    #expect(
      site.summaries(report).contains(
        "Content/data/figures.yaml:15:10: error: label has no 'zh' text; add 'zh: …' so every language shows it"
      ))
  }

  /// The real site: no figure is typed into a page by hand.
  @Test func realContentTypesNoFigureByHand() async throws {
    let report = await Builder(
      options: BuildOptions(
        contentDirectory: Self.repository.appendingPathComponent("Content").path,
        templatesDirectory: Self.repository.appendingPathComponent("Templates").path,
        outputDirectory: "/nonexistent")
    ).build(write: false)
    #expect(report.succeeded)
    let handTyped = report.diagnostics.filter { $0.message.contains("typed by hand") }.map(\.summary)
    #expect(handTyped.isEmpty, "\(handTyped)")
  }

  /// The real site's figures, as the site prints them, equal the fact sheet (../shared/facts.md §1),
  /// qualifiers included.
  @Test(arguments: [
    ("industry_scale_2022", "about RMB 4 trillion", "约4万亿元"),
    ("leading3_mfg_output_growth_2022", "11.1%", "11.1%"),
    ("key6_output_growth_2022", "about 1%", "1%左右"),
    ("sei_share_of_industry_2022", "43%", "43%"),
    ("industrial_investment_2022", "more than RMB 170 billion", "超1700亿元"),
    ("industrial_investment_growth_2022", "0.6%", "0.6%"),
    ("projects_signed_jan2023_count", "more than 160", "160余个"),
    ("projects_signed_jan2023_investment", "RMB 100 billion", "1000亿元"),
    ("projects_started_jan2023_count", "more than 60", "60余个"),
    ("projects_started_jan2023_investment", "more than RMB 70 billion", "超700亿元"),
    ("tech_transform_benchmark_projects_target", "100", "100个"),
    ("tech_transform_projects_above_size_target", "1,500", "1500项"),
  ])
  func realFiguresEqualTheFactSheet(key: String, english: String, chinese: String) throws {
    let json = try Data(contentsOf: Self.repository.appendingPathComponent("Public/data/figures.json"))
    let root = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
    let figures = try #require(root["figures"] as? [[String: Any]])
    let figure = try #require(figures.first { $0["key"] as? String == key }, "no figure \(key)")
    let text = try #require(figure["text"] as? [String: String])
    #expect(text["en"] == english)
    #expect(text["zh"] == chinese)
    #expect(figure["source"] as? String == "sheitc-2023-01-29")
  }
}

import BundBuild
import BundTestSupport
import Foundation
import Testing

/// `{{table data/NAME}}`: one table of Content/data/ in every language, since CommonMark has none.
struct DataTableShortcodeTests {
  static let people = """
    - name_en: Wu Qing
      name_zh: 吴清
      title: {en: Executive Vice Mayor, zh: 常务副市长}
    - name_en: Gu Jun
      name_zh: 顾军
      title: {en: Director, zh: 主任}
      title_source: Chairman of Shanghai Municipal Commerce Commission

    """
  static let tables = """
    officials:
      from: staff
      caption: {en: Officials, zh: 出席官员}
      columns:
        - {key: name, label: {en: Official, zh: 姓名}}
        - {key: title, label: {en: Post, zh: 职务}}
        - {key: title_source, label: {en: In the source, zh: 英文原文}, lang: en}
        - {key: name_zh, label: {en: Chinese name}, languages: [en]}

    """

  @Test func aDataTableRendersInEachLanguageWithLanguageMarks() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write("Content/data/staff.yaml", Self.people)
    try site.write("Content/data/tables.yaml", Self.tables)
    try site.write(
      "Content/notes/plan.en.md", try site.read("Content/notes/plan.en.md") + "\n{{table data/officials}}\n")
    try site.write(
      "Content/notes/plan.zh.md", try site.read("Content/notes/plan.zh.md") + "\n{{table data/officials}}\n")
    let report = await site.build()
    #expect(report.succeeded, "\(site.summaries(report))")
    let en = try site.read("Public/en/notes/plan/index.html")
    let zh = try site.read("Public/zh/notes/plan/index.html")
    #expect(
      en.contains(
        "<table class=\"data-table\"><caption>Officials</caption><thead><tr><th scope=\"col\">Official</th><th scope=\"col\">Post</th><th scope=\"col\">In the source</th><th scope=\"col\">Chinese name</th></tr></thead><tbody><tr><th scope=\"row\">Wu Qing</th><td>Executive Vice Mayor</td><td></td><td lang=\"zh-Hans\">吴清</td></tr>"
      ))
    #expect(
      zh.contains(
        "<caption>出席官员</caption><thead><tr><th scope=\"col\">姓名</th><th scope=\"col\">职务</th><th scope=\"col\">英文原文</th></tr></thead><tbody><tr><th scope=\"row\">吴清</th><td>常务副市长</td><td></td></tr><tr><th scope=\"row\">顾军</th><td>主任</td><td lang=\"en\">Chairman of Shanghai Municipal Commerce Commission</td></tr>"
      ))
    #expect(!en.contains("<p>{{") && !zh.contains("<p>|"))
  }

  @Test func aTableMissingALanguageOrUnknownIsAnErrorAtTheShortcode() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write("Content/data/staff.yaml", Self.people.replacingOccurrences(of: ", zh: 主任", with: ""))
    try site.write("Content/data/tables.yaml", Self.tables)
    try site.write(
      "Content/notes/plan.zh.md",
      try site.read("Content/notes/plan.zh.md")
        + "\n{{table data/officials}}\n\n{{table data/oficials}}\n\n{{table data/staff}}\n")
    let report = await site.build()
    #expect(!report.succeeded)
    let errors = site.summaries(report).filter { $0.contains("error") }
    #expect(
      errors.contains {
        $0.hasSuffix(
          "row 2 of table 'officials' in Content/data/tables.yaml has no zh text for 'title'; give it as {en: …, zh: …}"
        )
      })
    #expect(errors.contains { $0.contains("unknown table 'data/oficials' (did you mean 'officials'?)") })
    #expect(errors.contains { $0.contains("table 'data/staff' is a list with no caption or column labels") })
    #expect(errors.allSatisfy { $0.hasPrefix("Content/notes/plan.zh.md:") })
  }
}

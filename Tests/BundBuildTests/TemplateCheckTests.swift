import BundBuild
import BundTestSupport
import Foundation
import Testing

/// Template typos that Mustache would render as nothing are errors.
struct TemplateCheckTests {
  @Test func dottedNameTypoIsReportedAtItsPosition() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write(
      "Templates/tag.mustache", "{{<base}}{{$main}}\n<h1>{{page.titel}}</h1> {{t.updatd}}{{/main}}{{/base}}\n"
    )
    let report = await site.build()
    #expect(!report.succeeded)
    #expect(
      site.summaries(report) == [
        "Content/about.en.md: warning: no 中文 (zh) translation; readers of that language are sent to its home page",
        "Templates/tag.mustache:2:5: error: 'page.titel' is not in the template context (did you mean 'title'?); Mustache would print nothing",
        "Templates/tag.mustache:2:25: error: 't.updatd' is not in the template context (did you mean 'updated'?); Mustache would print nothing",
      ])
  }

  @Test func unknownTopLevelNameIsReportedWhileRendering() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write("Templates/tag.mustache", "{{<base}}{{$main}}<h1>{{pagee}}</h1>{{/main}}{{/base}}\n")
    let report = await site.build()
    #expect(!report.succeeded)
    #expect(
      site.summaries(report).contains(
        "Templates/tag.mustache: error: 'pagee' is not in the template context (used by tag or a template it includes) (did you mean 'page'?); Mustache would print nothing"
      ))
  }

  /// Contexts leave out lists no template reads; a template that reads one with other delimiters
  /// or a tag broken over lines must still get it (the names come from the compiled templates).
  @Test func listsReachTemplatesWhateverTheirTagSpelling() async throws {
    for spelling in [
      "{{=<% %>=}}<%#page.pages%><article><%title%></article><%/page.pages%><%={{ }}=%>",
      "{{#page.pages\n}}<article>{{title}}</article>{{/\npage.pages}}",
    ] {
      let site = try TestSite(fixture: "mini")
      try site.write("Templates/section.mustache", "{{<base}}{{$main}}" + spelling + "{{/main}}{{/base}}\n")
      let report = await site.build()
      #expect(report.succeeded)
      let page = try String(contentsOfFile: site.output + "/en/notes/index.html", encoding: .utf8)
      #expect(page.contains("<article>The plan</article>"), "\(spelling)")
    }
  }

  /// The names are the compiler's: custom delimiters and tags broken over lines are checked, with
  /// the position of the tag's opening delimiter; a comment is no tag.
  @Test func namesAreCheckedWhateverTheirTagSpelling() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write(
      "Templates/tag.mustache",
      "{{<base}}{{$main}}\n{{! page.nothing }}{{=<% %>=}}<h1><%page.titel%></h1><%={{ }}=%>\n"
        + "<p>{{\n  site.titl\n}}</p>{{^empty(lang.cod)}}{{/empty(lang.cod)}}{{/main}}{{/base}}\n")
    let report = await site.build()
    #expect(
      site.summaries(report) == [
        "Content/about.en.md: warning: no 中文 (zh) translation; readers of that language are sent to its home page",
        "Templates/tag.mustache:2:35: error: 'page.titel' is not in the template context (did you mean 'title'?); Mustache would print nothing",
        "Templates/tag.mustache:3:4: error: 'site.titl' is not in the template context (did you mean 'title'?); Mustache would print nothing",
        "Templates/tag.mustache:5:7: error: 'lang.cod' is not in the template context; Mustache would print nothing",
      ])
  }

  /// What docs/templates.md lists passes the check: `page.is_search` and `page.is_tags` were refused once.
  @Test func documentedPageFlagsPass() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write(
      "Templates/tag.mustache",
      "{{<base}}{{$main}}{{#page.is_search}}s{{/page.is_search}}{{#page.is_tags}}t{{/page.is_tags}}"
        + "{{#page.is_tag}}<h1>{{page.title}}</h1>{{/page.is_tag}}{{page.permalink}}{{/main}}{{/base}}\n")
    let report = await site.build()
    #expect(report.succeeded, "\(site.summaries(report))")
  }

  /// Every broken template is reported (one compile, each template's first error), and a partial
  /// named behind custom delimiters is checked like any other.
  @Test func syntaxErrorsAndMissingPartialsAreAllReported() async throws {
    let site = try TestSite(fixture: "mini")
    try site.write("Templates/tag.mustache", "{{<base}}{{$main}}\n  {{#page.pages}}{{/main}}{{/base}}\n")
    try site.write("Templates/tags.mustache", "{{<base}}{{$main}}\n{{/page}}{{/main}}{{/base}}\n")
    try site.write(
      "Templates/page.mustache", "{{<base}}{{$main}}{{=<% %>=}}\n<%> partials/navv%><%/main%><%/base%>\n")
    let report = await site.build()
    #expect(
      site.summaries(report).filter { $0.contains("error:") } == [
        "Templates/page.mustache:2:1: error: partial 'partials/navv' does not exist (did you mean 'partials/nav'?)",
        "Templates/tag.mustache:2:18: error: template syntax error: this tag closes 'main', but the open section is 'page.pages' (line 2); close it first with {{/page.pages}}",
        "Templates/tags.mustache:2:1: error: template syntax error: this tag closes 'page', but the open block is 'main' (line 1); close it first with {{/main}}",
      ])
  }

  /// A figure is used by a template only where a tag names it: not by a comment, nor by a longer key.
  @Test func figuresUsedByTemplatesAreTheOnesTheirTagsName() async throws {
    let site = try TestSite(fixture: "mini")
    let figures = try site.read("Content/data/figures.yaml")
    try site.write(
      "Content/data/figures.yaml",
      figures + """
        - key: invest
          group: results
          value: 1
          unit: percent
          qualifier: exactly
          period: {en: "2022", zh: "2022年"}
          label: {en: Invest, zh: 投资}
          source: src

        """)
    let plan = try site.read("Content/notes/plan.en.md")
    try site.write("Content/notes/plan.en.md", plan.replacingOccurrences(of: "{{table figures}}", with: ""))
    try site.write(
      "Templates/tag.mustache",
      "{{<base}}{{$main}}{{! figures.invest }}{{{figures.investment}}}{{/main}}{{/base}}\n")
    let report = await site.build()
    #expect(report.succeeded)
    #expect(
      site.summaries(report) == [
        "Content/about.en.md: warning: no 中文 (zh) translation; readers of that language are sent to its home page",
        "Content/data/figures.yaml:17:8: warning: figure 'invest' is not used on any page",
      ])
  }
}

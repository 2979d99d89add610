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
}

import BundMustache
import Testing

/// The compiled library lists every tag with its position, as the compiler read it.
struct TagTests {
  func tags(_ templates: [String: String]) throws -> [String] {
    try MustacheLibrary(templates: templates, missingTemplates: .renderNothing).tags.map {
      "\($0.templateName):\($0.line):\($0.column) \($0.kind) \($0.name) \($0.path.joined(separator: "."))"
    }
  }

  @Test func tagsWithKindsPathsAndPositions() throws {
    #expect(
      try tags([
        "page": "<h1>{{page.title}}</h1>\n  {{#empty(page.tags)}}x{{/empty(page.tags)}}{{{raw}}}{{&amp}}\n"
          + "{{^first()}}{{.local}}{{.}}{{/first()}}{{! not a tag }}{{> partials/nav }}",
        "base": "中文{{$main}}{{/main}}",
        "tag": "{{<base}}{{$main}}{{site.title}}{{/main}}{{/base}}",
      ]) == [
        "base:1:3 block main ",
        "page:1:5 variable page.title page.title",
        "page:2:3 section empty(page.tags) page.tags",
        "page:2:46 variable raw raw",
        "page:2:55 variable amp amp",
        "page:3:1 invertedSection first() ",
        "page:3:13 variable .local ",
        "page:3:23 variable . ",
        "page:3:56 partial partials/nav ",
        "tag:1:1 parent base ",
        "tag:1:10 block main ",
        "tag:1:19 variable site.title site.title",
      ])
  }

  /// A line scan misses these; the compiler does not.
  @Test func customDelimitersAndTagsOverSeveralLines() throws {
    #expect(
      try tags([
        "page": "{{=<% %>=}}<%#page.pages%>\n<%title%><%/page.pages%><%={{ }}=%>{{#page.pages\n}}"
          + "{{title}}{{/\npage.pages}}{{>\n  partials/nav\n}}"
      ]) == [
        "page:1:12 section page.pages page.pages",
        "page:2:1 variable title title",
        "page:2:36 section page.pages page.pages",
        "page:3:3 variable title title",
        "page:4:13 partial partials/nav ",
      ])
  }

  @Test func eachBrokenTemplateReportsItsErrorAndTheOthersCompile() throws {
    let (library, errors) = MustacheLibrary.compiling([
      "a": "ok {{#x}}",
      "b": "{{name}} {{> missing}}",
      "c": "line\n  {{/y}}",
    ])
    #expect(
      errors.map(\.description) == [
        "a:1:4: section 'x' is never closed: add {{/x}}",
        "c:2:3: 'y' is closed here but was never opened; remove this tag",
      ])
    #expect(library.templateNames == ["b"])
    #expect(library.tags.map(\.name) == ["name", "missing"])
    #expect(try library.renderString("b", frames: [["name": "N"]]) == "N ")
  }

  /// Comments are no tags: the text around one is one run, and the comment's own text is not in it.
  @Test func literalTextIsCutAtEveryTag() throws {
    let library = try MustacheLibrary(templates: [
      "page": "<main id=\"main\">\n<h2 id=\"{{id}}\">{{! id=\"comment\" }}</h2>{{#a}}<p id=\"in\">{{/a}}"
    ])
    #expect(
      library.literalText(of: "page") == ["<main id=\"main\">\n<h2 id=\"", "\"></h2>", "<p id=\"in\">"])
    #expect(library.literalText(of: "missing") == [])
  }
}

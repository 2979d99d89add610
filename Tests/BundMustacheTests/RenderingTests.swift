import BundMustache
import Testing

@Suite struct RenderingTests {
  /// swift-mustache's table: `&<>"'` become `&amp; &lt; &gt; &quot; &#39;`; nothing else changes.
  @Test(arguments: [
    ("plain text", "plain text"),
    (#"Tom & Jerry <b>"hi"</b> it's"#, "Tom &amp; Jerry &lt;b&gt;&quot;hi&quot;&lt;/b&gt; it&#39;s"),
    ("&amp; stays &", "&amp;amp; stays &amp;"),
    ("上海 & 北京 <中>", "上海 &amp; 北京 &lt;中&gt;"),
    ("中<文>", "中&lt;文&gt;"),
    ("`=/\\{}", "`=/\\{}"),
    ("", ""),
  ])
  func escapingMatchesSwiftMustache(input: String, escaped: String) throws {
    #expect(try render("{{v}}", ["v": .string(input)]) == escaped)
    #expect(try render("{{{v}}}|{{&v}}", ["v": .string(input)]) == "\(input)|\(input)")
  }

  /// Escaping works on bytes: a `"` or `<` joined to a combining mark is still escaped (swift-mustache
  /// compared characters and left them, so `"\u{301}` could close an attribute).
  @Test func escapingIgnoresCombiningMarks() throws {
    #expect(
      try render("{{v}}", ["v": "<\u{338} \u{600}< e\u{301}' \"\u{301}"])
        == "&lt;\u{338} \u{600}&lt; e\u{301}&#39; &quot;\u{301}")
  }

  /// Numbers print as Swift prints `Int` and `Double`; booleans as `true`/`false`; null as nothing.
  @Test(
    arguments: [
      (42, "42"), (-7, "-7"), (0, "0"), (.int(Int.min), "-9223372036854775808"), (1.5, "1.5"), (2.0, "2.0"),
      (0.1, "0.1"), (1e20, "1e+20"), (1e-5, "1e-05"), (true, "true"), (false, "false"), (nil, ""),
      ([1, 2], ""), (["k": 1], ""),
    ] as [(MustacheValue, String)])
  func valuesPrintLikeSwiftMustache(value: MustacheValue, printed: String) throws {
    #expect(try render("{{v}}", ["v": value]) == printed)
  }

  /// Falsy: false, null, an empty list, a missing name. Everything else renders the section.
  @Test(
    arguments: [
      (false, false), (nil, false), ([], false), (true, true), ("", true), ("x", true), (0, true),
      (0.0, true),
      ([:], true), ([0], true),
    ] as [(MustacheValue, Bool)])
  func truthiness(value: MustacheValue, rendersSection: Bool) throws {
    #expect(try render("{{#v}}yes{{/v}}{{^v}}no{{/v}}", ["v": value]) == (rendersSection ? "yes" : "no"))
    #expect(value.isTruthy == rendersSection)
  }

  @Test func sectionsPushTheirValue() throws {
    let data: MustacheValue = ["name": "outer", "person": ["name": "Ada"], "word": "hi", "n": 0]
    #expect(try render("{{#person}}{{name}}{{/person}}", data) == "Ada")
    #expect(try render("{{#word}}{{.}}!{{/word}}", data) == "hi!")
    #expect(try render("{{#n}}[{{.}}]{{/n}}", data) == "[0]")
    #expect(try render("{{#person}}{{#word}}{{name}}{{/word}}{{/person}}", data) == "Ada")
  }

  @Test func laterFramesShadowEarlierOnes() throws {
    let site: MustacheValue = ["title": "Site", "site": ["name": "Bund"], "lang": "en"]
    let page: MustacheValue = ["title": "Page"]
    let templates = ["page": "{{title}} · {{site.name}} · {{lang}}"]
    #expect(try render(templates, frames: [site, page]) == "Page · Bund · en")
    #expect(try render(templates, frames: [page, site]) == "Site · Bund · en")
  }

  @Test func dottedNamesDoNotFallBack() throws {
    let site: MustacheValue = ["page": ["title": "from site", "date": "2024"]]
    let page: MustacheValue = ["page": ["title": "from page"]]
    #expect(try render(["page": "{{page.title}}|{{page.date}}"], frames: [site, page]) == "from page|")
  }

  @Test func unresolvedNamesAreReported() throws {
    let library = try MustacheLibrary(templates: [
      "page": """
      {{tittle}} {{page.missing}} {{#nope}}{{never}}{{/nope}} {{^gone}}{{.}}{{/gone}} \
      {{first()}} {{empty(absent)}} {{.local}} {{>part}}
      """,
      "part": "{{partName}}{{site.x.y}}",
    ])
    let result = try #require(try library.render("page", frames: [["page": [:]], ["site": [:]]]))
    #expect(result.unresolved == ["tittle", "nope", "gone", "absent", "partName"])
  }

  @Test func noUnresolvedNamesWhenEverythingIsFound() throws {
    let library = try MustacheLibrary(templates: ["page": "{{#items}}{{name}}{{/items}}{{title}}"])
    let frames: [MustacheValue] = [["title": "T", "items": [["name": "a"]]]]
    #expect(try library.render("page", frames: frames)?.unresolved == [])
  }

  @Test func anUnknownTemplateRendersNil() throws {
    let library = try MustacheLibrary(templates: ["page": "x"])
    #expect(try library.render("nope", frames: []) == nil)
    #expect(library.hasTemplate(named: "page"))
    #expect(library.templateNames == ["page"])
  }

  @Test func missingPartialsRenderNothingWhenAllowed() throws {
    let library = try MustacheLibrary(
      templates: ["page": "[{{>nope}}]{{<gone}}{{$b}}x{{/b}}{{/gone}}"], missingTemplates: .renderNothing)
    #expect(try library.renderString("page", frames: []) == "[]")
  }

  @Test func partialsMayRecurseThroughData() throws {
    let templates = ["page": "{{>node}}", "node": "{{name}}({{#kids}}{{>node}}{{/kids}})"]
    let tree: MustacheValue = ["name": "a", "kids": [["name": "b", "kids": [["name": "c", "kids": []]]]]]
    #expect(try render(templates, frames: [tree]) == "a(b(c()))")
  }

  /// Indentation of a standalone partial follows swift-mustache: the tag's whitespace stays in
  /// the output and is added before each following line of the partial that has output.
  @Test func standalonePartialsAreIndentedLikeSwiftMustache() throws {
    let templates = [
      "page": "<ul>\n  {{>items}}\n</ul>\n",
      "items": "{{#items}}\n<li>{{.}}</li>\n{{/items}}\n",
    ]
    #expect(
      try render(templates, frames: [["items": ["a", "b"]]]) == "<ul>\n  <li>a</li>\n<li>b</li>\n</ul>\n")
  }

  @Test func unixAndWindowsLineEndingsBothEndStandaloneLines() throws {
    #expect(try render("a\r\n{{#t}}\r\nb\r\n{{/t}}\r\nc", ["t": true]) == "a\r\nb\r\nc")
  }
}

import BundMustache
import Testing

/// `names(readBy:)` must see every name a render can look up, however the template spells its tags.
struct NamesReadTests {
  @Test func namesThroughPartialsParentsDelimitersAndLineBreaks() throws {
    let library = try MustacheLibrary(templates: [
      "base": "<title>{{$title}}{{site.title}}{{/title}}</title>{{> partials/nav}}{{$main}}{{/main}}",
      "partials/nav": "{{#nav}}<a href=\"{{url}}\">{{title}}</a>{{/nav}}",
      "section":
        "{{<base}}{{$main}}{{=<% %>=}}<%#page.pages%><%title%><%/page.pages%><%={{ }}=%>{{/main}}{{/base}}",
      "tag":
        "{{#page.pages\n}}{{title}}{{/\npage.pages}}{{^empty(latest)}}x{{/empty(latest)}}{{.local.name}}",
    ])
    let section = try #require(library.names(readBy: "section"))
    #expect(section.first.isSuperset(of: ["site", "nav", "url", "title", "page"]))
    #expect(section.all.isSuperset(of: ["pages", "title"]))
    #expect(!section.first.contains("pages"), "pages is only read inside page")
    let tag = try #require(library.names(readBy: "tag"))
    #expect(tag.first.isSuperset(of: ["page", "title", "latest", "local"]))
    #expect(tag.all.isSuperset(of: ["pages", "name"]))
    #expect(library.names(readBy: "missing") == nil)
  }
}

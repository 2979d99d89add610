import BundCore
import BundTemplates
import Foundation
import Testing

/// The site's templates compiled once: every error with its position, every tag with its
/// position, whatever the delimiters or line breaks.
struct TemplateSetTests {
  func compile(_ templates: [String: String]) -> (TemplateSet, [String]) {
    let files = templates.keys.sorted().map { name in
      SourceFile(
        relativePath: name + ".mustache", displayPath: "Templates/\(name).mustache",
        bytes: Data(templates[name, default: ""].utf8))
    }
    let (set, diagnostics) = TemplateSet.compile(files)
    return (set, diagnostics.map(\.summary))
  }

  @Test func everyBrokenTemplateIsReportedAtItsPosition() {
    let (set, problems) = compile([
      "page": "<h1>{{title}}</h1>\n{{#items}}\n", "home": "ok {{name\n", "tag": "fine {{name}}\n",
    ])
    #expect(problems.count == 2, "\(problems)")
    #expect(problems.contains { $0.hasPrefix("Templates/page.mustache:2:") })
    #expect(problems.contains { $0.hasPrefix("Templates/home.mustache:1:") })
    #expect(set.contains("tag"))
  }

  @Test func tagsCarryTheirPositionsBehindCustomDelimitersAndOverLines() {
    let (set, problems) = compile([
      "page":
        "line one\n{{=<% %>=}}<% page.title %>\n<%#data.glossary%><%term%><%/data.glossary%>\n<%={{ }}=%>{{>\n  partials/nav\n}}"
    ])
    #expect(problems.isEmpty == false, "partials/nav does not exist: \(problems)")
    let title = set.tags.first { $0.name == "page.title" }
    #expect(title?.location.line == 2)
    #expect(title?.path == ["page", "title"])
    #expect(set.names(under: "data") == ["glossary"])
    let partial = set.tags.first { $0.isTemplateReference }
    #expect(partial?.name == "partials/nav")
    #expect(partial?.location.line == 4)
    #expect(
      problems.contains {
        $0.hasPrefix("Templates/page.mustache:4:") && $0.contains("partial 'partials/nav' does not exist")
      }, "\(problems)")
  }

  @Test func fixedIDsComeFromLiteralTextNotFromTags() {
    let (set, _) = compile([
      "base":
        "<main id=\"main\"><input id=\"search-q\"><h2 id=\"{{anchor}}\">{{! id=\"not-this\" }}</h2></main>"
    ])
    #expect(set.fixedIDs == ["main", "search-q"])
  }

  @Test func aMissingPartialSuggestsTheNearestName() {
    let (_, problems) = compile(["page": "{{> partials/heade}}", "partials/header": "<header></header>"])
    #expect(
      problems == [
        "Templates/page.mustache:1:1: error: partial 'partials/heade' does not exist (did you mean 'partials/header'?)"
      ])
  }
}

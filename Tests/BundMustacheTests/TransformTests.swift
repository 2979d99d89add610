import BundMustache
import Testing

/// The swift-mustache transforms Bund's templates use: `first()`, `last()` and `empty(name)`.
@Suite struct TransformTests {
  @Test func firstAndLastMarkTheEndsOfTheList() throws {
    let template =
      "{{#items}}{{#first()}}[{{/first()}}{{.}}{{^last()}},{{/last()}}{{#last()}}]{{/last()}}{{/items}}"
    #expect(try render(template, ["items": ["a", "b", "c"]]) == "[a,b,c]")
    #expect(try render(template, ["items": ["only"]]) == "[only]")
    #expect(try render(template, ["items": []]) == "")
  }

  @Test func notFirstRendersForEveryElementButTheFirst() throws {
    #expect(
      try render("{{#items}}{{^first()}}, {{/first()}}{{.}}{{/items}}", ["items": [1, 2, 3]]) == "1, 2, 3")
  }

  @Test func firstAndLastAsValuesPrintBooleans() throws {
    #expect(
      try render("{{#items}}{{first()}}/{{last()}} {{/items}}", ["items": [1, 2]]) == "true/false false/true "
    )
  }

  @Test func theInnermostListDecides() throws {
    let data: MustacheValue = ["rows": [["cells": [1, 2]], ["cells": [3]]]]
    let template =
      "{{#rows}}{{#cells}}{{#first()}}<{{/first()}}{{.}}{{/cells}}{{#last()}}!{{/last()}}|{{/rows}}"
    #expect(try render(template, data) == "<12|<3!|")
  }

  @Test func aBooleanOrInvertedSectionKeepsThePosition() throws {
    let data: MustacheValue = ["items": ["a", "b"], "yes": true, "no": false]
    #expect(try render("{{#items}}{{#yes}}{{#first()}}F{{/first()}}{{/yes}}{{.}}{{/items}}", data) == "Fab")
    #expect(try render("{{#items}}{{^no}}{{#last()}}L{{/last()}}{{/no}}{{.}}{{/items}}", data) == "aLb")
  }

  /// As in swift-mustache, pushing an object, entering a partial or expanding a block starts afresh.
  @Test func anObjectSectionOrPartialForgetsThePosition() throws {
    let data: MustacheValue = ["items": [["name": "a"], ["name": "b"]], "author": ["x": 1]]
    #expect(
      try render("{{#items}}{{#author}}{{#first()}}F{{/first()}}{{/author}}{{name}}{{/items}}", data) == "ab")
    let templates = ["page": "{{#items}}{{>item}}{{/items}}", "item": "{{#first()}}F{{/first()}}{{name}}"]
    #expect(try render(templates, frames: [data]) == "ab")
  }

  @Test func outsideAListFirstIsFalsy() throws {
    #expect(try render("{{#first()}}yes{{/first()}}{{^first()}}no{{/first()}}") == "no")
  }

  /// `{{#empty(x)}}` renders for an empty string, list or object; anything else (numbers,
  /// booleans, null, a missing name) has no `empty`, which swift-mustache treats as falsy.
  @Test(
    arguments: [
      ("", "E", "true"), ("text", "N", "false"), ([], "E", "true"), (["x"], "N", "false"),
      ([:], "E", "true"), (["k": 1], "N", "false"), (0, "N", ""), (1.5, "N", ""), (false, "N", ""),
      (true, "N", ""), (nil, "N", ""),
    ] as [(MustacheValue, String, String)])
  func emptyTestsStringsListsAndObjects(value: MustacheValue, section: String, printed: String) throws {
    let template = "{{#empty(v)}}E{{/empty(v)}}{{^empty(v)}}N{{/empty(v)}}|{{empty(v)}}"
    #expect(try render(template, ["v": value]) == "\(section)|\(printed)")
  }

  @Test func emptyOfAMissingNameIsFalsy() throws {
    #expect(try render("{{#empty(gone)}}E{{/empty(gone)}}{{^empty(gone)}}N{{/empty(gone)}}") == "N")
  }

  @Test func emptyOfTheCurrentValue() throws {
    let template =
      "{{#dates}}{{^empty(.)}}<time>{{.}}</time>{{/empty(.)}}{{#empty(.)}}-{{/empty(.)}}{{/dates}}"
    #expect(
      try render(template, ["dates": ["2024-01-02", "", "2025-03-04"]])
        == "<time>2024-01-02</time>-<time>2025-03-04</time>")
  }

  @Test func emptyOfADottedName() throws {
    #expect(
      try render("{{#empty(page.summary)}}none{{/empty(page.summary)}}", ["page": ["summary": ""]]) == "none")
  }
}

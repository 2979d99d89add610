import BundMustache
import Testing

/// Every syntax error names the template, the line and column of the tag, and what to do.
@Suite struct ErrorTests {
  @Test(arguments: [
    (
      ["page": "a\n  {{#items}}x"],
      "page:2:3: section 'items' is never closed: add {{/items}}"
    ),
    (
      ["page": "{{#a}}\n{{/b}}"],
      "page:2:1: this tag closes 'b', but the open section is 'a' (line 1); close it first with {{/a}}"
    ),
    (
      ["page": "x {{/a}}"],
      "page:1:3: 'a' is closed here but was never opened; remove this tag"
    ),
    (
      ["page": "{{<base}}{{$a}}x{{/a}}", "base": ""],
      "page:1:1: parent 'base' is never closed: add {{/base}}"
    ),
    (
      ["page": "{{=<% %>=}}<%#a%>"],
      "page:1:12: section 'a' is never closed: add <%/a%>"
    ),
    (
      ["page": "ok\n{{name"],
      "page:2:1: tag is never closed: end it with '}}'"
    ),
    (
      ["page": "{{na me}}"],
      "page:1:1: unexpected 'm' in tag: a name may use letters, digits, '.', '-', '_' and '?', and the tag ends with '}}'"
    ),
    (
      ["page": "{{{a}}"],
      "page:1:1: '{{{a' needs three closing braces: write {{{a}}}"
    ),
    (
      ["page": "{{! never"],
      "page:1:1: comment is never closed: end it with '}}'"
    ),
    (
      ["page": "{{ }}"],
      "page:1:1: empty tag: write a name between the delimiters"
    ),
    (
      ["page": "{{=<%>=}}"],
      "page:1:1: a set-delimiter tag needs two delimiters separated by a space, then '=}}', as in {{=<% %>=}}"
    ),
    (
      ["page": "{{<base}}\n{{title}}\n{{/base}}", "base": ""],
      "page:2:1: only overrides {{$name}}…{{/name}} may appear inside parent 'base'; move this tag into an override"
    ),
    (
      ["page": "{{#uppercased(name)}}{{/uppercased(name)}}"],
      "page:1:1: unknown transform 'uppercased()': BundMustache supports first(), last() and empty(name)"
    ),
    (
      ["page": "{{#first(items)}}{{/first(items)}}"],
      "page:1:1: first() takes no argument: it tells whether the element being iterated is the first of its list; write {{#first()}}"
    ),
    (
      ["page": "{{empty()}}"],
      "page:1:1: empty() needs a name: write empty(name), or empty(.) for the current value"
    ),
    (
      ["page": "{{empty(first(x))}}"],
      "page:1:1: 'empty(first(x))' is not a supported transform: BundMustache supports first(), last() and empty(name)"
    ),
    (
      ["page": "{{$a()}}{{/a()}}"],
      "page:1:1: a block name cannot take a transform: write {{$name}} without parentheses"
    ),
    (
      ["page": "x\n  {{> partials/heder}}", "partials/header": ""],
      "page:2:3: partial 'partials/heder' is not a template (did you mean 'partials/header'?); templates: page, partials/header"
    ),
    (
      ["page": "{{<bsae}}{{/bsae}}", "base": ""],
      "page:1:1: parent 'bsae' is not a template (did you mean 'base'?); templates: base, page"
    ),
    (
      ["page": "{{>zzzzzz}}"],
      "page:1:1: partial 'zzzzzz' is not a template; templates: page"
    ),
    (
      ["page": "{{>*name}}"],
      "page:1:1: dynamic names such as {{>*name}} are not supported: name the template"
    ),
    (
      ["page": "{{%CONTENT_TYPE:TEXT}}"],
      "page:1:1: pragmas {{%…}} are not supported"
    ),
    (
      ["page": "上海{{#a}}"],
      "page:1:3: section 'a' is never closed: add {{/a}}"
    ),
  ])
  func syntaxErrors(templates: [String: String], expected: String) {
    #expect(throws: MustacheError.self) { try MustacheLibrary(templates: templates) }
    do {
      _ = try MustacheLibrary(templates: templates)
    } catch {
      #expect(error.description == expected)
    }
  }

  @Test func errorsCarryTheirParts() {
    do {
      _ = try MustacheLibrary(templates: ["partials/x": "ok\n\n    {{#a}}"])
      Issue.record("expected an error")
    } catch {
      #expect(error.templateName == "partials/x")
      #expect(error.line == 3)
      #expect(error.column == 5)
      #expect(error.message == "section 'a' is never closed: add {{/a}}")
    }
  }

  @Test func endlessRecursionStopsWithAnError() throws {
    let library = try MustacheLibrary(templates: ["page": "{{>loop}}", "loop": "x{{>loop}}"])
    #expect(
      throws: MustacheError(
        templateName: "loop", line: 1, column: 2,
        message: "'loop' is included more than 100 levels deep: a template includes itself without a "
          + "section that ends the recursion")
    ) {
      try library.render("page", frames: [])
    }
  }

  /// The spec ignores text directly inside a parent; only tags other than overrides are errors.
  @Test func textInsideAParentIsIgnored() throws {
    let templates = [
      "page": "{{<base}} ignored {{$a}}A{{/a}} also ignored {{/base}}", "base": "[{{$a}}{{/a}}]",
    ]
    #expect(try render(templates, frames: []) == "[A]")
  }
}

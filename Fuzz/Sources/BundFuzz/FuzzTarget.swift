import BundCore
import BundLoading
import BundMarkdown

let languages = [
  Language(code: "en", tag: "en", name: "English", title: "T", description: "D"),
  Language(code: "zh", tag: "zh-Hans", name: "中文", title: "T", description: "D"),
]
let config = SiteConfig(baseURL: "https://example.org/", defaultLanguage: "en", languages: languages)
let figure = Figure(
  key: "growth", group: "g", value: "0.6", unit: .percent, qualifier: .about,
  period: LocalizedText(["en": "2022"]),
  label: LocalizedText(["en": "Growth"]), source: "s", location: SourceLocation(file: "f"))

/// libFuzzer entry point. The first byte picks the pipeline, the rest is its input:
/// 0 a page file (front matter + Markdown, both languages), 1 figures.yaml, 2 another data table,
/// 3 site.yaml-like YAML as a page's front matter only, 4 a CSV table, anything else Markdown alone.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
  let bytes = UnsafeBufferPointer(start: start, count: count)
  guard let selector = bytes.first else { return 0 }
  let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
  switch selector % 6 {
  case 0:
    for code in ["en", "zh"] {
      let (page, _) = SiteLoader.parsePage(text, relativePath: "briefings/plan.\(code).md", config: config)
      if let page { render(page.body, chinese: code == "zh") }
    }
  case 1:
    _ = SiteLoader.parseTable(text, name: "figures", languages: ["en", "zh"])
  case 2:
    for name in ["glossary", "timeline", "people", "sources", "tags"] {
      _ = SiteLoader.parseTable(text, name: name, languages: ["en", "zh"])
    }
  case 3:
    _ = SiteLoader.parsePage("---\n" + text + "\n---\nbody\n", relativePath: "a.en.md", config: config)
  case 4:
    _ = SiteLoader.parseCSVTable(text, name: "links")
  default:
    render(text, chinese: selector % 2 == 0)
  }
  return 0
}

func render(_ markdown: String, chinese: Bool) {
  let rules: TextRules = chinese ? .chinese : .english
  let hooks = MarkdownHooks(
    resolveLink: { destination in
      destination.hasSuffix(".md") ? .replace("../x/") : destination.isEmpty ? .broken("empty") : .keep
    },
    expandShortcode: { name, argument, isBlock in
      if name == "fig" && argument == "growth" { return .text(LocalFormat.figure(figure, in: rules)) }
      if name == "table" && isBlock { return .html("<table></table>") }
      return .failure("unknown")
    })
  let options = MarkdownOptions(text: rules)
  let result = MarkdownRenderer(options: options).render(markdown, hooks: hooks)
  _ = TextKit.summary(result.firstParagraph, in: rules)
  _ = TextKit.wordCount(result.plainText, in: rules)
  for heading in result.headings { _ = TextKit.anchor(heading.text) }
}

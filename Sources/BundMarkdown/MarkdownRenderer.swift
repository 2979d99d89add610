import BundCore
import CCMark

/// Renders Markdown to HTML through libcmark, walking the tree to add heading ids, resolve links and
/// shortcodes, and drop soft breaks between Chinese characters. C pointers never leave this module.
public struct MarkdownRenderer: Sendable {
  /// The version of the libcmark this binary runs on (`0.30.2`).
  public static var libcmarkVersion: String { String(cString: cmark_version_string()) }

  public var options: MarkdownOptions

  /// Stands for `\\{` while a document is parsed and its shortcodes expanded: two bytes in UTF-8,
  /// as the two it replaces, so every column stays where it was. (U+0080, a C1 control no text
  /// holds; a document that does hold it keeps its escapes as libcmark reads them.)
  static let escapedBrace: Character = "\u{80}"

  public init(options: MarkdownOptions) {
    self.options = options
  }

  /// The text with each escaped `{` (a `\\{` whose backslash is not itself escaped) held as
  /// `escapedBrace`: `\\\\{` is a backslash and a brace, and stays as it is.
  static func holdingEscapedBraces(_ text: String) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count)
    var backslashes = 0
    let placeholder = Array(String(escapedBrace).utf8)
    for byte in text.utf8 {
      if byte == UInt8(ascii: "{") && backslashes % 2 == 1 {
        out.removeLast()
        out += placeholder
        backslashes = 0
        continue
      }
      backslashes = byte == UInt8(ascii: "\\") ? backslashes + 1 : 0
      out.append(byte)
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Renders one document. Problems are returned as issues, never thrown.
  public func render(_ markdown: String, hooks: MarkdownHooks = MarkdownHooks()) -> RenderedMarkdown {
    // libcmark's memory for this page comes from the thread's arena, given back when it is done.
    CMarkArena.withArena { renderInArena(markdown, hooks: hooks) }
  }

  private func renderInArena(_ markdown: String, hooks: MarkdownHooks) -> RenderedMarkdown {
    var flags = CMARK_OPT_SOURCEPOS
    if options.text.smartPunctuation { flags |= CMARK_OPT_SMART }
    if options.allowRawHTML { flags |= CMARK_OPT_UNSAFE }
    let escapes = markdown.containsBytes("\\{") && !markdown.contains(Self.escapedBrace)
    // The one text the placeholder cannot serve: said, not ignored.
    let unescapable =
      markdown.containsBytes("\\{") && markdown.contains(Self.escapedBrace)
      ? [
        MarkdownIssue(
          .warning,
          "this page holds the control character U+0080, so braces escaped as \\{ are read as plain braces (a shortcode written with them is expanded); delete the U+0080",
          line: 1, column: 1)
      ] : []
    let parsed = escapes ? Self.holdingEscapedBraces(markdown) : markdown
    // `cmark_parse_document`, with the arena's allocator.
    let document: OpaquePointer? = parsed.withCString { pointer in
      guard let parser = cmark_parser_new_with_mem(flags, CMarkArena.allocator()) else { return nil }
      defer { cmark_parser_free(parser) }
      cmark_parser_feed(parser, pointer, strlen(pointer))
      return cmark_parser_finish(parser)
    }
    guard let document else {
      return RenderedMarkdown(
        html: "", headings: [], firstParagraph: "", plainText: "", images: [], links: [],
        issues: [MarkdownIssue(.error, "libcmark could not parse this document", line: 1, column: 1)])
    }
    defer { cmark_node_free(document) }
    cmark_consolidate_text_nodes(document)
    var unsupported = UnsupportedSyntax(
      document: document, source: markdown, allowRawHTML: options.allowRawHTML)
    let unsupportedIssues = unsupported.check()

    var walk = DocumentWalk(document: document, source: markdown, options: options, hooks: hooks)
    walk.collect()
    walk.expandBlockShortcodes()
    walk.expandInlineShortcodes()
    if escapes { walk.restoreEscapedBraces() }
    walk.resolveLinks()
    walk.collectImages()
    if options.text.joinsCJKLines { walk.dropSoftBreaksBetweenCJK() }
    let (plainText, firstParagraph) = walk.plainText()
    let renderFlags = flags & ~CMARK_OPT_SOURCEPOS
    let headings = walk.anchorHeadings(renderFlags: renderFlags, reservedIDs: options.reservedIDs)

    var html = ""
    if let rendered = cmark_render_html(document, renderFlags) {
      html = String(cString: rendered)
      CMarkArena.freeRendered(rendered)
    }
    walk.freeDetached()
    return RenderedMarkdown(
      html: html, headings: headings, firstParagraph: firstParagraph, plainText: plainText,
      images: walk.images, links: walk.links, issues: unescapable + unsupportedIssues + walk.issues)
  }
}

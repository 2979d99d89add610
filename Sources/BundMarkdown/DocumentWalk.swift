import BundCore
import CCMark

/// The passes over one parsed cmark document. Holds raw node pointers only while `render` runs.
struct DocumentWalk {
  let document: OpaquePointer
  let source: String
  /// Byte offsets where the source's lines start, found on the first `locate`.
  private var lineStarts: [Int]?
  let options: MarkdownOptions
  let hooks: MarkdownHooks

  var textNodes: [OpaquePointer] = []
  var linkNodes: [OpaquePointer] = []
  var imageNodes: [OpaquePointer] = []
  var softBreaks: [OpaquePointer] = []
  var headingNodes: [OpaquePointer] = []
  var paragraphs: [OpaquePointer] = []
  var images: [ImageReference] = []
  var links: [LinkReference] = []
  var issues: [MarkdownIssue] = []
  /// Nodes unlinked from the document (images written again as HTML), freed by `freeDetached`.
  private var detached: [OpaquePointer] = []

  init(document: OpaquePointer, source: String, options: MarkdownOptions, hooks: MarkdownHooks) {
    self.document = document
    self.source = source
    self.options = options
    self.hooks = hooks
  }

  /// One pass over the tree, remembering the nodes later passes change.
  mutating func collect() {
    guard let iterator = cmark_iter_new(document) else { return }
    defer { cmark_iter_free(iterator) }
    while true {
      let event = cmark_iter_next(iterator)
      if event == CMARK_EVENT_DONE { break }
      guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
      switch cmark_node_get_type(node) {
      case CMARK_NODE_TEXT: textNodes.append(node)
      case CMARK_NODE_LINK: linkNodes.append(node)
      case CMARK_NODE_IMAGE: imageNodes.append(node)
      case CMARK_NODE_SOFTBREAK: softBreaks.append(node)
      case CMARK_NODE_HEADING: headingNodes.append(node)
      case CMARK_NODE_PARAGRAPH: paragraphs.append(node)
      default: break
      }
    }
  }

  // MARK: Shortcodes

  /// A paragraph that is only `{{name argument}}` becomes the HTML the site gives for it.
  mutating func expandBlockShortcodes() {
    cursor = nil
    for paragraph in paragraphs {
      guard let child = cmark_node_first_child(paragraph), cmark_node_next(child) == nil,
        cmark_node_get_type(child) == CMARK_NODE_TEXT
      else { continue }
      let text = literal(of: child)
      guard text.containsBytes("{{") else { continue }
      let trimmed = text.trimmingWhitespace()
      guard let match = Shortcode.scan(trimmed).first, match.range == trimmed.startIndex..<trimmed.endIndex
      else { continue }
      let (line, column) = locate(match.source, near: paragraph)
      switch hooks.expandShortcode(match.name, match.argument, true) {
      case .html(let html):
        replace(paragraph, withHTML: html)
        textNodes.removeAll { $0 == child }
      case .text:
        continue  // an inline shortcode alone in its paragraph: handled with the other inline ones
      case .failure(let message):
        issues.append(MarkdownIssue(.error, message, line: line, column: column))
        textNodes.removeAll { $0 == child }
      }
    }
  }

  /// `{{fig key}}` inside text becomes the formatted text. Other braces are text, shown as written;
  /// braces that look like a mistyped shortcode, and full-width ｛｛ ｝｝, are a warning with the fix.
  /// A shortcode written with escaped braces (`\\{\\{fig x\\}\\}`) is shown literally.
  mutating func expandInlineShortcodes() {
    cursor = nil
    for node in textNodes {
      // Most text has no braces: looked for in the C string, before any Swift string is made.
      guard let raw = cmark_node_get_literal(node), strstr(raw, "{{") != nil || strstr(raw, "｛｛") != nil
      else { continue }
      let text = String(cString: raw)
      if text.containsBytes("｛｛") { warnFullWidth(in: text, near: node) }
      guard text.containsBytes("{{") else { continue }
      for (written, meant) in Shortcode.nearMisses(text) {
        let (line, column) = locate(written, near: node)
        issues.append(
          MarkdownIssue(
            .warning,
            "'\(written)' is not a shortcode and is shown as written; did you mean {{\(meant) …}}? Shortcode names are lowercase: \(Shortcode.names.sorted().joined(separator: ", "))",
            line: line, column: column))
      }
      let matches = Shortcode.scan(text)
      guard !matches.isEmpty else { continue }
      var result = ""
      var cursor = text.startIndex
      for match in matches {
        result += text[cursor..<match.range.lowerBound]
        cursor = match.range.upperBound
        switch hooks.expandShortcode(match.name, match.argument, false) {
        case .text(let expansion):
          result += expansion
        case .html:
          let (line, column) = locate(match.source, near: node)
          issues.append(
            MarkdownIssue(
              .error, "'{{\(match.name) …}}' makes a block: put it in a paragraph of its own", line: line,
              column: column))
          result += match.source
        case .failure(let message):
          let (line, column) = locate(match.source, near: node)
          issues.append(MarkdownIssue(.error, message, line: line, column: column))
          result += match.source
        }
      }
      result += text[cursor...]
      cmark_node_set_literal(node, result)
    }
  }

  /// Puts back the braces escaped as `\\{` (held as `MarkdownRenderer.escapedBrace` while
  /// shortcodes were expanded, so `\\{\\{fig x\\}\\}` shows literally): `{` in text, `\\{` in
  /// code and raw HTML, where a backslash is not an escape.
  mutating func restoreEscapedBraces() {
    let placeholder = String(MarkdownRenderer.escapedBrace)
    forEachDescendant(of: document) { node in
      switch cmark_node_get_type(node) {
      case CMARK_NODE_TEXT:
        let text = literal(of: node)
        if text.contains(placeholder) {
          cmark_node_set_literal(node, text.replacingOccurrences(of: placeholder, with: "{"))
        }
      case CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK, CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
        if let info = cmark_node_get_fence_info(node).map({ String(cString: $0) }), info.contains(placeholder)
        {
          cmark_node_set_fence_info(node, info.replacingOccurrences(of: placeholder, with: "{"))
        }
        let text = literal(of: node)
        if text.contains(placeholder) {
          cmark_node_set_literal(node, text.replacingOccurrences(of: placeholder, with: "\\{"))
        }
      case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
        let url = url(of: node)
        if url.contains(placeholder) {
          cmark_node_set_url(node, url.replacingOccurrences(of: placeholder, with: "{"))
        }
        let title = cmark_node_get_title(node).map { String(cString: $0) } ?? ""
        if title.contains(placeholder) {
          cmark_node_set_title(node, title.replacingOccurrences(of: placeholder, with: "{"))
        }
      default:
        break
      }
    }
  }

  /// `｛｛fig x｝｝` typed with a Chinese input method: a warning with the half-width text to write.
  private mutating func warnFullWidth(in text: String, near node: OpaquePointer) {
    var rest = text[...]
    var warned = 0
    // Each close is looked for a short way ahead only, and a node gets at most 20 warnings: a
    // paragraph of lone ｛｛ costs one pass.
    while warned < 20, let open = rest.range(of: "｛｛") {
      let after = rest[open.upperBound...]
      let limit =
        after.index(after.startIndex, offsetBy: Shortcode.longest, limitedBy: after.endIndex)
        ?? after.endIndex
      let window = after[..<limit]
      let close = window.range(of: "｝｝") ?? window.range(of: "}}")
      let inner = close.map { after[..<$0.lowerBound] } ?? after.prefix(0)
      let written = close.map { String(rest[open.lowerBound..<$0.upperBound]) } ?? "｛｛"
      let (line, column) = locate(written, near: node)
      issues.append(
        MarkdownIssue(
          .warning,
          close == nil
            ? "'｛｛' is a full-width brace pair (a Chinese input method); a shortcode is written {{fig KEY}} with half-width braces"
            : "'\(written)' is written with full-width braces ｛｝ (a Chinese input method) and is shown as written; write {{\(inner.trimmingCharacters(in: .whitespaces))}} with half-width braces",
          line: line, column: column))
      warned += 1
      rest = close.map { after[$0.upperBound...] } ?? after
    }
    // Past 20 in one paragraph: said once, with how many more.
    let more = rest.components(separatedBy: "｛｛").count - 1
    if warned == 20 && more > 0 {
      let (line, column) = locate("｛｛", near: node)
      issues.append(
        MarkdownIssue(
          .warning, "… and \(more) more full-width brace pairs ｛｛ in this paragraph, not listed one by one",
          line: line, column: column))
    }
  }

  // MARK: Links and images

  mutating func resolveLinks() {
    cursor = nil
    for node in linkNodes {
      let destination = url(of: node)
      let (line, column) = locate("(\(destination)", near: node, offset: 1)
      links.append(LinkReference(destination: destination, line: line, column: column))
      switch hooks.resolveLink(destination) {
      case .keep: break
      case .replace(let url): cmark_node_set_url(node, url)
      case .broken(let message): issues.append(MarkdownIssue(.error, message, line: line, column: column))
      }
    }
  }

  mutating func collectImages() {
    cursor = nil
    for node in imageNodes {
      let destination = url(of: node)
      let (line, column) = locate("(\(destination)", near: node, offset: 1)
      var alt = ""
      forEachDescendant(of: node) { child in
        if cmark_node_get_type(child) == CMARK_NODE_TEXT || cmark_node_get_type(child) == CMARK_NODE_CODE {
          alt += literal(of: child)
        }
      }
      images.append(ImageReference(destination: destination, alt: alt, line: line, column: column))
      switch hooks.resolveLink(destination) {
      case .keep: break
      case .replace(let url): cmark_node_set_url(node, url)
      case .broken(let message):
        issues.append(MarkdownIssue(.error, message, line: line, column: column))
        continue
      }
      giveSize(to: node, alt: alt, size: hooks.imageSize(destination), lazy: images.count > 1)
    }
  }

  /// Writes an image as `<img>` with its `width` and `height` (when the site knows them) and
  /// `loading="lazy"` after the first image of the page, so text does not jump while images load
  /// and images far down are fetched when needed. Only for relative and http(s) sources: any other
  /// is left to libcmark, whose safe mode decides what may be a source.
  private mutating func giveSize(to node: OpaquePointer, alt: String, size: ImageSize?, lazy: Bool) {
    guard size != nil || lazy else { return }
    let source = url(of: node)
    let scheme = URLRules.scheme(of: source)?.lowercased()
    guard scheme == nil || scheme == "http" || scheme == "https" else { return }
    var html =
      "<img src=\"\(TextKit.escapeHTML(Self.hrefEscaped(source)))\" alt=\"\(TextKit.escapeHTML(alt))\""
    if let title = cmark_node_get_title(node).map({ String(cString: $0) }), !title.isEmpty {
      html += " title=\"\(TextKit.escapeHTML(title))\""
    }
    if let size { html += " width=\"\(size.width)\" height=\"\(size.height)\"" }
    if lazy { html += " loading=\"lazy\"" }
    html += " />"
    guard let replacement = CMarkArena.newNode(CMARK_NODE_CUSTOM_INLINE) else { return }
    cmark_node_set_on_enter(replacement, html)
    cmark_node_set_on_exit(replacement, "")
    cmark_node_insert_before(node, replacement)
    // Unlinked, not freed: other passes may still hold its children; freed with the document.
    cmark_node_unlink(node)
    detached.append(node)
  }

  /// A URL as libcmark writes it in an attribute: bytes outside the characters a URL may hold
  /// (spaces, quotes, non-ASCII) percent-encoded; `%` kept, so what is encoded stays encoded.
  static func hrefEscaped(_ url: String) -> String {
    PercentEncoding.encode(url) { !hrefSafe.contains($0) }
  }

  private static let hrefSafe = Set(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~!*'();:@&=+$,/?#[]%".utf8)

  /// Frees the nodes taken out of the document. Called once, after the HTML is rendered.
  mutating func freeDetached() {
    for node in detached { cmark_node_free(node) }
    detached = []
  }

  // MARK: Chinese line breaks

  /// A soft line break between two CJK characters renders as nothing; others stay spaces.
  mutating func dropSoftBreaksBetweenCJK() {
    for node in softBreaks {
      guard let before = lastCharacter(before: node), let after = firstCharacter(after: node),
        TextKit.isCJK(before), TextKit.isCJK(after)
      else { continue }
      cmark_node_unlink(node)
      cmark_node_free(node)
    }
    softBreaks.removeAll()
  }

  private func lastCharacter(before node: OpaquePointer) -> Character? {
    var current = cmark_node_previous(node)
    while let candidate = current {
      if let last = cmark_node_last_child(candidate) {
        current = last
        continue
      }
      return literal(of: candidate).last
    }
    return nil
  }

  private func firstCharacter(after node: OpaquePointer) -> Character? {
    var current = cmark_node_next(node)
    while let candidate = current {
      if let first = cmark_node_first_child(candidate) {
        current = first
        continue
      }
      return literal(of: candidate).first
    }
    return nil
  }

  // MARK: Plain text

  /// The document's text (for counts and search) and its first top-level paragraph (for summaries).
  /// Gathered as UTF-8 bytes straight from the nodes' C strings, made a `String` once.
  func plainText() -> (String, String) {
    var text: [UInt8] = []
    text.reserveCapacity(source.utf8.count)
    var first: String?
    var paragraphStart: Int?
    func append(_ literal: UnsafePointer<CChar>?) {
      guard let literal else { return }
      let bytes = UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self)
      text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: strlen(literal)))
    }
    guard let iterator = cmark_iter_new(document) else { return ("", "") }
    defer { cmark_iter_free(iterator) }
    while true {
      let event = cmark_iter_next(iterator)
      if event == CMARK_EVENT_DONE { break }
      guard let node = cmark_iter_get_node(iterator) else { continue }
      let type = cmark_node_get_type(node)
      if event == CMARK_EVENT_ENTER {
        switch type {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE: append(cmark_node_get_literal(node))
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: text.append(UInt8(ascii: " "))
        case CMARK_NODE_CODE_BLOCK:
          append(cmark_node_get_literal(node))
          text.append(UInt8(ascii: "\n"))
        // A block shortcode's HTML (a table, a chart): its text is read and searched like the rest.
        case CMARK_NODE_CUSTOM_BLOCK:
          text += Self.textOfHTML(cmark_node_get_on_enter(node).map { String(cString: $0) } ?? "").utf8
          text.append(UInt8(ascii: "\n"))
        case CMARK_NODE_PARAGRAPH:
          if first == nil, cmark_node_parent(node) == document { paragraphStart = text.count }
        default: break
        }
      } else if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING || type == CMARK_NODE_ITEM {
        if let start = paragraphStart, first == nil {
          first = String(decoding: text[start...], as: UTF8.self)
          paragraphStart = nil
        }
        text.append(UInt8(ascii: "\n"))
      }
    }
    return (String(decoding: text, as: UTF8.self), first ?? "")
  }

  /// The text of an HTML fragment: tags dropped (each ends a word), the entities bund writes decoded.
  static func textOfHTML(_ html: String) -> String {
    var text = ""
    var inTag = false
    for character in html {
      if inTag {
        if character == ">" {
          inTag = false
          if text.last.map({ $0 != " " }) ?? false { text += " " }
        }
      } else if character == "<" {
        inTag = true
      } else {
        text.append(character)
      }
    }
    for (entity, character) in [
      ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&"),
    ] {
      text = text.replacingOccurrences(of: entity, with: character)
    }
    return text
  }

  // MARK: Headings

  /// Gives every heading an id (Chinese kept, duplicates numbered) by re-emitting it as HTML.
  mutating func anchorHeadings(renderFlags: Int32, reservedIDs: Set<String>) -> [Heading] {
    var headings: [Heading] = []
    var anchors = UniqueAnchors(reserved: reservedIDs)
    for node in headingNodes {
      var text = ""
      forEachDescendant(of: node) { child in
        let type = cmark_node_get_type(child)
        if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE { text += literal(of: child) }
        if type == CMARK_NODE_SOFTBREAK { text += " " }
      }
      let id = anchors.claim(TextKit.anchor(text))
      let level = Int(cmark_node_get_heading_level(node))
      let line = Int(cmark_node_get_start_line(node))
      headings.append(Heading(level: level, text: text, id: id, line: line))
      var inner = ""
      if let rendered = cmark_render_html(node, renderFlags) {
        inner = String(cString: rendered)
        CMarkArena.freeRendered(rendered)
      }
      inner = inner.strippingHeadingTags(level: level)
      replace(node, withHTML: "<h\(level) id=\"\(TextKit.escapeHTML(id))\">\(inner)</h\(level)>")
    }
    return headings
  }

  // MARK: Helpers

  private func replace(_ node: OpaquePointer, withHTML html: String) {
    guard let block = CMarkArena.newNode(CMARK_NODE_CUSTOM_BLOCK) else { return }
    cmark_node_set_on_enter(block, html)
    cmark_node_set_on_exit(block, "")
    cmark_node_replace(node, block)
    cmark_node_free(node)
  }

  private func literal(of node: OpaquePointer) -> String {
    cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
  }

  private func url(of node: OpaquePointer) -> String {
    cmark_node_get_url(node).map { String(cString: $0) } ?? ""
  }

  private func forEachDescendant(of node: OpaquePointer, _ body: (OpaquePointer) -> Void) {
    guard let iterator = cmark_iter_new(node) else { return }
    defer { cmark_iter_free(iterator) }
    while true {
      let event = cmark_iter_next(iterator)
      if event == CMARK_EVENT_DONE { break }
      if event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iterator), child != node { body(child) }
    }
  }

  /// Source line `number` (1-based), or nil past the end.
  private mutating func sourceLine(_ number: Int) -> Substring? {
    let starts = makeLineStarts()
    guard number >= 1, number <= starts.count else { return nil }
    let utf8 = source.utf8
    let lower = utf8.index(utf8.startIndex, offsetBy: starts[number - 1])
    let upper =
      number < starts.count ? utf8.index(utf8.startIndex, offsetBy: starts[number] - 1) : utf8.endIndex
    return source[lower..<upper]
  }

  /// `lineStarts`, found on the first call.
  private mutating func makeLineStarts() -> [Int] {
    if let lineStarts { return lineStarts }
    let starts = UnsupportedSyntax.lineStarts(of: source)
    lineStarts = starts
    return starts
  }

  /// Where the last `locate` in the current block found its needle: the next search starts there,
  /// since passes visit nodes in document order. So a paragraph of 20,000 links is searched once,
  /// not once per link, and columns are counted from the cursor rather than from the line's start.
  private struct Cursor {
    var block: OpaquePointer
    var line: Int
    /// Byte offset in the line where the next search starts, and characters before it.
    var byte = 0
    var characters = 0
    /// Searches in this block that found nothing after the cursor.
    var misses = 0
  }
  private var cursor: Cursor?

  /// Line and column (in characters) of `needle` in the source lines of the block holding `node`,
  /// at or after the previous find in that block; the block's start when it is not there.
  private mutating func locate(_ needle: String, near node: OpaquePointer, offset: Int = 0) -> (Int, Int) {
    // The enclosing block (paragraph, heading, item): inline nodes' own positions are not reliable.
    var block: OpaquePointer? = node
    while let current = block,
      cmark_node_get_start_line(current) == 0
        || cmark_node_get_type(current).rawValue > CMARK_NODE_LAST_BLOCK.rawValue
    {
      block = cmark_node_parent(current)
    }
    guard let block else { return (0, 0) }
    let start = Int(cmark_node_get_start_line(block))
    let end = max(start, Int(cmark_node_get_end_line(block)))
    if cursor?.block != block { cursor = Cursor(block: block, line: start) }
    guard var current = cursor else { return (start, 1) }
    // Once needles keep missing in this block (reference links, whose URL is written elsewhere),
    // each search looks only a short way past the cursor: cost per search stays bounded.
    let window = current.misses > 32 ? 4096 : Int.max
    if let found = search(needle, from: current, through: end, window: window) {
      current.line = found.line
      current.byte = found.byte + needle.utf8.count
      current.characters = found.characters + needle.count
      cursor = current
      return (found.line, found.characters + 1 + offset)
    }
    // Not after the cursor (a needle out of order): from the block's start, a bounded number of
    // times per block, so needles that are nowhere (reference links) cannot make this quadratic.
    current.misses += 1
    cursor = current
    if current.misses <= 32,
      let found = search(needle, from: Cursor(block: block, line: start), through: end, window: .max)
    {
      return (found.line, found.characters + 1 + offset)
    }
    let line = sourceLine(start) ?? ""
    let byteColumn = max(1, Int(cmark_node_get_start_column(block)))
    let prefix = line.utf8.prefix(byteColumn - 1)
    return (start, (String(decoding: prefix, as: UTF8.self).count) + 1)
  }

  /// The first place of `needle` at or after the cursor, up to line `end`: by bytes over the
  /// source's UTF-8, so each search costs the distance it covers.
  private mutating func search(_ needle: String, from cursor: Cursor, through end: Int, window: Int) -> (
    line: Int, byte: Int, characters: Int
  )? {
    guard cursor.line <= end, !needle.isEmpty else { return nil }
    let starts = makeLineStarts()
    guard cursor.line <= min(end, starts.count) else { return nil }
    var needle = needle
    // The source's own bytes, borrowed (a native string's are contiguous: no copy).
    var source = self.source
    return needle.withUTF8 { pattern in
      source.withUTF8 { bytes -> (Int, Int, Int)? in
        let first = pattern[0]
        var budget = window
        for lineNumber in cursor.line...min(end, starts.count) {
          let lineStart = starts[lineNumber - 1]
          let lineEnd = lineNumber < starts.count ? starts[lineNumber] - 1 : bytes.count
          let skip = lineNumber == cursor.line ? cursor.byte : 0
          var index = lineStart + skip
          let stop = budget >= lineEnd - index ? lineEnd : index + budget
          budget -= stop - index
          while index + pattern.count <= stop {
            if bytes[index] == first {
              var matched = 1
              while matched < pattern.count, bytes[index + matched] == pattern[matched] { matched += 1 }
              if matched == pattern.count {
                let before = skip == 0 ? 0 : cursor.characters
                let between = String(decoding: bytes[(lineStart + skip)..<index], as: UTF8.self).count
                return (lineNumber, index - lineStart, before + between)
              }
            }
            index += 1
          }
          if budget <= 0 { return nil }
        }
        return nil
      }
    }
  }
}

extension String {
  func trimmingWhitespace() -> Substring {
    var slice = Substring(self)
    while let first = slice.first, first.isWhitespace { slice.removeFirst() }
    while let last = slice.last, last.isWhitespace { slice.removeLast() }
    return slice
  }

  /// `<h2>inner</h2>\n` → `inner`.
  func strippingHeadingTags(level: Int) -> String {
    var text = Substring(self)
    while let last = text.last, last.isWhitespace { text.removeLast() }
    let open = "<h\(level)>"
    let close = "</h\(level)>"
    // `hasPrefix` and `hasSuffix` compare characters one by one; the tags are ASCII, so their bytes
    // are compared, and the cut is kept only when it falls between characters (as theirs would).
    let opened = text.dropFirst(open.count)
    if text.utf8.starts(with: open.utf8) && text.utf8.count - opened.utf8.count == open.utf8.count {
      text = opened
    }
    let closed = text.dropLast(close.count)
    if text.utf8.reversed().starts(with: close.utf8.reversed())
      && text.utf8.count - closed.utf8.count == close.utf8.count
    {
      text = closed
    }
    return String(text)
  }
}

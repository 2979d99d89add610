import BundCore
import CCMark

/// What CommonMark (libcmark, no extensions) does not have, said where it is written: a GFM pipe
/// table, a footnote, `~~strike~~` and a task list show as plain text, and raw HTML is left out
/// of the page in safe mode. Each is a warning saying what to write instead.
struct UnsupportedSyntax {
  let document: OpaquePointer
  let source: String
  let allowRawHTML: Bool
  /// Byte offsets where the source's lines start, found when a check first needs a line (most
  /// pages need none).
  private var lineStarts: [Int]?
  private(set) var issues: [MarkdownIssue] = []
  /// One warning per kind and block: a long table or a paragraph full of `~~` is one warning.
  private var reported: Set<String> = []

  init(document: OpaquePointer, source: String, allowRawHTML: Bool) {
    self.document = document
    self.source = source
    self.allowRawHTML = allowRawHTML
  }

  static let tableAdvice =
    "this looks like a GFM pipe table, which CommonMark does not have: it shows as text with its pipes. Put the rows in Content/data/ and write {{table data/NAME}} (docs/content-format.md, \"Tables\")"
  static let footnoteAdvice =
    "a footnote ('[^…]') is not CommonMark: it shows as written. Put the note in the sentence, in parentheses, or in a list at the end of the page"
  static let strikeAdvice =
    "'~~' (strikethrough) is not CommonMark: it shows as written. Delete the text, or say in words what changed"
  static let taskAdvice =
    "a task-list box ('[ ]', '[x]') is not CommonMark: it shows as written. Use a plain list, or words such as 'Done:'"

  mutating func check() -> [MarkdownIssue] {
    let mayHaveTable = source.containsBytes("|")
    let mayHaveText =
      source.containsBytes("~~") || source.containsBytes("[^") || source.containsBytes("[ ]")
      || source.containsBytes("[x]") || source.containsBytes("[X]")
    let mayHaveHTML = !allowRawHTML && source.containsBytes("<")
    guard mayHaveTable || mayHaveText || mayHaveHTML else { return [] }
    guard let iterator = cmark_iter_new(document) else { return [] }
    defer { cmark_iter_free(iterator) }
    while true {
      let event = cmark_iter_next(iterator)
      if event == CMARK_EVENT_DONE { break }
      guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
      switch cmark_node_get_type(node) {
      case CMARK_NODE_PARAGRAPH where mayHaveTable: checkTable(node)
      case CMARK_NODE_TEXT where mayHaveText: checkText(node)
      case CMARK_NODE_ITEM where mayHaveText: checkTask(node)
      case CMARK_NODE_HTML_BLOCK where mayHaveHTML, CMARK_NODE_HTML_INLINE where mayHaveHTML:
        checkHTML(node)
      default: break
      }
    }
    return issues.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
  }

  /// Source line `number` (1-based, split at `\n`), or nil past the end.
  private mutating func line(_ number: Int) -> Substring? {
    let starts = lineStarts ?? Self.lineStarts(of: source)
    lineStarts = starts
    guard number >= 1 && number <= starts.count else { return nil }
    let utf8 = source.utf8
    let lower = utf8.index(utf8.startIndex, offsetBy: starts[number - 1])
    let upper =
      number < starts.count ? utf8.index(utf8.startIndex, offsetBy: starts[number] - 1) : utf8.endIndex
    return source[lower..<upper]
  }

  /// The byte offset of each line's start: 0, then one past each `\n`.
  /// (The C library's `memchr` finds each line break; shared with `DocumentWalk`.)
  static func lineStarts(of text: String) -> [Int] {
    var starts = [0]
    var copy = text
    copy.withUTF8 { bytes in
      guard let base = bytes.baseAddress else { return }
      var cursor = base
      let end = base + bytes.count
      while cursor < end, let hit = memchr(cursor, 0x0A, end - cursor) {
        let newline = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
        starts.append(newline - base + 1)
        cursor = newline + 1
      }
    }
    return starts
  }

  /// The nearest node at or above `node` that has a source position (cmark gives none to inlines).
  private func block(of node: OpaquePointer) -> OpaquePointer? {
    var current: OpaquePointer? = node
    while let candidate = current,
      cmark_node_get_start_line(candidate) == 0
        || Self.inlines.contains(cmark_node_get_type(candidate).rawValue)
    {
      current = cmark_node_parent(candidate)
    }
    return current
  }

  private static let inlines: Set<UInt32> = Set(
    [
      CMARK_NODE_TEXT, CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK, CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE,
      CMARK_NODE_CUSTOM_INLINE, CMARK_NODE_EMPH, CMARK_NODE_STRONG, CMARK_NODE_LINK, CMARK_NODE_IMAGE,
    ].map(\.rawValue))

  /// Where `needle` first appears in the lines of `block` (line, column in characters), or the
  /// block's start.
  private mutating func position(of needle: String, in block: OpaquePointer) -> (Int, Int) {
    let start = Int(cmark_node_get_start_line(block))
    let end = max(start, Int(cmark_node_get_end_line(block)))
    for number in start...end {
      guard let text = line(number) else { break }
      if let range = text.range(of: needle) {
        return (number, text.distance(from: text.startIndex, to: range.lowerBound) + 1)
      }
    }
    return (start, max(1, Int(cmark_node_get_start_column(block))))
  }

  private mutating func report(
    _ kind: String, _ message: String, block: OpaquePointer, at position: (Int, Int)
  ) {
    let key = "\(kind):\(cmark_node_get_start_line(block)):\(cmark_node_get_start_column(block))"
    guard reported.insert(key).inserted else { return }
    issues.append(MarkdownIssue(.warning, message, line: position.0, column: position.1))
  }

  /// A paragraph whose first line has a pipe and whose second line is a delimiter row (`|---|:-:|`).
  private mutating func checkTable(_ node: OpaquePointer) {
    let start = Int(cmark_node_get_start_line(node))
    // Only a paragraph whose literal text has a pipe can be a table: most are not looked at further.
    guard start > 0, Self.hasPipe(node), let first = line(start), first.utf8.contains(UInt8(ascii: "|")),
      let second = line(start + 1),
      Self.isDelimiterRow(second)
    else { return }
    let column = first.firstIndex(of: "|").map { first.distance(from: first.startIndex, to: $0) + 1 } ?? 1
    report("table", Self.tableAdvice, block: node, at: (start, column))
  }

  static func isDelimiterRow(_ text: Substring) -> Bool {
    let trimmed = text.trimmingCharacters(in: " \t")
    guard trimmed.contains("-"), trimmed.contains("|") || trimmed.hasPrefix(":") || trimmed.hasPrefix("-")
    else {
      return false
    }
    let cells = trimmed.split(separator: "|", omittingEmptySubsequences: true)
    guard !cells.isEmpty else { return false }
    return cells.allSatisfy { cell in
      let core = cell.trimmingCharacters(in: " \t")
      guard !core.isEmpty else { return false }
      var body = Substring(core)
      if body.first == ":" { body.removeFirst() }
      if body.last == ":" { body.removeLast() }
      return !body.isEmpty && body.allSatisfy { $0 == "-" }
    } && (trimmed.contains("|"))
  }

  private mutating func checkText(_ node: OpaquePointer) {
    // Most text has neither: looked for in the C string, before any Swift string is made.
    guard let literal = cmark_node_get_literal(node),
      Self.contains(literal, UInt8(ascii: "~"), UInt8(ascii: "~"))
        || Self.contains(literal, UInt8(ascii: "["), UInt8(ascii: "^"))
    else { return }
    let text = String(cString: literal)
    guard let block = block(of: node) else { return }
    if text.containsBytes("~~") {
      report("strike", Self.strikeAdvice, block: block, at: position(of: "~~", in: block))
    }
    if text.containsBytes("[^"), let range = text.range(of: "[^"), text[range.upperBound...].contains("]") {
      report("footnote", Self.footnoteAdvice, block: block, at: position(of: "[^", in: block))
    }
  }

  private mutating func checkTask(_ node: OpaquePointer) {
    guard let paragraph = cmark_node_first_child(node),
      cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH,
      let text = cmark_node_first_child(paragraph), cmark_node_get_type(text) == CMARK_NODE_TEXT
    else { return }
    let literal = cmark_node_get_literal(text).map { String(cString: $0) } ?? ""
    guard let box = ["[ ] ", "[x] ", "[X] "].first(where: { literal.hasPrefix($0) }) else { return }
    report(
      "task", Self.taskAdvice, block: node, at: position(of: box.trimmingCharacters(in: " "), in: paragraph))
  }

  private mutating func checkHTML(_ node: OpaquePointer) {
    let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    let firstLine = literal.split(separator: "\n").first.map { String($0.prefix(60)) } ?? ""
    guard let block = block(of: node) else { return }
    let at =
      cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK
      ? (Int(cmark_node_get_start_line(node)), max(1, Int(cmark_node_get_start_column(node))))
      : position(of: firstLine, in: block)
    report(
      "html",
      "raw HTML is left out of the page ('\(firstLine)'): the site does not allow it. Write it in Markdown, or set allow_raw_html: true in Content/site.yaml to keep it",
      block: block, at: at)
  }
}

extension UnsupportedSyntax {
  /// Whether a NUL-terminated C string holds the two bytes `first` `second` in a row.
  static func contains(_ text: UnsafePointer<CChar>, _ first: UInt8, _ second: UInt8) -> Bool {
    var pointer = UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self)
    while pointer.pointee != 0 {
      if pointer.pointee == first && pointer.advanced(by: 1).pointee == second { return true }
      pointer = pointer.advanced(by: 1)
    }
    return false
  }

  /// Whether any text or code in a paragraph has a `|`: a paragraph without one is no table, and
  /// its lines need not be looked at.
  static func hasPipe(_ paragraph: OpaquePointer) -> Bool {
    guard let iterator = cmark_iter_new(paragraph) else { return true }
    defer { cmark_iter_free(iterator) }
    while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
      guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
      let type = cmark_node_get_type(node)
      guard type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let literal = cmark_node_get_literal(node)
      else { continue }
      var pointer = UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self)
      while pointer.pointee != 0 {
        if pointer.pointee == UInt8(ascii: "|") { return true }
        pointer = pointer.advanced(by: 1)
      }
    }
    return false
  }
}

extension StringProtocol {
  fileprivate func trimmingCharacters(in set: String) -> String {
    var slice = Substring(self)
    while let first = slice.first, set.contains(first) { slice.removeFirst() }
    while let last = slice.last, set.contains(last) { slice.removeLast() }
    return String(slice)
  }
}

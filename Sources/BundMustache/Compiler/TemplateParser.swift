/// Compiles template source into `Program` nodes.
///
/// Where the spec leaves whitespace open, the line rules follow swift-mustache 2.x, so that
/// templates written for it render to the same bytes: text is cut after every newline, the
/// whitespace before a standalone partial or parent stays in the output and becomes the
/// indentation of the included template's following lines, and a line counts as standalone
/// only while nothing but whitespace and standalone tags came before on it.
struct TemplateParser {
  var program = Program()

  /// The template being compiled.
  var templateName = ""
  var source: [UInt8] = []
  var position = 0
  /// Where the last tag's line and column were counted to.
  var lineCursor = LineCursor()

  /// Parses one template and appends its nodes, returning their range.
  mutating func compile(name: String, source text: String) throws(MustacheError) -> Range<Int> {
    templateName = name
    source = Array(text.utf8)
    position = 0
    lineCursor = LineCursor()
    let start = program.nodes.count
    _ = try parseBody(ParseState(), closing: nil)
    return start..<program.nodes.count
  }
}

/// A byte offset of the source with its 1-based line and the offset where that line starts.
struct LineCursor {
  var offset = 0
  var line = 1
  var lineStart = 0
}

/// What the parser knows at a point of the source; sections get a copy.
struct ParseState {
  var open: [UInt8] = Array("{{".utf8)
  var close: [UInt8] = Array("}}".utf8)
  /// Only whitespace and standalone tags so far on this line: a tag here may be standalone.
  var atLineStart = true
  /// Inside an override `{{$name}}` in a parent: its lines lose the first line's indentation.
  var inOverride = false
  /// Directly inside a parent `{{<name}}`, where only overrides count and text is ignored.
  var atParentTopLevel = false
  /// How many spaces and tabs the override's lines lose, set by its first line.
  var overrideIndent: Int?
}

/// An open section, parent or block, for matching its closing tag and for errors.
struct OpenTag {
  enum Kind: String {
    case section, parent, block
  }

  var kind: Kind
  var name: String
  var position: Int
  var open: [UInt8]
  var close: [UInt8]

  var closingTag: String {
    String(decoding: open, as: UTF8.self) + "/" + name + String(decoding: close, as: UTF8.self)
  }
}

/// How a body ended.
struct BodyEnd {
  var open: [UInt8]
  var close: [UInt8]
  /// The indentation kept by the body's first line that is not blank, for bodies that start at a line start.
  var firstLineIndent: Range<Int>?
}

extension TemplateParser {
  /// Parses until the closing tag of `openTag`, or the end of the source for the template itself.
  mutating func parseBody(_ inherited: ParseState, closing openTag: OpenTag?) throws(MustacheError) -> BodyEnd
  {
    var state = inherited
    var whitespace = position..<position
    var firstLineIndent: Range<Int>?

    while position < source.count {
      if state.atLineStart {
        let read = readSpacesAndTabs()
        if state.inOverride && !state.atParentTopLevel {
          if let indent = state.overrideIndent {
            whitespace = (read.lowerBound + min(indent, read.count))..<read.upperBound
          } else {
            state.overrideIndent = read.count
          }
        } else {
          whitespace = read
        }
        if firstLineIndent == nil && !isBlankLine() { firstLineIndent = whitespace }
      }

      let (text, newline, tagStart) = readText(until: state.open)
      if let newline {
        emitText([whitespace, text, newline], state: state)
        state.atLineStart = true
        continue
      }
      if !text.isEmpty {
        emitText([whitespace, text], state: state)
        whitespace = position..<position
        state.atLineStart = false
      }
      guard let tagStart else { break }

      let kind = position < source.count ? source[position] : 0
      if state.atParentTopLevel && !Self.tagsAllowedInParent.contains(kind) {
        throw error(
          "only overrides {{$name}}…{{/name}} may appear inside parent '\(openTag?.name ?? "")'; "
            + "move this tag into an override", at: tagStart)
      }
      var setLineStart = false
      switch kind {
      case UInt8(ascii: "#"), UInt8(ascii: "^"):
        setLineStart = try parseSection(
          inverted: kind == UInt8(ascii: "^"), tagStart: tagStart, state: &state, whitespace: &whitespace)
      case UInt8(ascii: "/"):
        try parseClosingTag(of: openTag, tagStart: tagStart, state: state, whitespace: whitespace)
        return BodyEnd(open: state.open, close: state.close, firstLineIndent: firstLineIndent)
      case UInt8(ascii: "!"):
        position += 1
        try skipComment(tagStart: tagStart, state: state)
        setLineStart = isStandalone(state)
      case UInt8(ascii: "{"), UInt8(ascii: "&"):
        emitWhitespace(&whitespace, state: state)
        position += 1
        try parseVariable(escaped: false, triple: kind == UInt8(ascii: "{"), tagStart: tagStart, state: state)
      case UInt8(ascii: ">"):
        setLineStart = try parsePartial(tagStart: tagStart, state: state, whitespace: &whitespace)
      case UInt8(ascii: "<"):
        setLineStart = try parseParent(tagStart: tagStart, state: &state, whitespace: &whitespace)
      case UInt8(ascii: "$"):
        setLineStart = try parseBlock(tagStart: tagStart, state: &state, whitespace: &whitespace)
      case UInt8(ascii: "="):
        position += 1
        try readDelimiters(into: &state, tagStart: tagStart)
        setLineStart = isStandalone(state)
      case UInt8(ascii: "%"):
        throw error("pragmas {{%…}} are not supported", at: tagStart)
      default:
        emitWhitespace(&whitespace, state: state)
        try parseVariable(escaped: true, triple: false, tagStart: tagStart, state: state)
      }
      state.atLineStart = setLineStart
    }
    if let openTag {
      throw error(
        "\(openTag.kind.rawValue) '\(openTag.name)' is never closed: add \(openTag.closingTag)",
        at: openTag.position)
    }
    return BodyEnd(open: state.open, close: state.close, firstLineIndent: firstLineIndent)
  }

  /// Tags that may stand directly inside a parent: overrides, its closing tag, comments, delimiters.
  static let tagsAllowedInParent: Set<UInt8> = [
    UInt8(ascii: "$"), UInt8(ascii: "/"), UInt8(ascii: "!"), UInt8(ascii: "="),
  ]

  /// Emits the whitespace read at the start of the line, if any, before a tag that is not standalone.
  mutating func emitWhitespace(_ whitespace: inout Range<Int>, state: ParseState) {
    guard !whitespace.isEmpty else { return }
    emitText([whitespace], state: state)
    whitespace = position..<position
  }

  /// Appends the concatenated source ranges as one text node.
  mutating func emitText(_ parts: [Range<Int>], state: ParseState) {
    guard !state.atParentTopLevel else { return }
    let slice = storeText(parts)
    if slice.count > 0 { program.nodes.append(.text(slice)) }
  }

  /// Copies source ranges into the text pool without making a node.
  mutating func storeText(_ parts: [Range<Int>]) -> TextSlice {
    let start = program.text.count
    for part in parts { program.text.append(contentsOf: source[part]) }
    return TextSlice(start: start, count: program.text.count - start)
  }

  mutating func blockNumber(_ name: String) -> Int {
    if let number = program.blockNumbers[name] { return number }
    let number = program.blockNumbers.count
    program.blockNumbers[name] = number
    return number
  }

  mutating func addSite(_ name: String, isParent: Bool, indent: Range<Int>?, at tagStart: Int) -> Int {
    recordTag(isParent ? .parent : .partial, name: name, path: [], at: tagStart)
    let (line, column) = tagLineAndColumn(of: tagStart)
    program.partialSites.append(
      PartialSite(
        name: name, isParent: isParent, template: nil, indent: indent.map { storeText([$0]) },
        templateName: templateName, line: line, column: column))
    return program.partialSites.count - 1
  }
}

extension ParseState {
  /// The state inside a section or block body.
  func enteringSection(atLineStart: Bool) -> ParseState {
    var state = self
    state.atParentTopLevel = false
    if !atLineStart { state.atLineStart = false }
    return state
  }
}

/// Parsing each kind of tag, after its opening delimiter.
///
/// `whitespace` is the indentation read at the start of the line and not yet emitted; the
/// functions that return a `Bool` return whether the tag was standalone, which makes the next
/// position a line start.
extension TemplateParser {
  /// `{{name}}`, `{{&name}}`, `{{{name}}}`.
  mutating func parseVariable(escaped: Bool, triple: Bool, tagStart: Int, state: ParseState)
    throws(MustacheError)
  {
    let name = try readName(tagStart: tagStart, state: state)
    if triple {
      guard position < source.count, source[position] == UInt8(ascii: "}") else {
        throw error("'{{{\(name)' needs three closing braces: write {{{\(name)}}}", at: tagStart)
      }
      position += 1
    }
    program.nodes.append(
      .variable(lookup: try lookupIndex(name, kind: .variable, tagStart: tagStart), escaped: escaped))
  }

  /// `{{#name}}…{{/name}}` and `{{^name}}…{{/name}}`.
  mutating func parseSection(
    inverted: Bool, tagStart: Int, state: inout ParseState, whitespace: inout Range<Int>
  ) throws(MustacheError) -> Bool {
    position += 1
    let name = try readName(tagStart: tagStart, state: state)
    let lookup = try lookupIndex(name, kind: inverted ? .invertedSection : .section, tagStart: tagStart)
    let standalone = isStandalone(state)
    if !standalone { emitWhitespace(&whitespace, state: state) }
    let node = program.nodes.count
    program.nodes.append(.text(.empty))
    let tag = OpenTag(kind: .section, name: name, position: tagStart, open: state.open, close: state.close)
    let end = try parseBody(state.enteringSection(atLineStart: standalone), closing: tag)
    state.open = end.open
    state.close = end.close
    let bodyEnd = program.nodes.count
    program.nodes[node] =
      inverted ? .invertedSection(lookup: lookup, end: bodyEnd) : .section(lookup: lookup, end: bodyEnd)
    return standalone
  }

  /// `{{/name}}`, which must close the innermost open section, parent or block.
  mutating func parseClosingTag(
    of openTag: OpenTag?, tagStart: Int, state: ParseState, whitespace: Range<Int>
  ) throws(MustacheError) {
    position += 1
    let name =
      openTag?.kind == .parent
      ? try readPartialName(tagStart: tagStart, state: state)
      : try readName(tagStart: tagStart, state: state)
    guard let openTag, openTag.name == name else {
      throw closingMismatch(name, open: openTag, at: tagStart)
    }
    // A standalone closing tag drops its line with its whitespace.
    if !isStandalone(state) && !whitespace.isEmpty {
      emitText([whitespace], state: state)
    }
  }

  /// `{{>name}}`. The whitespace before the tag stays in the output; when the tag is standalone it
  /// also indents the partial's following lines.
  mutating func parsePartial(
    tagStart: Int, state: ParseState, whitespace: inout Range<Int>
  ) throws(MustacheError) -> Bool {
    position += 1
    skipWhitespace()
    try rejectDynamicName(tagStart: tagStart)
    let name = try readPartialName(tagStart: tagStart, state: state)
    if !whitespace.isEmpty { emitText([whitespace], state: state) }
    let standalone = isStandalone(state)
    let site = addSite(name, isParent: false, indent: standalone ? whitespace : nil, at: tagStart)
    program.nodes.append(.partial(site: site))
    whitespace = position..<position
    return standalone
  }

  /// `{{<name}}…{{/name}}`, whose body holds the overrides passed to the parent template.
  mutating func parseParent(
    tagStart: Int, state: inout ParseState, whitespace: inout Range<Int>
  ) throws(MustacheError) -> Bool {
    position += 1
    skipWhitespace()
    try rejectDynamicName(tagStart: tagStart)
    let name = try readPartialName(tagStart: tagStart, state: state)
    if !whitespace.isEmpty { emitText([whitespace], state: state) }
    let standalone = isStandalone(state)
    let site = addSite(name, isParent: true, indent: whitespace, at: tagStart)
    let node = program.nodes.count
    program.nodes.append(.text(.empty))
    var inner = state
    inner.atLineStart = true
    inner.inOverride = true
    inner.atParentTopLevel = true
    let tag = OpenTag(kind: .parent, name: name, position: tagStart, open: state.open, close: state.close)
    let end = try parseBody(inner, closing: tag)
    state.open = end.open
    state.close = end.close
    program.nodes[node] = .parent(site: site, end: program.nodes.count)
    whitespace = position..<position
    return standalone
  }

  /// `{{$name}}…{{/name}}`: an override directly inside a parent, a block anywhere else.
  ///
  /// A block whose tag is standalone keeps no whitespace of its own; overrides get the
  /// indentation of its default's first line (the spec's "intrinsic indentation"). Otherwise, as
  /// in swift-mustache, the whitespace before the tag is output and indents the following lines.
  mutating func parseBlock(
    tagStart: Int, state: inout ParseState, whitespace: inout Range<Int>
  ) throws(MustacheError) -> Bool {
    position += 1
    let name = try readName(tagStart: tagStart, state: state)
    guard !name.contains("(") else {
      throw error("a block name cannot take a transform: write {{$name}} without parentheses", at: tagStart)
    }
    recordTag(.block, name: name, path: [], at: tagStart)
    let block = blockNumber(name)
    let standalone = isStandalone(state)
    let isOverride = state.atParentTopLevel
    if !isOverride && !standalone && !whitespace.isEmpty {
      emitText([whitespace], state: state)
    }
    let node = program.nodes.count
    program.nodes.append(.text(.empty))
    let tag = OpenTag(kind: .block, name: name, position: tagStart, open: state.open, close: state.close)
    let end = try parseBody(state.enteringSection(atLineStart: standalone), closing: tag)
    state.open = end.open
    state.close = end.close
    let bodyEnd = program.nodes.count
    if isOverride {
      program.nodes[node] = .blockDefinition(block: block, end: bodyEnd)
    } else {
      let hasDefault = bodyEnd > node + 1
      let indent = standalone && hasDefault ? end.firstLineIndent ?? whitespace : whitespace
      program.nodes[node] = .block(
        block: block, end: bodyEnd, indent: storeText([indent]), standalone: standalone)
    }
    whitespace = position..<position
    return standalone
  }
}

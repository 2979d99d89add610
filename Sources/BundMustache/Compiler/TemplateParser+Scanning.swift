/// Reading text, names and delimiters from the source bytes.
extension TemplateParser {
  /// Reads the spaces and tabs at the current position.
  mutating func readSpacesAndTabs() -> Range<Int> {
    let start = position
    while position < source.count,
      source[position] == UInt8(ascii: " ") || source[position] == UInt8(ascii: "\t")
    {
      position += 1
    }
    return start..<position
  }

  /// Reads text up to a newline (consumed and returned) or an opening delimiter (consumed; its
  /// position returned), or to the end of the source.
  mutating func readText(until open: [UInt8]) -> (text: Range<Int>, newline: Range<Int>?, tagStart: Int?) {
    let start = position
    let first = open[0]
    while position < source.count {
      let byte = source[position]
      if byte == UInt8(ascii: "\n") {
        position += 1
        return (start..<(position - 1), (position - 1)..<position, nil)
      }
      if byte == UInt8(ascii: "\r"), position + 1 < source.count, source[position + 1] == UInt8(ascii: "\n") {
        position += 2
        return (start..<(position - 2), (position - 2)..<position, nil)
      }
      if byte == first, matches(open) {
        let tagStart = position
        position += open.count
        return (start..<tagStart, nil, tagStart)
      }
      position += 1
    }
    return (start..<position, nil, nil)
  }

  /// Whether the rest of the line, after the spaces and tabs already read, is empty.
  func isBlankLine() -> Bool {
    position == source.count || source[position] == UInt8(ascii: "\n")
      || (source[position] == UInt8(ascii: "\r") && position + 1 < source.count
        && source[position + 1] == UInt8(ascii: "\n"))
  }

  func matches(_ bytes: [UInt8]) -> Bool {
    guard source.count - position >= bytes.count else { return false }
    for offset in 0..<bytes.count where source[position + offset] != bytes[offset] {
      return false
    }
    return true
  }

  static func isWhitespace(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || (byte >= 0x09 && byte <= 0x0D)
  }

  mutating func skipWhitespace() {
    while position < source.count, Self.isWhitespace(source[position]) { position += 1 }
  }

  /// Whether a tag that just ended stands alone on its line; if so, consumes the rest of the line.
  mutating func isStandalone(_ state: ParseState) -> Bool {
    guard state.atLineStart else { return false }
    if position == source.count { return true }
    var end = position
    while end < source.count, source[end] == UInt8(ascii: " ") || source[end] == UInt8(ascii: "\t") {
      end += 1
    }
    if end < source.count, source[end] == UInt8(ascii: "\n") {
      position = end + 1
      return true
    }
    if end + 1 < source.count, source[end] == UInt8(ascii: "\r"), source[end + 1] == UInt8(ascii: "\n") {
      position = end + 2
      return true
    }
    return false
  }

  /// Reads `name }}` after a tag's sigil: the name, surrounding whitespace and the closing delimiter.
  mutating func readName(tagStart: Int, state: ParseState) throws(MustacheError) -> String {
    try readTagContent(tagStart: tagStart, state: state, allowingSlash: false)
  }

  /// Like `readName`, but a template name may also contain `/`.
  mutating func readPartialName(tagStart: Int, state: ParseState) throws(MustacheError) -> String {
    try readTagContent(tagStart: tagStart, state: state, allowingSlash: true)
  }

  private mutating func readTagContent(
    tagStart: Int, state: ParseState, allowingSlash: Bool
  ) throws(MustacheError) -> String {
    skipWhitespace()
    let start = position
    while position < source.count, Self.isNameByte(source[position], allowingSlash: allowingSlash) {
      position += 1
    }
    let name = String(decoding: source[start..<position], as: UTF8.self)
    skipWhitespace()
    guard matches(state.close) else {
      let close = String(decoding: state.close, as: UTF8.self)
      guard position < source.count else {
        throw error("tag is never closed: end it with '\(close)'", at: tagStart)
      }
      let allowed =
        allowingSlash
        ? "letters, digits, '.', '-', '_', '?' and '/'" : "letters, digits, '.', '-', '_' and '?'"
      throw error(
        "unexpected '\(character(at: position))' in tag: a name may use \(allowed), and the tag ends with '\(close)'",
        at: tagStart)
    }
    position += state.close.count
    return name
  }

  /// The characters swift-mustache accepts in names; parentheses are for transforms such as `first()`.
  static func isNameByte(_ byte: UInt8, allowingSlash: Bool) -> Bool {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "A")...UInt8(ascii: "Z"):
      true
    case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "?"), UInt8(ascii: "*"),
      UInt8(ascii: "("), UInt8(ascii: ")"):
      true
    case UInt8(ascii: "/"): allowingSlash
    default: false
    }
  }

  /// Dynamic names (`{{>*name}}`, from the spec's optional module) are not supported.
  func rejectDynamicName(tagStart: Int) throws(MustacheError) {
    guard position < source.count, source[position] == UInt8(ascii: "*") else { return }
    throw error("dynamic names such as {{>*name}} are not supported: name the template", at: tagStart)
  }

  mutating func skipComment(tagStart: Int, state: ParseState) throws(MustacheError) {
    while position < source.count {
      if matches(state.close) {
        position += state.close.count
        return
      }
      position += 1
    }
    let close = String(decoding: state.close, as: UTF8.self)
    throw error("comment is never closed: end it with '\(close)'", at: tagStart)
  }

  /// Reads `<% %>=}}` after `{{=` and switches the state to the new delimiters.
  mutating func readDelimiters(into state: inout ParseState, tagStart: Int) throws(MustacheError) {
    let close = String(decoding: state.close, as: UTF8.self)
    let invalid = error(
      "a set-delimiter tag needs two delimiters separated by a space, then '=\(close)', as in "
        + "\(String(decoding: state.open, as: UTF8.self))=<% %>=\(close)", at: tagStart)
    skipWhitespace()
    let openStart = position
    while position < source.count, !Self.isWhitespace(source[position]) { position += 1 }
    let newOpen = Array(source[openStart..<position])
    skipWhitespace()
    let closeStart = position
    while position < source.count, !Self.isWhitespace(source[position]), source[position] != UInt8(ascii: "=")
    {
      position += 1
    }
    let newClose = Array(source[closeStart..<position])
    skipWhitespace()
    guard position < source.count, source[position] == UInt8(ascii: "=") else { throw invalid }
    position += 1
    guard matches(state.close), !newOpen.isEmpty, !newClose.isEmpty else { throw invalid }
    position += state.close.count
    state.open = newOpen
    state.close = newClose
  }
}

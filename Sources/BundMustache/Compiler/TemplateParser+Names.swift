/// Turning tag names into lookups, and compile errors.
extension TemplateParser {
  /// Compiles a tag name (`a.b`, `.`, `first()`, `empty(a.b)`) into a lookup, records the tag and
  /// returns the lookup's index.
  mutating func lookupIndex(_ name: String, kind: MustacheTag.Kind, tagStart: Int) throws(MustacheError)
    -> Int
  {
    let lookup = try lookup(name, tagStart: tagStart)
    program.lookups.append(lookup)
    recordTag(kind, name: name, path: lookup.stackPath, at: tagStart)
    return program.lookups.count - 1
  }

  /// Adds a tag to `program.tags`, with its line and column.
  mutating func recordTag(_ kind: MustacheTag.Kind, name: String, path: [String], at tagStart: Int) {
    let (line, column) = tagLineAndColumn(of: tagStart)
    program.tags.append(
      MustacheTag(kind: kind, name: name, path: path, templateName: templateName, line: line, column: column))
  }

  /// The line and column of a tag, counted on from the tag before: tags come in source order, so
  /// a template's positions cost one pass over it.
  mutating func tagLineAndColumn(of offset: Int) -> (line: Int, column: Int) {
    let end = min(offset, source.count)
    if end < lineCursor.offset { lineCursor = LineCursor() }
    var line = lineCursor.line
    var lineStart = lineCursor.lineStart
    for index in lineCursor.offset..<end where source[index] == UInt8(ascii: "\n") {
      line += 1
      lineStart = index + 1
    }
    lineCursor = LineCursor(offset: end, line: line, lineStart: lineStart)
    let column = String(decoding: source[lineStart..<end], as: UTF8.self).count + 1
    return (line, column)
  }

  private func lookup(_ name: String, tagStart: Int) throws(MustacheError) -> Lookup {
    guard let open = name.firstIndex(of: "(") else {
      guard !name.isEmpty else {
        throw error("empty tag: write a name between the delimiters", at: tagStart)
      }
      guard !name.contains(")") else {
        throw error(
          "unexpected ')' in '\(name)': a transform is written first(), last() or empty(name)", at: tagStart)
      }
      return Self.plainLookup(name)
    }
    let transform = String(name[..<open])
    var argument = name[name.index(after: open)...]
    guard argument.last == ")", !argument.dropLast().contains("("), !argument.dropLast().contains(")") else {
      throw error(
        "'\(name)' is not a supported transform: BundMustache supports first(), last() and empty(name)",
        at: tagStart)
    }
    argument = argument.dropLast()
    switch transform {
    case "first", "last":
      guard argument.isEmpty else {
        throw error(
          "\(transform)() takes no argument: it tells whether the element being iterated is the "
            + "\(transform) of its list; write {{#\(transform)()}}",
          at: tagStart)
      }
      return transform == "first" ? .isFirst : .isLast
    case "empty":
      guard !argument.isEmpty else {
        throw error(
          "empty() needs a name: write empty(name), or empty(.) for the current value", at: tagStart)
      }
      return .isEmpty(Self.plainLookup(String(argument)))
    default:
      throw error(
        "unknown transform '\(transform)()': BundMustache supports first(), last() and empty(name)",
        at: tagStart)
    }
  }

  /// `.` is the current value, `.a.b` looks in the current value only, `a.b` searches the stack for `a`.
  static func plainLookup(_ name: String) -> Lookup {
    let names = name.split(separator: ".").map(String.init)
    if name.first == "." || names.isEmpty {
      return names.isEmpty ? .current : .local(names)
    }
    return .path(first: names[0], rest: Array(names.dropFirst()))
  }

  func closingMismatch(_ name: String, open: OpenTag?, at tagStart: Int) -> MustacheError {
    guard let open else {
      return error("'\(name)' is closed here but was never opened; remove this tag", at: tagStart)
    }
    let (line, _) = lineAndColumn(of: open.position)
    return error(
      "this tag closes '\(name)', but the open \(open.kind.rawValue) is '\(open.name)' (line \(line)); "
        + "close it first with \(open.closingTag)",
      at: tagStart)
  }

  func error(_ message: String, at offset: Int) -> MustacheError {
    let (line, column) = lineAndColumn(of: offset)
    return MustacheError(templateName: templateName, line: line, column: column, message: message)
  }

  /// The 1-based line and column (in characters) of a byte offset.
  func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
    var line = 1
    var lineStart = 0
    for index in 0..<min(offset, source.count) where source[index] == UInt8(ascii: "\n") {
      line += 1
      lineStart = index + 1
    }
    let column = String(decoding: source[lineStart..<min(offset, source.count)], as: UTF8.self).count + 1
    return (line, column)
  }

  func character(at offset: Int) -> Character {
    let end = min(source.count, offset + 4)
    return String(decoding: source[offset..<end], as: UTF8.self).first ?? "?"
  }
}

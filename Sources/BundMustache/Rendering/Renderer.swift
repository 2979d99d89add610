/// Renders compiled nodes into one byte buffer.
struct Renderer {
  /// How deeply partials and parents may include each other before rendering stops with an error.
  static let maximumDepth = 100

  let program: Program
  /// `program.nodes`, `program.text` and `program.lookups`, borrowed for the render so that reading
  /// them costs no reference counting.
  let nodes: UnsafeBufferPointer<Node>
  let text: UnsafeBufferPointer<UInt8>
  let lookups: UnsafeBufferPointer<Lookup>
  var output: [UInt8] = []
  /// The context stack: the root frames, then every value a section pushed.
  var stack: [MustacheValue]
  /// Added before every line after the first of an included template; see `render(_:position:)`.
  var indentation: [UInt8] = []
  /// The override bodies of the parents being rendered, outermost first: the outermost wins.
  var overrideLayers: [Range<Int>] = []
  var unresolved: Set<String> = []
  var depth = 0

  init(
    program: Program, nodes: UnsafeBufferPointer<Node>, text: UnsafeBufferPointer<UInt8>,
    lookups: UnsafeBufferPointer<Lookup>, frames: [MustacheValue], capacity: Int
  ) {
    self.program = program
    self.nodes = nodes
    self.text = text
    self.lookups = lookups
    self.stack = frames
    self.stack.reserveCapacity(frames.count + 8)
    self.output.reserveCapacity(capacity)
  }

  /// Renders a body.
  ///
  /// As in swift-mustache, indentation is added before a node's output when that output is not
  /// empty and this body's own output so far ends with a newline. The first line of a body gets
  /// its indentation from the text before the tag that included it.
  mutating func render(_ nodes: Range<Int>, position: ListPosition?) throws(MustacheError) {
    let start = output.count
    var index = nodes.lowerBound
    while index < nodes.upperBound {
      if indentation.isEmpty || output.count == start || output[output.count - 1] != UInt8(ascii: "\n") {
        index = try renderNode(at: index, position: position)
      } else {
        output.append(contentsOf: indentation)
        let mark = output.count
        index = try renderNode(at: index, position: position)
        if output.count == mark { output.removeLast(indentation.count) }
      }
    }
  }

  /// Renders one node and returns the index of the next node of the same body.
  private mutating func renderNode(at index: Int, position: ListPosition?) throws(MustacheError) -> Int {
    switch nodes[index] {
    case .text(let slice):
      output.append(contentsOf: bytes(slice))
      return index + 1

    case .variable(let lookup, let escaped):
      if let value = resolve(lookups[lookup], position: position) {
        write(value, escaped: escaped)
      }
      return index + 1

    case .section(let lookup, let end):
      let body = (index + 1)..<end
      switch resolve(lookups[lookup], position: position) {
      case .bool(true):
        try render(body, position: position)
      case .list(let items):
        for (offset, item) in items.enumerated() {
          stack.append(item)
          try render(body, position: ListPosition(isFirst: offset == 0, isLast: offset == items.count - 1))
          stack.removeLast()
        }
      case .some(let value) where value.isTruthy:
        stack.append(value)
        try render(body, position: nil)
        stack.removeLast()
      default:
        break
      }
      return end

    case .invertedSection(let lookup, let end):
      let body = (index + 1)..<end
      switch resolve(lookups[lookup], position: position) {
      case .list(let items):
        if items.isEmpty {
          stack.append(.list(items))
          try render(body, position: nil)
          stack.removeLast()
        }
      case .bool(false), .null, nil:
        try render(body, position: position)
      default:
        break
      }
      return end

    case .partial(let site):
      try include(site, overrides: nil)
      return index + 1

    case .parent(let site, let end):
      try include(site, overrides: (index + 1)..<end)
      return end

    case .blockDefinition(_, let end):
      return end

    case .block(let block, let end, let indent, let standalone):
      try expand(block: block, defaultBody: (index + 1)..<end, indent: indent, standalone: standalone)
      return end
    }
  }

  /// Renders a partial or parent with the indentation and overrides its tag adds.
  private mutating func include(_ siteIndex: Int, overrides: Range<Int>?) throws(MustacheError) {
    let site = program.partialSites[siteIndex]
    guard let template = site.template else { return }
    guard depth < Self.maximumDepth else {
      throw MustacheError(
        templateName: site.templateName, line: site.line, column: site.column,
        message: "'\(site.name)' is included more than \(Self.maximumDepth) levels deep: a template "
          + "includes itself without a section that ends the recursion")
    }
    depth += 1
    let savedIndentation = indentation.count
    if let indent = site.indent { indentation.append(contentsOf: bytes(indent)) }
    if let overrides { overrideLayers.append(overrides) }
    try render(program.templates[template].nodes, position: nil)
    if overrides != nil { overrideLayers.removeLast() }
    indentation.removeLast(indentation.count - savedIndentation)
    depth -= 1
  }

  /// Renders a block: the override of the outermost parent that defines it, else its default.
  private mutating func expand(
    block: Int, defaultBody: Range<Int>, indent: TextSlice, standalone: Bool
  ) throws(MustacheError) {
    let savedIndentation = indentation.count
    if let override = override(of: block) {
      let indentBytes = bytes(indent)
      indentation.append(contentsOf: indentBytes)
      if standalone {
        // The tag's line is gone, so the override's first line needs the indentation too.
        output.append(contentsOf: indentBytes)
        let mark = output.count
        try render(override, position: nil)
        if output.count == mark { output.removeLast(indentBytes.count) }
      } else {
        try render(override, position: nil)
      }
    } else {
      // A standalone default keeps its lines as written.
      if !standalone { indentation.append(contentsOf: bytes(indent)) }
      try render(defaultBody, position: nil)
    }
    indentation.removeLast(indentation.count - savedIndentation)
  }

  func bytes(_ slice: TextSlice) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(rebasing: text[slice.start..<(slice.start + slice.count)])
  }

  /// The override of `block` in the outermost parent that defines it; within one parent, the last
  /// definition wins, as in swift-mustache.
  private func override(of block: Int) -> Range<Int>? {
    for layer in overrideLayers {
      var found: Range<Int>?
      var index = layer.lowerBound
      while index < layer.upperBound {
        guard case .blockDefinition(let defined, let end) = nodes[index] else {
          index += 1
          continue
        }
        if defined == block { found = (index + 1)..<end }
        index = end
      }
      if let found { return found }
    }
    return nil
  }
}

/// Where the element being rendered sits in the list a section iterates, for `first()` and `last()`.
struct ListPosition {
  var isFirst: Bool
  var isLast: Bool
}

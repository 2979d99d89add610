/// A set of compiled Mustache templates that can include each other, rendered to UTF-8 bytes.
///
/// Templates are compiled once, when the library is made; partial and parent names are resolved
/// then, so a render never searches for a template. The library is an immutable value, safe to
/// share between tasks that render in parallel.
public struct MustacheLibrary: Sendable {
  /// What a partial `{{>name}}` or parent `{{<name}}` naming no template does.
  public enum MissingTemplates: Sendable {
    /// `init` throws an error at the tag. The default.
    case fail
    /// The tag renders nothing, as the Mustache spec asks.
    case renderNothing
  }

  let program: Program

  private init(program: Program) {
    self.program = program
  }

  /// Compiles templates given as name → source, such as `"partials/header": "<header>…"`.
  ///
  /// Throws the first syntax error, in the order of the sorted template names, with the template's
  /// name and the line and column of the tag.
  public init(templates: [String: String], missingTemplates: MissingTemplates = .fail) throws(MustacheError) {
    var parser = TemplateParser()
    let names = templates.keys.sorted()
    for (index, name) in names.enumerated() {
      parser.program.templateIndex[name] = index
    }
    for name in names {
      let nodes = try parser.compile(name: name, source: templates[name] ?? "")
      parser.program.templates.append(CompiledTemplate(name: name, nodes: nodes))
    }
    try parser.program.link(missingTemplates: missingTemplates)
    program = parser.program
  }

  /// Compiles every template that has no syntax error, each once, and returns the first syntax
  /// error of each template that has one (in the order of the sorted names): one broken template
  /// hides no error of another. A template with an error is left out of the library, and a partial
  /// or parent naming a template the library lacks renders nothing (`tags` lists those references).
  public static func compiling(_ templates: [String: String]) -> (
    library: MustacheLibrary, errors: [MustacheError]
  ) {
    var parser = TemplateParser()
    var errors: [MustacheError] = []
    for name in templates.keys.sorted() {
      let mark = parser.program.mark
      do {
        let nodes = try parser.compile(name: name, source: templates[name] ?? "")
        parser.program.templateIndex[name] = parser.program.templates.count
        parser.program.templates.append(CompiledTemplate(name: name, nodes: nodes))
      } catch {
        errors.append(error)
        parser.program.rollBack(to: mark)
      }
    }
    do {
      try parser.program.link(missingTemplates: .renderNothing)
    } catch {
      errors.append(error)
    }
    return (MustacheLibrary(program: parser.program), errors)
  }

  /// The names of all templates, sorted.
  public var templateNames: [String] { program.templates.map(\.name) }

  /// Every tag of every template that names something (not comments, delimiters or closing tags),
  /// template by template in the order of their sorted names, each in source order.
  public var tags: [MustacheTag] { program.tags }

  /// The literal text of template `name` (not of the templates it includes), cut wherever a tag
  /// stands: `a<b id="{{x}}">` gives `a<b id="` and `">`. Empty when there is no such template.
  public func literalText(of name: String) -> [String] {
    guard let index = program.templateIndex[name] else { return [] }
    var runs: [String] = []
    var run: [UInt8] = []
    for position in program.templates[index].nodes {
      if case .text(let slice) = program.nodes[position] {
        run += program.text[slice.start..<(slice.start + slice.count)]
      } else if !run.isEmpty {
        runs.append(String(decoding: run, as: UTF8.self))
        run = []
      }
    }
    if !run.isEmpty { runs.append(String(decoding: run, as: UTF8.self)) }
    return runs
  }

  /// The names template `name` can look up, through every partial and parent it includes: `first`
  /// holds the first segment of each name (what is searched in the context frames), `all` every
  /// segment. nil when there is no such template. Callers may leave out of a context what no
  /// template reads.
  public func names(readBy name: String) -> (first: Set<String>, all: Set<String>)? {
    guard let start = program.templateIndex[name] else { return nil }
    var first: Set<String> = []
    var all: Set<String> = []
    func add(_ lookup: Lookup) {
      switch lookup {
      case .path(let head, let rest):
        first.insert(head)
        all.insert(head)
        all.formUnion(rest)
      case .local(let names):
        if let head = names.first { first.insert(head) }
        all.formUnion(names)
      case .isEmpty(let inner): add(inner)
      case .current, .isFirst, .isLast: break
      }
    }
    var seen: Set<Int> = [start]
    var pending = [start]
    while let index = pending.popLast() {
      for position in program.templates[index].nodes {
        switch program.nodes[position] {
        case .variable(let lookup, _), .section(let lookup, _), .invertedSection(let lookup, _):
          add(program.lookups[lookup])
        case .partial(let site), .parent(let site, _):
          if let included = program.partialSites[site].template, seen.insert(included).inserted {
            pending.append(included)
          }
        case .text, .blockDefinition, .block: break
        }
      }
    }
    return (first, all)
  }

  /// Whether a template of this name exists.
  public func hasTemplate(named name: String) -> Bool {
    program.templateIndex[name] != nil
  }

  /// Renders template `name` against a context stack and returns the UTF-8 bytes, with the
  /// names that no frame could resolve; `nil` when there is no such template.
  ///
  /// Names are searched from the last frame to the first, so `[site, page]` lets the page
  /// shadow the site. `unresolved` holds the first segment of every dotted name, and every
  /// section name, that was looked up and found in no frame: for reporting typos.
  ///
  /// Throws only when partials or parents include each other more than 100 levels deep.
  public func render(
    _ name: String, frames: [MustacheValue]
  ) throws(MustacheError) -> (bytes: [UInt8], unresolved: Set<String>)? {
    guard let index = program.templateIndex[name] else { return nil }
    let template = program.templates[index]
    let program = program
    return try program.nodes.withUnsafeBufferPointer { nodes throws(MustacheError) in
      try program.text.withUnsafeBufferPointer { text throws(MustacheError) in
        try program.lookups.withUnsafeBufferPointer { lookups throws(MustacheError) in
          var renderer = Renderer(
            program: program, nodes: nodes, text: text, lookups: lookups, frames: frames,
            capacity: template.capacityHint * 3 / 2 + 1024)
          try renderer.render(template.nodes, position: nil)
          return (renderer.output, renderer.unresolved)
        }
      }
    }
  }

  /// Renders template `name` into a string; `nil` when there is no such template.
  public func renderString(_ name: String, frames: [MustacheValue]) throws(MustacheError) -> String? {
    guard let (bytes, _) = try render(name, frames: frames) else { return nil }
    return String(decoding: bytes, as: UTF8.self)
  }
}

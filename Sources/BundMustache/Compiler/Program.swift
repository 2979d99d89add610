/// Every template of a library compiled into one flat node list, with the tables its nodes point into.
struct Program: Sendable {
  /// The nodes of all templates. A container node (section, parent, block) is followed by its body,
  /// which ends at the container's `end` index.
  var nodes: [Node] = []
  /// The literal text of all templates, back to back; `Node.text` holds a slice of it.
  var text: [UInt8] = []
  var lookups: [Lookup] = []
  var partialSites: [PartialSite] = []
  /// Template name → index into `templates`.
  var templateIndex: [String: Int] = [:]
  var templates: [CompiledTemplate] = []
  /// Block name → the block number used by `Node.block` and `Node.blockDefinition`.
  var blockNumbers: [String: Int] = [:]
  /// Every tag that names something (not comments, delimiters or closing tags), in source order.
  var tags: [MustacheTag] = []
}

extension Program {
  /// How long the tables are at a point of compiling, to undo a template that failed.
  struct Mark {
    var nodes, text, lookups, partialSites, tags: Int
    var blockNumbers: [String: Int]
  }

  var mark: Mark {
    Mark(
      nodes: nodes.count, text: text.count, lookups: lookups.count, partialSites: partialSites.count,
      tags: tags.count, blockNumbers: blockNumbers)
  }

  /// Drops everything compiled since `mark`.
  mutating func rollBack(to mark: Mark) {
    nodes.removeSubrange(mark.nodes...)
    text.removeSubrange(mark.text...)
    lookups.removeSubrange(mark.lookups...)
    partialSites.removeSubrange(mark.partialSites...)
    tags.removeSubrange(mark.tags...)
    blockNumbers = mark.blockNumbers
  }
}

/// One template: its nodes and how much output to reserve when rendering it.
struct CompiledTemplate: Sendable {
  var name: String
  var nodes: Range<Int>
  /// The literal text of the template and every template it can include, for reserving capacity.
  var capacityHint: Int = 0
}

/// A range of `Program.text`.
struct TextSlice: Sendable, Equatable {
  var start: Int
  var count: Int

  static let empty = TextSlice(start: 0, count: 0)
}

enum Node: Sendable {
  /// Literal text. Text never continues past a newline: a line ends a text node.
  case text(TextSlice)
  case variable(lookup: Int, escaped: Bool)
  case section(lookup: Int, end: Int)
  case invertedSection(lookup: Int, end: Int)
  /// `{{>name}}`.
  case partial(site: Int)
  /// `{{<name}}…{{/name}}`; its body holds only `blockDefinition` nodes, the overrides it passes on.
  case parent(site: Int, end: Int)
  /// `{{$name}}…{{/name}}` directly inside a parent: an override.
  case blockDefinition(block: Int, end: Int)
  /// `{{$name}}…{{/name}}` anywhere else: a place an override can fill; the body is the default.
  /// `indent` is the indentation overrides get: for a standalone tag, the indentation of the
  /// default's first line (or the tag's own when the default is empty); otherwise the whitespace
  /// before the tag, which the text before the node already holds.
  case block(block: Int, end: Int, indent: TextSlice, standalone: Bool)
}

/// How a tag finds its value, decided at compile time so that rendering never splits names.
indirect enum Lookup: Sendable {
  /// `{{.}}`: the top of the context stack.
  case current
  /// `{{a.b.c}}`: `a` is searched from the top of the stack down, then `b` and `c` inside it.
  case path(first: String, rest: [String])
  /// `{{.a.b}}`: `a` is looked up in the top of the stack only.
  case local([String])
  /// `{{first()}}`: whether the element being iterated is the first of its list.
  case isFirst
  /// `{{last()}}`: whether the element being iterated is the last of its list.
  case isLast
  /// `{{empty(x)}}`: whether `x` is an empty string, list or object.
  case isEmpty(Lookup)
}

extension Lookup {
  /// The segments searched for in the context stack: `a.b` and `empty(a.b)` give `["a", "b"]`.
  var stackPath: [String] {
    switch self {
    case .path(let first, let rest): [first] + rest
    case .isEmpty(let inner): inner.stackPath
    case .current, .local, .isFirst, .isLast: []
    }
  }
}

/// Where a partial or parent tag sits and which template it includes.
struct PartialSite: Sendable {
  var name: String
  /// A parent `{{<name}}` rather than a partial `{{>name}}`.
  var isParent: Bool
  /// Index into `Program.templates`; `nil` when the template is missing and missing partials render nothing.
  var template: Int?
  /// Indentation added to the lines after the first, for a standalone partial or any parent.
  var indent: TextSlice?
  var templateName: String
  var line: Int
  var column: Int
}

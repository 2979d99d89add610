import BundCore
import Foundation
import Yams

/// Parses YAML into Yams nodes and reads typed values from them, with the position of each problem.
struct YAMLReader {
  /// Path for messages.
  let file: String
  /// Lines before the YAML text in its file (front matter starts after `---`).
  let lineOffset: Int
  var diagnostics: [Diagnostic] = []
  /// Problems already reported, by position and message.
  private var reported: Set<String> = []
  /// Languages declared in site.yaml that have no pages yet, and the language whose text they
  /// show meanwhile: a text missing in one of them is a warning, not an error.
  var fallback: (languages: Set<String>, from: String)?

  init(file: String, lineOffset: Int = 0) {
    self.file = file
    self.lineOffset = lineOffset
  }

  /// The root node, or nil with a diagnostic when the YAML does not parse.
  mutating func parse(_ text: String) -> Node? {
    if let line = Self.aliasedKeyLine(in: text) {
      diagnostics.append(
        .error(
          "a key here is an alias ('*name') or a complex key ('? '); write mapping keys as plain text",
          at: SourceLocation(file: file, line: line + lineOffset, column: 1),
          notes: [
            "Yams compares keys by their whole value: an aliased key could stand for millions of values"
          ]))
      return nil
    }
    do {
      // The basic resolver (no regular expression per scalar to guess its type): this reader types
      // scalars itself (`dataValue`, `int`, `bool`, `date`). UTF-8 named here: the default reads
      // the process environment on every parse.
      return try Yams.compose(yaml: text, .basic, .default, .utf8)
    } catch let error as YamlError {
      diagnostics.append(diagnostic(for: error, in: text))
    } catch {
      diagnostics.append(.error("could not read YAML: \(error)", at: SourceLocation(file: file)))
    }
    return nil
  }

  /// The line (1-based) of the first mapping key that is an alias or a complex key, in a text that
  /// defines anchors; nil otherwise. Yams hashes every key to find duplicates, so such a key would
  /// be expanded in full before any limit could apply. Found by a look at each line's start and at
  /// flow collections, which is enough: the keys this misses cannot be aliases.
  static func aliasedKeyLine(in text: String) -> Int? {
    guard text.utf8.contains(UInt8(ascii: "&")), text.utf8.contains(UInt8(ascii: "*")) else { return nil }
    var hasAnchor = false
    var previous: UInt8 = 0x0A
    for byte in text.utf8 {
      if byte == UInt8(ascii: "&")
        && (previous == 0x20 || previous == 0x0A || "[{,-:".utf8.contains(previous))
      {
        hasAnchor = true
        break
      }
      previous = byte
    }
    guard hasAnchor else { return nil }
    // libyaml also breaks lines at NEL, LS and PS.
    let lines = text.split(omittingEmptySubsequences: false) {
      $0 == "\n" || $0 == "\u{85}" || $0 == "\u{2028}" || $0 == "\u{2029}"
    }
    for (number, line) in lines.enumerated() {
      var rest = line.drop { $0 == " " || $0 == "\t" }
      while rest.hasPrefix("- ") { rest = rest.dropFirst(2).drop { $0 == " " } }
      if rest == "?" || rest.hasPrefix("? ") { return number + 1 }
      if Self.aliasInKey(Array(rest)) { return number + 1 }
    }
    return nil
  }

  /// Whether an alias (`*name`) stands in a key of this line: before the line's own `key:` or in
  /// the key part of a flow mapping (`{*a: b}`, `[*b]: 1`, `{k: *b}: 1`), or a flow key is `? `.
  /// Quoted text is skipped. Values (`key: *a`, `{a: *b, c: *d}`) are fine.
  static func aliasInKey(_ line: [Character]) -> Bool {
    // Where the line's own key ends: the first `:` outside brackets and quotes, before a space or
    // the end of the line.
    var depth = 0
    var quote: Character?
    var keyEnd: Int?
    for (index, character) in line.enumerated() {
      if let open = quote {
        if character == open { quote = nil }
        continue
      }
      switch character {
      case "\"", "'": quote = character
      case "[", "{": depth += 1
      case "]", "}": depth = max(0, depth - 1)
      case ":" where depth == 0 && (index + 1 == line.count || line[index + 1] == " "):
        keyEnd = index
      default: break
      }
      if keyEnd != nil { break }
    }
    // Then every alias, with whether it sits in a key: the line's key, or a flow mapping's key.
    enum Frame { case mapKey, mapValue, sequence }
    var frames: [Frame] = []
    quote = nil
    for (index, character) in line.enumerated() {
      if let open = quote {
        if character == open { quote = nil }
        continue
      }
      let inLineKey = keyEnd.map { index < $0 } ?? false
      switch character {
      case "\"", "'": quote = character
      case "{": frames.append(.mapKey)
      case "[": frames.append(.sequence)
      case "]", "}": if !frames.isEmpty { frames.removeLast() }
      case ":" where frames.last == .mapKey: frames[frames.count - 1] = .mapValue
      case "," where frames.last == .mapValue: frames[frames.count - 1] = .mapKey
      case "?" where frames.last == .mapKey && (index + 1 < line.count && line[index + 1] == " "): return true
      case "*":
        let previous = index > 0 ? line[index - 1] : " "
        guard " [{,:".contains(previous) else { continue }
        if inLineKey || frames.contains(.mapKey) { return true }
      default: break
      }
    }
    return false
  }

  private func diagnostic(for error: YamlError, in text: String) -> Diagnostic {
    switch error {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      // The mistakes editors make most (a tab, a full-width colon or comma, curly quotes, a quote
      // never closed), named at the line where they are rather than where YAML gave up.
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      for lineNumber in [context?.mark.line, mark.line].compactMap({ $0 }) where lineNumber >= 1 {
        guard lineNumber <= lines.count, let (cause, column) = Self.likelyCause(in: lines[lineNumber - 1])
        else {
          continue
        }
        return .error(
          cause, at: SourceLocation(file: file, line: lineNumber + lineOffset, column: column),
          notes: ["YAML says: \(problem)"])
      }
      if let context, context.text.contains("quoted scalar") {
        return .error(
          "a quoted value that starts here is never closed; add the closing quote at the end of the value",
          at: location(context.mark), notes: ["YAML says: \(problem)"])
      }
      var message = "invalid YAML: \(problem)"
      if let context { message += " (\(context.text) at line \(context.mark.line + lineOffset))" }
      return .error(
        message + "; check indentation, colons and quotes", at: location(mark),
        notes: ["strings that contain ': ' or start with a special character must be quoted"])
    case .duplicatedKeysInMapping(let duplicates, let context):
      return .error(
        "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")): each key may appear once",
        at: location(context.mark))
    case .reader(let problem, _, _, _):
      return .error("invalid YAML text: \(problem)", at: SourceLocation(file: file))
    default:
      return .error("invalid YAML: \(error)", at: SourceLocation(file: file))
    }
  }

  /// What in one line most likely broke the YAML, with its column: a tab in the indentation, a
  /// full-width colon after a key, curly quotes around a value, a full-width comma in a list.
  static func likelyCause(in line: Substring) -> (String, Int)? {
    let indentation = line.prefix { $0 == " " || $0 == "\t" }
    if let tab = indentation.firstIndex(of: "\t") {
      return (
        "a tab indents this line; YAML indents with spaces only: replace the tab with spaces",
        line.distance(from: line.startIndex, to: tab) + 1
      )
    }
    let content = line.dropFirst(indentation.count)
    if let colon = content.firstIndex(of: "："), !content[..<colon].contains(":") {
      let key = content[..<colon].trimmingCharacters(in: .whitespaces)
      return (
        "the colon after '\(key)' is full-width '：'; write '\(key): …' with a half-width colon and a space",
        line.distance(from: line.startIndex, to: colon) + 1
      )
    }
    if let quote = content.firstIndex(where: { "“”‘’".contains($0) }) {
      return (
        "curly quotes “…” do not quote a value in YAML; put the value in straight quotes \"…\" (curly quotes inside them are fine)",
        line.distance(from: line.startIndex, to: quote) + 1
      )
    }
    if let comma = content.firstIndex(of: "，"), content.contains("[") || content.contains("{") {
      return (
        "a full-width comma '，' does not separate items in YAML; write ', ' (half-width comma and a space)",
        line.distance(from: line.startIndex, to: comma) + 1
      )
    }
    return nil
  }

  func location(_ mark: Mark?) -> SourceLocation {
    guard let mark else { return SourceLocation(file: file) }
    return SourceLocation(file: file, line: mark.line + lineOffset, column: mark.column)
  }

  func location(of node: Node) -> SourceLocation { location(node.mark) }

  mutating func error(_ message: String, at node: Node?, notes: [String] = []) {
    // An aliased node is the same node wherever it is used: its problem is said once.
    let location = location(node?.mark)
    guard reported.insert("\(location.line):\(location.column):\(message)").inserted else { return }
    diagnostics.append(.error(message, at: location, notes: notes))
  }

  mutating func warning(_ message: String, at node: Node?, notes: [String] = []) {
    diagnostics.append(.warning(message, at: location(node?.mark), notes: notes))
  }

  // MARK: Typed reads

  /// The mapping's pairs with string keys, or nil (with an error) when the node is not a mapping.
  mutating func mapping(_ node: Node, what: String) -> [(key: String, keyNode: Node, value: Node)]? {
    guard case .mapping(let mapping) = node else {
      var cause = ""
      if case .scalar(let scalar) = node, let (likely, _) = Self.likelyCause(in: scalar.string[...]) {
        cause = ": " + likely
      }
      error("\(what) must be a mapping of 'key: value' lines, found \(kind(of: node))\(cause)", at: node)
      return nil
    }
    return mapping.map { pair in (pair.key.scalar?.string ?? "", pair.key, pair.value) }
  }

  mutating func sequence(_ node: Node, what: String) -> [Node]? {
    guard case .sequence(let sequence) = node else {
      error("\(what) must be a list ('- item' lines), found \(kind(of: node))", at: node)
      return nil
    }
    return Array(sequence)
  }

  mutating func string(_ node: Node, what: String) -> String? {
    guard case .scalar(let scalar) = node else {
      error("\(what) must be text, found \(kind(of: node))", at: node)
      return nil
    }
    if scalar.style == .plain && (scalar.string == "~" || scalar.string == "null" || scalar.string.isEmpty) {
      error("\(what) is empty; write a value or remove the line", at: node)
      return nil
    }
    guard checkCharacters(scalar.string, at: node, what: what) else { return nil }
    return scalar.string
  }

  /// False, with an error, when a value holds a character HTML and XML cannot carry (a YAML escape
  /// such as `\0` or `\f` in a quoted string makes one).
  private mutating func checkCharacters(_ text: String, at node: Node, what: String) -> Bool {
    guard let (scalar, _) = ControlCharacters.firstForbidden(in: text) else { return true }
    error(
      "\(what) holds the control character \(ControlCharacters.name(scalar)), which web pages and feeds cannot carry; remove it (a YAML escape such as \\0 or \\f in quotes makes one)",
      at: node)
    return false
  }

  mutating func int(_ node: Node, what: String) -> Int? {
    guard case .scalar(let scalar) = node, let value = Int(scalar.string) else {
      error("\(what) must be a whole number such as 3", at: node)
      return nil
    }
    return value
  }

  mutating func bool(_ node: Node, what: String) -> Bool? {
    guard case .scalar(let scalar) = node else {
      error("\(what) must be true or false", at: node)
      return nil
    }
    switch scalar.string.lowercased() {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    default:
      error("\(what) must be true or false, found '\(scalar.string)'", at: node)
      return nil
    }
  }

  mutating func date(_ node: Node, what: String) -> SimpleDate? {
    guard let text = string(node, what: what) else { return nil }
    guard let date = SimpleDate(text) else {
      error("\(what) '\(text)' is not a date; write \(SimpleDate.acceptedForms)", at: node)
      return nil
    }
    return date
  }

  mutating func stringList(_ node: Node, what: String) -> [String]? {
    if case .scalar = node, let single = string(node, what: what) { return [single] }
    guard let items = sequence(node, what: what) else { return nil }
    return items.compactMap { string($0, what: "each item of \(what)") }
  }

  /// `{en: "…", zh: "…"}`: one text per language code.
  mutating func localized(_ node: Node, what: String, languages: [String]) -> LocalizedText? {
    guard let pairs = mapping(node, what: what) else { return nil }
    var values: [String: String] = [:]
    for (key, keyNode, value) in pairs {
      guard languages.contains(key) else {
        error(
          "\(what) has an undeclared language '\(key)'\(Suggestions.hint(for: key, in: languages))",
          at: keyNode,
          notes: ["languages declared in site.yaml: \(languages.joined(separator: ", "))"])
        continue
      }
      if let text = string(value, what: "\(what).\(key)") { values[key] = text }
    }
    for code in languages where values[code] == nil {
      if let fallback, fallback.languages.contains(code), let text = values[fallback.from] {
        // A language being added: its pages are not written yet, so its texts may wait too.
        values[code] = text
        warning(
          "\(what) has no '\(code)' text; '\(code)' has no pages yet, so it shows the \(fallback.from) text until you add '\(code): …'",
          at: node)
        continue
      }
      error("\(what) has no '\(code)' text; add '\(code): …' so every language shows it", at: node)
    }
    return LocalizedText(values)
  }

  func kind(of node: Node) -> String {
    switch node {
    case .scalar(let scalar): return scalar.string.isEmpty ? "nothing" : "the text '\(scalar.string)'"
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    }
  }

  /// A data value in file order, with YAML 1.1 scalars kept as strings unless plainly numbers or
  /// booleans; nil, with an error, when aliases (`*name`) expand it past `limit` values (a
  /// "billion laughs" file: 10 lines can stand for 10⁹ values) or a text holds a control character.
  mutating func dataValue(_ node: Node, limit: Int) -> DataValue? {
    var remaining = limit
    var failed = false
    // The top-level entries are expanded one by one, so an error names the entry that blew up.
    let value: DataValue
    switch node {
    case .mapping(let mapping):
      var entries: [DataEntry] = []
      entries.reserveCapacity(mapping.count)
      for pair in mapping {
        guard let entry = expand(pair.value, remaining: &remaining, failed: &failed) else {
          return aliasLimit(limit, at: pair.key)
        }
        entries.append(DataEntry(key: pair.key.scalar?.string ?? "", value: entry))
      }
      value = .map(entries)
    case .sequence(let sequence):
      var items: [DataValue] = []
      items.reserveCapacity(sequence.count)
      for item in sequence {
        guard let expanded = expand(item, remaining: &remaining, failed: &failed) else {
          return aliasLimit(limit, at: item)
        }
        items.append(expanded)
      }
      value = .list(items)
    default:
      guard let expanded = expand(node, remaining: &remaining, failed: &failed) else {
        return aliasLimit(limit, at: node)
      }
      value = expanded
    }
    return failed ? nil : value
  }

  private mutating func aliasLimit(_ limit: Int, at node: Node) -> DataValue? {
    error(
      "YAML aliases ('*name') expand this file to more than \(limit) values; write the values out, or repeat them with fewer aliases",
      at: node)
    return nil
  }

  private mutating func expand(_ node: Node, remaining: inout Int, failed: inout Bool) -> DataValue? {
    remaining -= 1
    if remaining < 0 { return nil }
    switch node {
    case .scalar(let scalar):
      if scalar.style == .plain {
        if scalar.string == "~" || scalar.string == "null" { return .null }
        if let int = Int(scalar.string) { return .int(int) }
        if scalar.string == "true" { return .bool(true) }
        if scalar.string == "false" { return .bool(false) }
        if scalar.string.contains("."), let double = Double(scalar.string) { return .double(double) }
      }
      if !checkCharacters(scalar.string, at: node, what: "the value") { failed = true }
      return .string(scalar.string)
    case .mapping(let mapping):
      var entries: [DataEntry] = []
      entries.reserveCapacity(mapping.count)
      for pair in mapping {
        guard let value = expand(pair.value, remaining: &remaining, failed: &failed) else { return nil }
        entries.append(DataEntry(key: pair.key.scalar?.string ?? "", value: value))
      }
      return .map(entries)
    case .sequence(let sequence):
      var items: [DataValue] = []
      items.reserveCapacity(sequence.count)
      for item in sequence {
        guard let value = expand(item, remaining: &remaining, failed: &failed) else { return nil }
        items.append(value)
      }
      return .list(items)
    case .alias:
      return .null
    }
  }
}

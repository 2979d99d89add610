/// Keeps a long list of problems readable: past `limit` diagnostics of one kind (the same message
/// with its quoted names and numbers set aside), the rest are counted instead of printed.
public enum DiagnosticSummary {
  /// The diagnostics to print, in their order, and for each kind that was cut, one of its messages
  /// and how many more there are.
  public static func limit(_ diagnostics: [Diagnostic], perKind limit: Int = 20) -> (
    shown: [Diagnostic], more: [(example: Diagnostic, count: Int)]
  ) {
    var seen: [String: Int] = [:]
    var order: [String] = []
    var examples: [String: Diagnostic] = [:]
    var shown: [Diagnostic] = []
    for diagnostic in diagnostics {
      let kind = self.kind(of: diagnostic)
      let count = seen[kind, default: 0] + 1
      seen[kind] = count
      if count <= limit {
        shown.append(diagnostic)
      } else if count == limit + 1 {
        order.append(kind)
        examples[kind] = diagnostic
      }
    }
    let more = order.compactMap { kind in
      examples[kind].map { (example: $0, count: (seen[kind] ?? 0) - limit) }
    }
    return (shown, more)
  }

  /// The message's shape: severity and text, with quoted parts and digits replaced.
  public static func kind(of diagnostic: Diagnostic) -> String {
    var shape = diagnostic.severity.rawValue + ": "
    var quote: Character?
    for character in diagnostic.message {
      if let open = quote {
        if character == open { quote = nil }
        continue
      }
      if character == "'" || character == "\"" || character == "“" {
        quote = character == "“" ? "”" : character
        shape += "'…'"
      } else if character.isNumber {
        if shape.last != "#" { shape += "#" }
      } else {
        shape.append(character)
      }
    }
    return shape
  }
}

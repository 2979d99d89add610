/// One problem found in the input, printed like a compiler message.
public struct Diagnostic: Sendable, Hashable, Error {
  public enum Severity: String, Sendable, Hashable {
    case error
    case warning
    case note
  }

  public var severity: Severity
  public var message: String
  public var location: SourceLocation?
  /// Extra lines printed under the message (for example the valid choices).
  public var notes: [String]

  public init(
    _ severity: Severity, _ message: String, at location: SourceLocation? = nil, notes: [String] = []
  ) {
    self.severity = severity
    self.message = message
    self.location = location
    self.notes = notes
  }

  public static func error(_ message: String, at location: SourceLocation? = nil, notes: [String] = [])
    -> Diagnostic
  {
    Diagnostic(.error, message, at: location, notes: notes)
  }

  public static func warning(_ message: String, at location: SourceLocation? = nil, notes: [String] = [])
    -> Diagnostic
  {
    Diagnostic(.warning, message, at: location, notes: notes)
  }

  public var isError: Bool { severity == .error }

  /// `path:line:column: error: message`, without the source excerpt.
  public var summary: String {
    let prefix = location.map { "\($0.description): " } ?? ""
    return "\(prefix)\(severity.rawValue): \(message)"
  }
}

extension Diagnostic: CustomStringConvertible {
  public var description: String { summary }
}

/// Sorts diagnostics by file and position so output is stable whatever order work finished in.
extension Array where Element == Diagnostic {
  public func sortedByLocation() -> [Diagnostic] {
    sorted { lhs, rhs in
      switch (lhs.location, rhs.location) {
      case let (l?, r?) where l != r: return l < r
      case (nil, _?): return true
      case (_?, nil): return false
      default: return lhs.message < rhs.message
      }
    }
  }

  public var hasErrors: Bool { contains { $0.isError } }
}

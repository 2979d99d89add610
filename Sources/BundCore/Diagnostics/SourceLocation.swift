/// A position in a source file; line and column count from 1, a 0 means unknown.
public struct SourceLocation: Sendable, Hashable, Comparable {
  /// The file's path as the user gave it (relative to the working directory where possible).
  public var file: String
  public var line: Int
  /// Column in characters (not bytes), from 1.
  public var column: Int

  public init(file: String, line: Int = 0, column: Int = 0) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:column`, leaving out the parts that are unknown.
  public var description: String {
    if line <= 0 { return file }
    if column <= 0 { return "\(file):\(line)" }
    return "\(file):\(line):\(column)"
  }

  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
  }
}

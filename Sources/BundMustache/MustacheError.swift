/// A template that cannot be compiled or rendered, with the position of the offending tag.
public struct MustacheError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The name the template was registered under, such as `partials/header`.
  public var templateName: String
  /// The 1-based line of the tag.
  public var line: Int
  /// The 1-based column of the tag's first character, counted in characters.
  public var column: Int
  /// What is wrong and how to fix it.
  public var message: String

  public init(templateName: String, line: Int, column: Int, message: String) {
    self.templateName = templateName
    self.line = line
    self.column = column
    self.message = message
  }

  /// `name:line:column: message`, the way compilers print errors.
  public var description: String { "\(templateName):\(line):\(column): \(message)" }
}

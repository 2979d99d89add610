/// A text given once per language code (`{en: "…", zh: "…"}` in YAML).
public struct LocalizedText: Sendable, Hashable {
  public var values: [String: String]

  public init(_ values: [String: String]) {
    self.values = values
  }

  public subscript(code: String) -> String? { values[code] }

  /// The text in `code`, or an empty string when that language is missing (validation reports it).
  public func text(in code: String) -> String { values[code] ?? "" }
}

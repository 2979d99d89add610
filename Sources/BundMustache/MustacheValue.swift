/// A value a template can read: the data model of BundMustache.
///
/// Truthiness follows swift-mustache: `false`, `.null` and an empty list are falsy; every string
/// (even empty), every number (even 0) and every object (even empty) is truthy.
/// A list section renders once per element, an object section pushes the object, and any other
/// truthy value is pushed as the new `{{.}}`, except `true`, which renders the section in place.
public enum MustacheValue: Sendable, Equatable {
  case string(String)
  case bool(Bool)
  case int(Int)
  case double(Double)
  case list([MustacheValue])
  case object([String: MustacheValue])
  case null
}

extension MustacheValue {
  /// Whether a section `{{#value}}` renders.
  public var isTruthy: Bool {
    switch self {
    case .bool(let value): value
    case .null: false
    case .list(let items): !items.isEmpty
    case .string, .int, .double, .object: true
    }
  }

  /// The member `key` of an object; `nil` for a missing key and for values that are not objects.
  public subscript(key: String) -> MustacheValue? {
    guard case .object(let members) = self else { return nil }
    return members[key]
  }
}

extension MustacheValue: ExpressibleByStringLiteral {
  public init(stringLiteral value: String) { self = .string(value) }
}

extension MustacheValue: ExpressibleByBooleanLiteral {
  public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension MustacheValue: ExpressibleByIntegerLiteral {
  public init(integerLiteral value: Int) { self = .int(value) }
}

extension MustacheValue: ExpressibleByFloatLiteral {
  public init(floatLiteral value: Double) { self = .double(value) }
}

extension MustacheValue: ExpressibleByArrayLiteral {
  public init(arrayLiteral elements: MustacheValue...) { self = .list(elements) }
}

extension MustacheValue: ExpressibleByDictionaryLiteral {
  /// Builds an object; a repeated key keeps its last value.
  public init(dictionaryLiteral elements: (String, MustacheValue)...) {
    // Inserted one by one into a dictionary of the final size: `Dictionary(_:uniquingKeysWith:)`
    // costs several times more, and every page's context is made of these literals.
    var members = [String: MustacheValue](minimumCapacity: elements.count)
    for (key, value) in elements { members[key] = value }
    self = .object(members)
  }
}

extension MustacheValue: ExpressibleByNilLiteral {
  public init(nilLiteral: ()) { self = .null }
}

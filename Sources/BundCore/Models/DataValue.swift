/// A value from a data file (YAML or CSV), kept in file order and free of Foundation types.
public indirect enum DataValue: Sendable, Hashable {
  case string(String)
  case int(Int)
  case double(Double)
  case bool(Bool)
  case null
  case list([DataValue])
  /// Keys in the order they appear in the file.
  case map([DataEntry])

  public subscript(key: String) -> DataValue? {
    if case .map(let entries) = self { return entries.first { $0.key == key }?.value }
    return nil
  }

  public var stringValue: String? {
    switch self {
    case .string(let s): return s
    case .int(let i): return String(i)
    case .double(let d): return String(d)
    case .bool(let b): return b ? "true" : "false"
    default: return nil
    }
  }
}

/// One key and value of a `DataValue.map`.
public struct DataEntry: Sendable, Hashable {
  public var key: String
  public var value: DataValue

  public init(key: String, value: DataValue) {
    self.key = key
    self.value = value
  }
}

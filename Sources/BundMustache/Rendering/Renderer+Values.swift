/// Looking values up in the context stack and writing them out.
extension Renderer {
  /// The value of a lookup, or `nil` when it finds nothing.
  mutating func resolve(_ lookup: Lookup, position: ListPosition?) -> MustacheValue? {
    switch lookup {
    case .current:
      return stack.last
    case .path(let first, let rest):
      // The frames are read in place: binding each frame's members would retain the dictionary.
      // `nil` when no frame has `first`; `.some(nil)` when one has, but not the rest of the path.
      let found = stack.withUnsafeBufferPointer { frames -> MustacheValue?? in
        var index = frames.count - 1
        while index >= 0 {
          if case .object(let members) = frames[index], let found = members[first] {
            return .some(rest.isEmpty ? found : Self.descend(from: found, through: rest))
          }
          index -= 1
        }
        return nil
      }
      guard let found else {
        unresolved.insert(first)
        return nil
      }
      return found
    case .local(let names):
      guard let top = stack.last else { return nil }
      return Self.descend(from: top, through: names)
    case .isFirst:
      return position.map { .bool($0.isFirst) }
    case .isLast:
      return position.map { .bool($0.isLast) }
    case .isEmpty(let inner):
      switch resolve(inner, position: position) {
      case .string(let string): return .bool(string.isEmpty)
      case .list(let items): return .bool(items.isEmpty)
      case .object(let members): return .bool(members.isEmpty)
      default: return nil
      }
    }
  }

  /// Follows the rest of a dotted name; a missing member anywhere gives `nil`, without falling back.
  static func descend(from value: MustacheValue, through names: [String]) -> MustacheValue? {
    var value = value
    for name in names {
      guard case .object(let members) = value, let member = members[name] else { return nil }
      value = member
    }
    return value
  }

  /// Writes a value the way swift-mustache prints the Swift value it stands for.
  ///
  /// Lists and objects print nothing (swift-mustache prints Swift's debug description).
  mutating func write(_ value: MustacheValue, escaped: Bool) {
    switch value {
    case .string(let string):
      if escaped {
        HTMLEscaping.append(string, to: &output)
      } else {
        output.append(contentsOf: string.utf8)
      }
    case .int(let number):
      appendDecimal(number)
    case .double(let number):
      output.append(contentsOf: String(describing: number).utf8)
    case .bool(let flag):
      output.append(contentsOf: flag ? Self.trueBytes : Self.falseBytes)
    case .null, .list, .object:
      break
    }
  }

  private static let trueBytes = Array("true".utf8)
  private static let falseBytes = Array("false".utf8)

  /// Appends an integer in decimal, like `String(describing:)`, without making a string.
  private mutating func appendDecimal(_ number: Int) {
    if number < 0 { output.append(UInt8(ascii: "-")) }
    var magnitude = number.magnitude
    let start = output.count
    repeat {
      output.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
      magnitude /= 10
    } while magnitude > 0
    output[start...].reverse()
  }
}

/// JSON string literals for the JSON the build writes by hand (open data, search indexes, reports),
/// so key order and number formatting stay exactly as written.
public enum JSONText {
  /// A JSON string literal: quotes, backslashes and control characters escaped (and U+2028/U+2029,
  /// which older JavaScript parsers reject), everything else as is.
  public static func string(_ text: String) -> String {
    var output = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case "\u{2028}": output += "\\u2028"
      case "\u{2029}": output += "\\u2029"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          output.unicodeScalars.append(scalar)
        }
      }
    }
    return output + "\""
  }
}

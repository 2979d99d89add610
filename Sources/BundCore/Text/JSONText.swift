/// JSON string literals for the JSON the build writes by hand (open data, search indexes, reports),
/// so key order and number formatting stay exactly as written.
public enum JSONText {
  /// A JSON string literal: quotes, backslashes and control characters escaped (and U+2028/U+2029,
  /// which older JavaScript parsers reject), everything else as is.
  public static func string(_ text: String) -> String {
    if !needsEscaping(text) { return "\"" + text + "\"" }
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

  /// Whether `text` holds a character `string(_:)` escapes; most text has none and is copied whole.
  static func needsEscaping(_ text: String) -> Bool {
    var previous: (UInt8, UInt8) = (0, 0)
    for byte in text.utf8 {
      if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
      // U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8.
      if (byte == 0xA8 || byte == 0xA9) && previous == (0xE2, 0x80) { return true }
      previous = (previous.1, byte)
    }
    return false
  }
}

/// Characters that HTML and XML cannot carry: C0 controls other than tab, line feed and carriage
/// return (NUL included), and the non-characters U+FFFE and U+FFFF.
public enum ControlCharacters {
  /// Whether XML 1.0 (and so feeds and sitemaps) refuses the scalar, as HTML's parser does.
  public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value < 0x20 { return value != 0x09 && value != 0x0A && value != 0x0D }
    return value == 0xFFFE || value == 0xFFFF
  }

  /// Whether the text holds a forbidden scalar, found by bytes (no decoding).
  public static func containsForbidden(_ text: String) -> Bool {
    // Over the contiguous bytes (every source file is checked), eight at a time: a word with no
    // byte below 0x20 and no 0xEF (which starts U+FFFE and U+FFFF) is passed over whole.
    var copy = text
    return copy.withUTF8 { bytes in
      guard let base = bytes.baseAddress else { return false }
      func forbidden(at index: Int) -> Bool {
        let byte = base[index]
        if byte < 0x20 { return byte != 0x09 && byte != 0x0A && byte != 0x0D }
        // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
        return byte == 0xEF && index + 2 < bytes.count && base[index + 1] == 0xBF
          && (base[index + 2] == 0xBE || base[index + 2] == 0xBF)
      }
      var index = 0
      while index + 8 <= bytes.count {
        let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
        let flipped = word ^ 0xEFEF_EFEF_EFEF_EFEF
        let control = (word &- 0x2020_2020_2020_2020) & ~word & 0x8080_8080_8080_8080
        let lead = (flipped &- 0x0101_0101_0101_0101) & ~flipped & 0x8080_8080_8080_8080
        if control | lead != 0 {
          for offset in index..<(index + 8) where forbidden(at: offset) { return true }
        }
        index += 8
      }
      while index < bytes.count {
        if forbidden(at: index) { return true }
        index += 1
      }
      return false
    }
  }

  /// The first forbidden scalar of the text and its offset in characters, or nil.
  public static func firstForbidden(in text: String) -> (scalar: Unicode.Scalar, characterOffset: Int)? {
    guard containsForbidden(text) else { return nil }
    var offset = 0
    for character in text {
      if let scalar = character.unicodeScalars.first(where: isForbidden) { return (scalar, offset) }
      offset += 1
    }
    return nil
  }

  /// `U+000C`: how a message names the scalar.
  public static func name(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }

  /// The text without forbidden scalars (a last line of defence for output; sources are checked
  /// when loaded).
  public static func removingForbidden(_ text: String) -> String {
    guard containsForbidden(text) else { return text }
    var scalars = String.UnicodeScalarView()
    scalars.append(contentsOf: text.unicodeScalars.lazy.filter { !isForbidden($0) })
    return String(scalars)
  }

  /// The text with every control character (C0 but tab, DEL, C1) shown as a visible symbol (ESC as
  /// `␛`), so text from content printed to a terminal cannot move the cursor, clear the screen or
  /// set the window title.
  public static func visible(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isTerminalControl) else { return text }
    var scalars = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if !isTerminalControl(scalar) {
        scalars.append(scalar)
      } else if scalar.value < 0x20, let picture = Unicode.Scalar(0x2400 + scalar.value) {
        scalars.append(picture)
      } else if scalar.value == 0x7F {
        scalars.append("\u{2421}")
      } else {
        scalars.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
      }
    }
    return String(scalars)
  }

  private static func isTerminalControl(_ scalar: Unicode.Scalar) -> Bool {
    (scalar.value < 0x20 && scalar.value != 0x09) || (0x7F...0x9F).contains(scalar.value)
  }
}

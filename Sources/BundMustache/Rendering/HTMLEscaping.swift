/// HTML escaping with exactly the output of swift-mustache 2.x.
///
/// swift-mustache replaces five characters: `&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;`,
/// `"` → `&quot;` and `'` → `&#39;`. It compares whole characters (grapheme clusters), so a `<`
/// that a combining mark joins (`<\u{338}`) or a prepended mark precedes is left alone; bytes next
/// to a non-ASCII byte therefore take the character-by-character path, which is rare.
enum HTMLEscaping {
  static func append(_ string: String, to output: inout [UInt8]) {
    let done = string.utf8.withContiguousStorageIfAvailable { bytes in
      appendBytes(bytes, to: &output)
    }
    switch done {
    case true?:
      return
    case false?:
      appendCharacters(string, to: &output)
    case nil:
      var copy = string
      copy.makeContiguousUTF8()
      append(copy, to: &output)
    }
  }

  /// Escapes at the byte level; returns `false`, having written nothing, when a special byte
  /// touches a non-ASCII byte and characters must decide.
  private static func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) -> Bool {
    let start = output.count
    var runStart = 0
    for index in 0..<bytes.count {
      let byte = bytes[index]
      guard isSpecial(byte) else { continue }
      if (index > 0 && bytes[index - 1] >= 0x80) || (index + 1 < bytes.count && bytes[index + 1] >= 0x80) {
        output.removeLast(output.count - start)
        return false
      }
      output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
      output.append(contentsOf: entity(for: byte))
      runStart = index + 1
    }
    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
    return true
  }

  private static func appendCharacters(_ string: String, to output: inout [UInt8]) {
    for character in string {
      switch character {
      case "&": output.append(contentsOf: amp)
      case "<": output.append(contentsOf: lt)
      case ">": output.append(contentsOf: gt)
      case "\"": output.append(contentsOf: quot)
      case "'": output.append(contentsOf: apos)
      default: output.append(contentsOf: character.utf8)
      }
    }
  }

  @inline(__always)
  private static func isSpecial(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): true
    default: false
    }
  }

  private static func entity(for byte: UInt8) -> [UInt8] {
    switch byte {
    case UInt8(ascii: "&"): amp
    case UInt8(ascii: "<"): lt
    case UInt8(ascii: ">"): gt
    case UInt8(ascii: "\""): quot
    default: apos
    }
  }

  private static let amp = Array("&amp;".utf8)
  private static let lt = Array("&lt;".utf8)
  private static let gt = Array("&gt;".utf8)
  private static let quot = Array("&quot;".utf8)
  private static let apos = Array("&#39;".utf8)
}

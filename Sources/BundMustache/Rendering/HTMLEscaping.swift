/// HTML escaping: `&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;`, `"` → `&quot;` and `'` → `&#39;`,
/// the entities swift-mustache 2.x writes.
///
/// Byte by byte, always: unlike swift-mustache, which compares whole characters and so leaves a
/// `"` or `<` alone when a combining mark joins it (`"\u{301}` would then close an attribute).
enum HTMLEscaping {
  static func append(_ string: String, to output: inout [UInt8]) {
    let done: Void? = string.utf8.withContiguousStorageIfAvailable { bytes in
      appendBytes(bytes, to: &output)
    }
    if done == nil {
      var copy = string
      copy.makeContiguousUTF8()
      append(copy, to: &output)
    }
  }

  private static func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
    var runStart = 0
    for index in 0..<bytes.count {
      let byte = bytes[index]
      guard isSpecial(byte) else { continue }
      output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
      output.append(contentsOf: entity(for: byte))
      runStart = index + 1
    }
    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
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

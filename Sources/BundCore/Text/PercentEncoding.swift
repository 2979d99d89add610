/// Percent-encodes the UTF-8 bytes of a URL that a rule picks, keeping every other byte: the one
/// encoder behind absolute URLs, relative hrefs and images written as HTML.
public enum PercentEncoding {
  /// The text with each byte `needs` picks written `%XX` (upper-case hex); the text itself when
  /// none is picked.
  @inlinable  // so each caller's test is specialised into the loop: it runs for every link and URL
  public static func encode(_ text: String, where needs: (UInt8) -> Bool) -> String {
    guard
      text.utf8.withContiguousStorageIfAvailable({ $0.contains(where: needs) })
        ?? text.utf8.contains(where: needs)
    else { return text }
    let hex = Array("0123456789ABCDEF".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count + 16)
    for byte in text.utf8 {
      if needs(byte) {
        out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
      } else {
        out.append(byte)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}

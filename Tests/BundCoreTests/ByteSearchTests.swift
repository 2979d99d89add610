import BundCore
import Testing

/// `firstByteOffset(of:)` (memchr + memcmp) against a plain scan of the bytes.
struct ByteSearchTests {
  static func naive(_ text: String, _ needle: String) -> Int? {
    let bytes = Array(text.utf8)
    let pattern = Array(needle.utf8)
    guard !pattern.isEmpty else { return 0 }
    guard bytes.count >= pattern.count else { return nil }
    for start in 0...(bytes.count - pattern.count)
    where Array(bytes[start..<start + pattern.count]) == pattern {
      return start
    }
    return nil
  }

  @Test func agreesWithAPlainScan() {
    var generator = SystemRandomNumberGenerator()
    let alphabet: [String] = ["a", "b", "~", "[", "^", "投", "资", "é", "\n", "|"]
    for _ in 0..<2_000 {
      let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
        alphabet.randomElement(using: &generator) ?? "a"
      }.joined()
      let needle = (0..<Int.random(in: 0...3, using: &generator)).map { _ in
        alphabet.randomElement(using: &generator) ?? "a"
      }.joined()
      #expect(text.firstByteOffset(of: needle) == Self.naive(text, needle), "\(text) / \(needle)")
      #expect(text[...].firstByteOffset(of: needle) == Self.naive(text, needle))
    }
  }

  @Test func edges() {
    #expect("~~".firstByteOffset(of: "~~") == 0)
    #expect("a~".firstByteOffset(of: "~~") == nil)
    #expect("x~~".firstByteOffset(of: "~~") == 1)
    #expect("".firstByteOffset(of: "a") == nil)
    #expect("投资".firstByteOffset(of: "资") == 3)
    #expect("abc".containsBytes("bc"))
    #expect(!"abc".containsBytes("cb"))
  }
}

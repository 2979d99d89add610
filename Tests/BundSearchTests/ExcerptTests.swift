import BundCore
import Testing

@testable import BundSearch

/// The snippet and row writers read bytes and scalars for speed; these compare them with the
/// plain forms they replace: snippets cut by `Character` (`Excerpt.cut(_:limit:)`) and strings
/// escaped by `JSONText.string`.
struct ExcerptTests {
  /// The excerpt as the plain form computes it: collapse, then cut by `Character`.
  static func reference(_ text: String, headings: [String], limit: Int) -> (String, Bool) {
    let start = Excerpt.collapsedStart(of: text, skipping: headings, limit: limit)
    let collapsed = String(decoding: start.bytes, as: UTF8.self)
    let characters = Array(collapsed.prefix(limit + 1))
    guard characters.count > limit else { return (collapsed, start.more) }
    let cut = Excerpt.cut(characters, limit: limit)
    return (String(Excerpt.trimmed(Substring(String(characters[..<cut])))), true)
  }

  static let pieces = [
    "投资", "增长", "超1700亿元", "，", "。", "、", "（", "）", "“3+6”", " ", "  ", "\n", "\t", "11.1%", "1,700.5",
    "investment", "growth", "e.g.", "U.S.", "café", "cafe\u{301}", "👍🏽", "👨‍👩‍👧", "🇨🇳", "가나다", "カタカナ",
    "\u{3099}", "々〇", "Ｆｕｌｌ", "—", "…", "x\u{200D}y", "\u{2028}", "\"quoted\"", "back\\slash", "\u{1}",
  ]

  @Test(arguments: [3, 7, 13, 25, 60])
  func generatedTextsCutAsByCharacter(limit: Int) {
    var random = RecallTests.Generator(state: UInt64(limit))
    for _ in 0..<400 {
      let parts = (0..<Int.random(in: 0...40, using: &random)).map { _ in
        Self.pieces[Int.random(in: 0..<Self.pieces.count, using: &random)]
      }
      let text = parts.joined()
      let headings = parts.count > 3 ? [parts[2]] : []
      let excerpt = Excerpt(text, skipping: headings, limit: limit)
      let (expected, truncated) = Self.reference(text, headings: headings, limit: limit)
      #expect(excerpt.text == expected, "\(text.debugDescription)")
      #expect(excerpt.truncated == truncated, "\(text.debugDescription)")
    }
  }

  @Test func rowsEscapeAsJSONText() {
    for text in Self.pieces + ["", "a\u{2029}b", "\u{E2}\u{80}", "\u{1F}\u{7F}", Self.pieces.joined()] {
      var bytes: [UInt8] = []
      ChunkedIndex.appendJSONString(text, to: &bytes)
      #expect(String(decoding: bytes, as: UTF8.self) == JSONText.string(text), "\(text.debugDescription)")
      #expect(bytes.elementsEqual(JSONText.string(text).utf8))
    }
  }
}

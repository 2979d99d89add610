/// Splits text into the runs both tokenizers work on: words (letters, marks and digits) and runs of
/// CJK ideographs. Everything else separates runs.
///
/// The same rules are written out in `Templates/assets/search.js` (`runs`), which tokenizes queries
/// in the browser; change both together and run the tokenizer cases in `Tests/BundSearchTests/Fixtures`.
///
/// 1. Text is read by Unicode scalar. Full-width digits and Latin letters (`０`–`９`, `Ａ`–`Ｚ`,
///    `ａ`–`ｚ`) count as their ASCII forms.
/// 2. Ideographs: CJK Unified Ideographs and their extensions (U+3400–4DBF, U+4E00–9FFF,
///    U+20000–3FFFF), compatibility ideographs (U+F900–FAFF), `々` and `〇` (U+3005, U+3007),
///    kana (U+3040–30FF, U+31F0–31FF) and Hangul syllables (U+AC00–D7AF).
/// 3. Word characters: every other letter, mark or number (general categories L, M, N).
/// 4. Inside a word, `.`, `,` and `+` between two digits join them: `11.1`, `3+6`, `1,700`
///    (the comma is dropped: `1700`).
enum TextRuns {
  /// A run of the text and whether it is made of ideographs.
  struct Run: Hashable {
    var text: String
    var isIdeographic: Bool
  }

  static func runs(in text: String) -> [Run] {
    let scalars = text.unicodeScalars.map(folded)
    var runs: [Run] = []
    var current = String.UnicodeScalarView()
    var currentIsIdeographic = false
    func finish() {
      if !current.isEmpty { runs.append(Run(text: String(current), isIdeographic: currentIsIdeographic)) }
      current = String.UnicodeScalarView()
    }
    for (position, scalar) in scalars.enumerated() {
      if isIdeograph(scalar) {
        if !currentIsIdeographic { finish() }
        currentIsIdeographic = true
        current.append(scalar)
      } else if isWordScalar(scalar) {
        if currentIsIdeographic { finish() }
        currentIsIdeographic = false
        current.append(scalar)
      } else if isNumberJoiner(scalar), !currentIsIdeographic, let last = current.last, isDigit(last),
        position + 1 < scalars.count, isDigit(scalars[position + 1])
      {
        if scalar != "," { current.append(scalar) }
      } else {
        finish()
      }
    }
    finish()
    return runs
  }

  /// Full-width ASCII digits and letters as their ASCII forms; every other scalar unchanged.
  static func folded(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
    switch scalar.value {
    case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
      return Unicode.Scalar(scalar.value - 0xFEE0) ?? scalar
    default: return scalar
    }
  }

  static func isIdeograph(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x3005, 0x3007, 0x3040...0x30FF, 0x31F0...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF,
      0xF900...0xFAFF, 0x20000...0x3FFFF:
      return true
    default:
      return false
    }
  }

  static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if scalar.isASCII {
      return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
    }
    // Punctuation and spaces common in Chinese text, none of them a letter, mark or number: no
    // property lookup for them.
    switch value {
    case 0x2000...0x206F, 0x3000...0x3004, 0x3008...0x3020, 0xFF01...0xFF0F, 0xFF1A...0xFF20, 0xFF5B...0xFF65:
      return false
    default: break
    }
    switch scalar.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
      .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
      return true
    default:
      return false
    }
  }

  static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

  static func isNumberJoiner(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "." || scalar == "," || scalar == "+"
  }
}

/// Turns mixed Chinese and Latin text into index terms: every ideograph on its own and every pair
/// of neighbouring ideographs, so one- and two-character queries match; words and numbers between
/// them go through `EnglishTokenizer` (`AI产业` → `ai`, `产`, `产业`, `业`).
///
/// Every index uses this tokenizer, whatever its language: English pages carry Chinese glossary
/// terms, Chinese pages carry English words and numbers. `Templates/assets/search.js` applies the
/// same rules to queries.
public enum ChineseTokenizer {
  /// The terms of a document's text, in order: for each ideograph, the ideograph and then the pair
  /// it starts; for each word, its English term.
  public static func tokens(in text: String) -> [String] {
    var tokens: [String] = []
    for run in TextRuns.runs(in: text) {
      if run.isIdeographic {
        let characters = Array(run.text.unicodeScalars)
        for position in characters.indices {
          tokens.append(String(characters[position]))
          if position + 1 < characters.count {
            var pair = String.UnicodeScalarView()
            pair.append(characters[position])
            pair.append(characters[position + 1])
            tokens.append(String(pair))
          }
        }
      } else if let term = EnglishTokenizer.term(for: run.text) {
        tokens.append(term)
      }
    }
    return tokens
  }

  /// The terms a query must match: a single ideograph stands for itself, a longer run for its pairs
  /// (`技术改造` → `技术`, `术改`, `改造`), and a document must hold every pair.
  public static func queryTokens(in text: String) -> [String] {
    SearchQuery(text).terms.map(\.text)
  }

  /// The pairs of a run of ideographs, or the single ideograph.
  static func queryTerms(ofIdeographs run: String) -> [String] {
    let characters = Array(run.unicodeScalars)
    guard characters.count > 1 else { return [run] }
    return (0..<characters.count - 1).map { position in
      var pair = String.UnicodeScalarView()
      pair.append(characters[position])
      pair.append(characters[position + 1])
      return String(pair)
    }
  }
}

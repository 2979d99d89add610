/// Turns English words into index terms: lowercased, stop words and single letters dropped, plural
/// and verb endings stripped by a light stemmer. Numbers stay as written (`2022`, `11.1`, `3+6`).
///
/// `Templates/assets/search.js` runs the same rules on queries (`term`, `stem`, `STOP_WORDS`); the
/// shared cases in `Tests/BundSearchTests/Fixtures/tokenizer-cases.json` keep the two in step.
public enum EnglishTokenizer {
  /// The terms of the words in `text`, in order; ideographs are skipped (see `ChineseTokenizer`).
  public static func tokens(in text: String) -> [String] {
    TextRuns.runs(in: text).compactMap { $0.isIdeographic ? nil : term(for: $0.text) }
  }

  /// The index term of one word, or nil for a stop word or a single letter.
  public static func term(for word: String) -> String? {
    let lowered = word.lowercased()
    if stopWords.contains(lowered) { return nil }
    if lowered.unicodeScalars.count == 1, let scalar = lowered.unicodeScalars.first, !TextRuns.isDigit(scalar)
    {
      return nil
    }
    return stem(lowered)
  }

  /// Strips common endings from a lowercase ASCII word of four letters or more; other words are
  /// returned unchanged. Conservative by design: a missed match costs less than a wrong one.
  ///
  /// 1. Plurals: `-ies` → `-y` (`industries`), `-sses` → `-ss`, `-ches`/`-shes`/`-xes`/`-zzes` lose
  ///    `-es`, a final `-s` goes unless the word ends in `-ss`, `-us` or `-is`.
  /// 2. Verb endings, when at least three letters with a vowel remain: `-ing`, `-ied` → `-y`,
  ///    `-ed` (not `-eed`); a doubled final consonant other than `l`, `s`, `z` is then undoubled
  ///    (`getting` → `get`, `planned` → `plan`).
  /// 3. A final `-e` goes from words still longer than three letters (`manufacture` and
  ///    `manufacturing` both become `manufactur`).
  public static func stem(_ word: String) -> String {
    var letters = Array(word.utf8)
    guard letters.count > 3, letters.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return word }
    stem(&letters)
    return String(decoding: letters, as: UTF8.self)
  }

  /// Turns an ASCII word given as bytes into its term in place (lowercased, stemmed) and returns
  /// true, or returns false for a stop word or a single letter: the indexer's fast path, with no
  /// `String` at all.
  static func makeTerm(ascii bytes: inout [UInt8]) -> Bool {
    var letters = true
    for position in bytes.indices {
      let byte = bytes[position]
      if byte >= 0x41 && byte <= 0x5A {
        bytes[position] = byte + 0x20
      } else if byte < 0x61 || byte > 0x7A {
        letters = false
      }
    }
    if bytes.count == 1 && !(0x30...0x39).contains(bytes[0]) { return false }
    if letters && bytes.count <= 8 && isStopWord(packed(bytes)) { return false }
    if letters && bytes.count > 3 { stem(&bytes) }
    return true
  }

  /// Up to eight bytes as one number, first byte lowest.
  static func packed(_ bytes: [UInt8]) -> UInt64 {
    var key: UInt64 = 0
    for (position, byte) in bytes.prefix(8).enumerated() { key |= UInt64(byte) << (8 * position) }
    return key
  }

  /// The stop words (all lowercase letters, none longer than eight) packed by `packed`, in a table
  /// of 256 slots (linear probing; 0 is empty): cheaper than a `Set`'s hashing for every word.
  static let stopWordSlots: [UInt64] = {
    var slots = [UInt64](repeating: 0, count: 256)
    for word in stopWords {
      let key = packed(Array(word.utf8))
      var slot = stopWordSlot(key)
      while slots[slot] != 0 { slot = (slot + 1) & 255 }
      slots[slot] = key
    }
    return slots
  }()

  @inline(__always)
  static func stopWordSlot(_ key: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 56)
  }

  /// Whether `key` (a lowercase word packed by `packed`) is a stop word.
  static func isStopWord(_ key: UInt64) -> Bool {
    stopWordSlots.withUnsafeBufferPointer { slots in
      var slot = stopWordSlot(key)
      while slots[slot] != 0 {
        if slots[slot] == key { return true }
        slot = (slot + 1) & 255
      }
      return false
    }
  }

  /// The stemming rules above, on the bytes of a lowercase ASCII word of four letters or more.
  static func stem(_ letters: inout [UInt8]) {
    func ends(_ suffix: StaticString) -> Bool {
      let count = suffix.utf8CodeUnitCount
      guard letters.count >= count else { return false }
      let start = suffix.utf8Start
      let offset = letters.count - count
      for position in 0..<count where letters[offset + position] != start[position] { return false }
      return true
    }
    func hasVowel(_ part: ArraySlice<UInt8>) -> Bool { part.contains { "aeiouy".utf8.contains($0) } }
    func undouble() {
      let count = letters.count
      guard count >= 2, letters[count - 1] == letters[count - 2],
        !"aeiouylsz".utf8.contains(letters[count - 1])
      else { return }
      letters.removeLast()
    }

    if ends("ies") && letters.count > 4 {
      letters.removeLast(3)
      letters.append(UInt8(ascii: "y"))
    } else if ends("sses") || ends("ches") || ends("shes") || ends("xes") || ends("zzes") {
      letters.removeLast(2)
    } else if ends("s") && !ends("ss") && !ends("us") && !ends("is") {
      letters.removeLast()
    }

    if ends("ing") && letters.count - 3 >= 3 && hasVowel(letters.dropLast(3)) {
      letters.removeLast(3)
      undouble()
    } else if ends("ied") && letters.count - 3 >= 3 {
      letters.removeLast(3)
      letters.append(UInt8(ascii: "y"))
    } else if ends("ed") && !ends("eed") && letters.count - 2 >= 3 && hasVowel(letters.dropLast(2)) {
      letters.removeLast(2)
      undouble()
    }

    if ends("e") && letters.count > 3 { letters.removeLast() }
  }

  /// Words too common to search for; matched before stemming.
  public static let stopWords: Set<String> = [
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by",
    "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "his", "how", "i",
    "if", "in", "into", "is", "it", "its", "more", "most", "no", "not", "of", "on", "or", "other", "our",
    "over", "she", "so", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "through", "to", "under", "up", "was", "we", "were", "what", "when", "which", "while",
    "who", "will", "with", "would", "you", "your",
  ]
}

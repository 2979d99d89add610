import BundCore

/// The compact text forms inside `index.json`: front-coded terms and varint postings.
///
/// - Terms, sorted by Unicode scalars, are written one after another; each starts with a letter
///   `A`–`Z` giving how many UTF-16 code units it shares with the term before it (0–25), followed by
///   the rest of the term. Terms are lowercase, so `A`–`Z` never occur inside one.
/// - Postings: one list per term, in the same order, separated by `,`. A list is a sequence of
///   numbers `gap × 7 + fields − 1`, where `gap` is the number of documents skipped since the previous
///   posting (the first counts from document 0) and `fields` the bits body 1, heading 2, title 4.
///   Numbers are written in base 45 with the 90 characters of `digits`: the first 45 end a number,
///   the last 45 are leading digits (most significant first).
enum IndexEncoding {
  /// Printable ASCII without `"`, `,`, `\` and `~`: no JSON escaping needed, and `,` stays free.
  static let digits: [Character] = (0x21...0x7E).compactMap { value in
    guard let scalar = Unicode.Scalar(value), !"\",\\~".unicodeScalars.contains(scalar) else { return nil }
    return Character(scalar)
  }
  static let base = 45

  /// Appends one number: leading digits from the upper half of `digits`, the last from the lower.
  static func appendNumber(_ value: Int, to output: inout String) {
    var rest = value / base
    var leading: [Character] = []
    while rest > 0 {
      leading.append(digits[base + rest % base])
      rest /= base
    }
    output.append(contentsOf: leading.reversed())
    output.append(digits[value % base])
  }

  /// The postings of one term as a list of numbers.
  static func postingList(_ postings: [SearchIndex.Posting]) -> String {
    var output = ""
    var previous = -1
    for posting in postings {
      appendNumber((posting.document - previous - 1) * 7 + posting.fields.rawValue - 1, to: &output)
      previous = posting.document
    }
    return output
  }

  /// The terms (already sorted) front-coded into one string.
  static func frontCoded(_ terms: [String]) -> String {
    var output = ""
    var previous: [Unicode.Scalar] = []
    for term in terms {
      let scalars = Array(term.unicodeScalars)
      var shared = 0
      var sharedUnits = 0
      while shared < min(scalars.count - 1, previous.count), scalars[shared] == previous[shared],
        sharedUnits + scalars[shared].utf16.count <= 25
      {
        sharedUnits += scalars[shared].utf16.count
        shared += 1
      }
      output.unicodeScalars.append(Unicode.Scalar(UInt8(ascii: "A") + UInt8(sharedUnits)))
      output.unicodeScalars.append(contentsOf: scalars[shared...])
      previous = scalars
    }
    return output
  }

  /// Orders terms by their Unicode scalars, the same on every platform.
  static func termOrder(_ lhs: String, _ rhs: String) -> Bool {
    lhs.unicodeScalars.lexicographicallyPrecedes(rhs.unicodeScalars)
  }

  /// A JSON string literal (see `JSONText`).
  static func jsonString(_ text: String) -> String { JSONText.string(text) }
}

/// The compact text forms inside the index files: front-coded terms and base-45 postings.
///
/// - Terms, sorted by code point, are written one after another; each starts with a letter `A`–`Z`
///   giving how many UTF-16 code units it shares with the term before it (0–25), followed by the
///   rest of the term. Terms are lowercase, so `A`–`Z` never occur inside one.
/// - Postings: one list per term, in the same order, separated by `,`. A list is a sequence of
///   numbers `gap × 7 + fields − 1`, where `gap` is the number of documents skipped since the previous
///   posting (the first counts from document 0) and `fields` the bits body 1, heading 2, title 4.
///   Numbers are written in base 45 with the 90 characters of `digits`: the first 45 end a number,
///   the last 45 are leading digits (most significant first).
///
/// Terms and digits need no JSON escaping: the encoders write straight into the files' bytes.
enum IndexEncoding {
  /// Printable ASCII without `"`, `,`, `\` and `~`: no JSON escaping needed, and `,` stays free.
  static let digitBytes: [UInt8] = (0x21...0x7E).compactMap { value in
    "\",\\~".utf8.contains(UInt8(value)) ? nil : UInt8(value)
  }
  static let digits: [Character] = digitBytes.map { Character(Unicode.Scalar($0)) }
  static let base = 45

  /// Appends one number: leading digits from the upper half of `digits`, the last from the lower.
  static func appendNumber(_ value: Int, to output: inout [UInt8]) {
    if value < base {
      // Most numbers: a page near the previous one, no leading digit.
      output.append(digitBytes[value])
      return
    }
    var rest = value / base
    let start = output.count
    while rest > 0 {
      output.append(digitBytes[base + rest % base])
      rest /= base
    }
    output[start...].reverse()
    output.append(digitBytes[value % base])
  }

  /// Appends the postings of one term (`document << 3 | fields`, in document order) as numbers.
  static func appendPostings(_ postings: [UInt32], to output: inout [UInt8]) {
    var previous = -1
    for posting in postings {
      let document = Int(posting >> 3)
      appendNumber((document - previous - 1) * 7 + Int(posting & 7) - 1, to: &output)
      previous = document
    }
  }

  /// Appends the terms (already sorted) front-coded.
  static func appendFrontCoded(_ terms: [String], to output: inout [UInt8]) {
    var previous: [Unicode.Scalar] = []
    for term in terms {
      let scalars = Array(term.unicodeScalars)
      var shared = 0
      var sharedUnits = 0
      var sharedBytes = 0
      while shared < min(scalars.count - 1, previous.count), scalars[shared] == previous[shared],
        sharedUnits + scalars[shared].utf16.count <= 25
      {
        sharedUnits += scalars[shared].utf16.count
        sharedBytes += scalars[shared].utf8.count
        shared += 1
      }
      output.append(UInt8(ascii: "A") + UInt8(sharedUnits))
      output.append(contentsOf: term.utf8.dropFirst(sharedBytes))
      previous = scalars
    }
  }

  /// Orders strings by their code points, the same on every platform.
  static func termOrder(_ lhs: String, _ rhs: String) -> Bool {
    lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
  }
}

/// The terms of one document and the fields each occurs in: the part of indexing done page by page,
/// in parallel, before the merge (`PostingsBuilder`).
///
/// The terms are those of `ChineseTokenizer.tokens` (the tests compare the two), found in one pass
/// over the text's scalars without making a `String` per ideograph or pair.
public struct DocumentTerms: Sendable {
  /// Each distinct term of the document with the fields holding it.
  var fields: [TermKey: SearchFields]

  /// Tokenizes the title, headings and text of `document` (see `ChineseTokenizer`).
  public init(_ document: SearchDocument) {
    var fields: [TermKey: SearchFields] = [:]
    // About one distinct term per four bytes of text in both languages: no rehashing while adding.
    fields.reserveCapacity((document.title.utf8.count + document.text.utf8.count) / 4 + 16)
    Self.add(document.title, as: .title, to: &fields)
    for heading in document.headings { Self.add(heading, as: .heading, to: &fields) }
    Self.add(document.text, as: .body, to: &fields)
    self.fields = fields
  }

  /// The number of distinct terms.
  public var count: Int { fields.count }

  /// The distinct terms, as strings.
  var terms: Set<String> { Set(fields.keys.map(\.string)) }

  /// Adds the terms of `text` with `field`: the runs of `TextRuns`, each ideograph and each pair of
  /// neighbouring ideographs, and the English term of each word.
  static func add(_ text: String, as field: SearchFields, to fields: inout [TermKey: SearchFields]) {
    let scalars = text.unicodeScalars.map(TextRuns.folded)
    var word = String.UnicodeScalarView()
    // The word's bytes while it is all ASCII (the common case), for EnglishTokenizer's fast path.
    var bytes: [UInt8] = []
    var ascii = true
    var previous: Unicode.Scalar?
    func insert(_ key: TermKey) { fields[key, default: []].insert(field) }
    func finishWord() {
      guard !word.isEmpty else { return }
      let term = ascii ? EnglishTokenizer.term(ascii: &bytes) : EnglishTokenizer.term(for: String(word))
      if let term { insert(TermKey(term)) }
      word = String.UnicodeScalarView()
      bytes.removeAll(keepingCapacity: true)
      ascii = true
    }
    func append(_ scalar: Unicode.Scalar) {
      word.append(scalar)
      if scalar.isASCII { bytes.append(UInt8(scalar.value)) } else { ascii = false }
    }
    for (position, scalar) in scalars.enumerated() {
      if TextRuns.isIdeograph(scalar) {
        finishWord()
        insert(.ideograph(scalar))
        if let previous { insert(.pair(previous, scalar)) }
        previous = scalar
      } else if TextRuns.isWordScalar(scalar) {
        previous = nil
        append(scalar)
      } else if TextRuns.isNumberJoiner(scalar), let last = word.last, TextRuns.isDigit(last),
        position + 1 < scalars.count, TextRuns.isDigit(scalars[position + 1])
      {
        if scalar != "," { append(scalar) }
      } else {
        finishWord()
        previous = nil
      }
    }
    finishWord()
  }
}

/// A term as a dictionary key: an ideograph or a pair of ideographs packed into a number, any other
/// term compared and hashed by its UTF-8 bytes (`String`'s own hashing normalizes non-ASCII text
/// first, which made hashing most of the cost of indexing Chinese).
struct TermKey: Hashable, Sendable {
  /// 0 for a word; `1 << 62 | scalar` for one ideograph; `1 << 63 | first << 21 | second` for a pair.
  let packed: UInt64
  /// The word; "" for an ideograph or a pair.
  let text: String

  init(_ text: String) {
    packed = 0
    self.text = text
  }

  private init(packed: UInt64) {
    self.packed = packed
    text = ""
  }

  static func ideograph(_ scalar: Unicode.Scalar) -> TermKey {
    TermKey(packed: 1 << 62 | UInt64(scalar.value))
  }

  static func pair(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> TermKey {
    TermKey(packed: 1 << 63 | UInt64(first.value) << 21 | UInt64(second.value))
  }

  /// The term as written in the index.
  var string: String {
    guard packed != 0 else { return text }
    var scalars = String.UnicodeScalarView()
    if packed & (1 << 63) != 0 {
      if let first = Unicode.Scalar(UInt32((packed >> 21) & 0x1F_FFFF)) { scalars.append(first) }
    }
    if let last = Unicode.Scalar(UInt32(packed & 0x1F_FFFF)) { scalars.append(last) }
    return String(scalars)
  }

  static func == (lhs: TermKey, rhs: TermKey) -> Bool {
    lhs.packed == rhs.packed
      && (lhs.packed != 0
        || (lhs.text.utf8.count == rhs.text.utf8.count && lhs.text.utf8.elementsEqual(rhs.text.utf8)))
  }

  func hash(into hasher: inout Hasher) {
    hasher.combine(packed)
    guard packed == 0 else { return }
    let done: Void? = text.utf8.withContiguousStorageIfAvailable {
      hasher.combine(bytes: UnsafeRawBufferPointer($0))
    }
    if done == nil {
      for byte in text.utf8 { hasher.combine(byte) }
    }
    hasher.combine(text.utf8.count)
  }
}

/// The terms of one document and the fields each occurs in, as strings: what the in-memory
/// `SearchIndex` and the tests read. The indexer itself keeps terms as bytes (`PostingsBatch`); both
/// tokenize with `TermScanner`.
public struct DocumentTerms: Sendable {
  /// Each distinct term of the document with the fields holding it.
  var fields: [String: SearchFields]

  /// Tokenizes the title, headings and text of `document` (see `ChineseTokenizer`).
  public init(_ document: SearchDocument) {
    var collector = TermCollector(capacity: 64)
    collector.add(document, number: 0)
    var fields: [String: SearchFields] = [:]
    for (term, posting) in zip(collector.pairTerms, collector.pairPostings) {
      fields[collector.table.string(Int(term)), default: []].formUnion(
        SearchFields(rawValue: Int(posting & 7)))
    }
    self.fields = fields
  }

  /// The number of distinct terms.
  public var count: Int { fields.count }

  /// The distinct terms.
  var terms: Set<String> { Set(fields.keys) }
}

/// Gathers the postings of documents added in order: each term interned once per batch, and one
/// posting (`document << 3 | fields`) per document holding it, the fields of every occurrence added
/// up. No dictionary per document: a term remembers the last document it was seen in.
struct TermCollector: TermSink {
  var table: TermTable
  /// Per term: the last document holding it, and where its posting for that document is.
  private var lastDocument: [UInt32] = []
  private var lastPosting: [Int32] = []
  /// Per posting, in the order found: its term, and `document << 3 | fields`.
  private(set) var pairTerms: [Int32] = []
  private(set) var pairPostings: [UInt32] = []
  private var document: UInt32 = 0
  private var field: UInt32 = 0
  /// The numbers (+ 1; 0 for none yet) of the ideographs U+4E00–9FFF seen.
  private var commonIdeographs = [Int32](repeating: 0, count: 0x9FFF - 0x4E00 + 1)
  private var pairs = PairTable()
  /// The ASCII words seen, as written, and each one's term number (-1 for none).
  private var words: TermTable
  private var wordTerms: [Int32] = []

  init(capacity: Int) {
    table = TermTable(capacity: capacity)
    words = TermTable(capacity: capacity)
    wordTerms.reserveCapacity(capacity)
    lastDocument.reserveCapacity(capacity)
    lastPosting.reserveCapacity(capacity)
  }

  /// Adds the terms of `document`, numbered `number`; numbers must increase.
  mutating func add(_ document: SearchDocument, number: Int) {
    self.document = UInt32(number)
    field = UInt32(SearchFields.title.rawValue)
    TermScanner.scan(document.title, into: &self)
    field = UInt32(SearchFields.heading.rawValue)
    for heading in document.headings { TermScanner.scan(heading, into: &self) }
    field = UInt32(SearchFields.body.rawValue)
    TermScanner.scan(document.text, into: &self)
  }

  @inline(__always)
  mutating func add(_ term: UnsafeBufferPointer<UInt8>) {
    note(table.intern(term))
  }

  /// An ASCII word's term is made (lowercased, checked, stemmed) the first time the batch meets
  /// the word as written; after that, the word's bytes lead to its term number, or to none.
  @inline(__always)
  mutating func addWord(ascii bytes: inout [UInt8]) {
    let word = bytes.withUnsafeBufferPointer { words.intern($0) }
    if word < wordTerms.count {
      let id = wordTerms[word]
      if id >= 0 { note(Int(id)) }
      return
    }
    guard EnglishTokenizer.makeTerm(ascii: &bytes) else { return wordTerms.append(-1) }
    let id = bytes.withUnsafeBufferPointer { table.intern($0) }
    wordTerms.append(Int32(id))
    note(id)
  }

  /// Ideographs and pairs are numbered by their scalars (a direct table for the common block, a
  /// hash of the two scalars for pairs); their bytes are hashed only the first time.
  @inline(__always)
  mutating func addIdeographs(_ first: UInt32, _ scalar: UInt32, _ term: UnsafeBufferPointer<UInt8>) {
    if first == 0 {
      guard scalar >= 0x4E00 && scalar <= 0x9FFF else { return note(table.intern(term)) }
      let known = commonIdeographs[Int(scalar - 0x4E00)]
      if known > 0 { return note(Int(known) - 1) }
      let id = table.intern(term)
      commonIdeographs[Int(scalar - 0x4E00)] = Int32(id + 1)
      return note(id)
    }
    let id = pairs.id(of: UInt64(first) << 21 | UInt64(scalar)) { table.intern(term) }
    note(id)
  }

  @inline(__always)
  private mutating func note(_ id: Int) {
    if id == lastDocument.count {
      lastDocument.append(document)
      lastPosting.append(Int32(pairTerms.count))
    } else if lastDocument[id] == document {
      pairPostings[Int(lastPosting[id])] |= field
      return
    } else {
      lastDocument[id] = document
      lastPosting[id] = Int32(pairTerms.count)
    }
    pairTerms.append(Int32(id))
    pairPostings.append(document << 3 | field)
  }
}

/// The terms and postings of a run of consecutive documents, tokenized in one task: the terms as
/// bytes, numbered in the order first seen, and each term's postings together, in document order.
struct PostingsBatch: Sendable {
  var terms: TermTable
  /// Term `i`'s postings are `postings[offsets[i]..<offsets[i + 1]]`.
  var offsets: [Int32]
  var postings: [UInt32]

  /// Tokenizes `documents`, the first of which is document number `first`.
  init(_ documents: ArraySlice<SearchDocument>, first: Int) {
    let bytes = documents.reduce(0) { $0 + $1.title.utf8.count + $1.text.utf8.count }
    var collector = TermCollector(capacity: min(1 << 16, bytes / 16 + 64))
    for (offset, document) in documents.enumerated() { collector.add(document, number: first + offset) }
    // Group the postings by term (a counting sort, stable: each term's stay in document order).
    var offsets = [Int32](repeating: 0, count: collector.table.count + 1)
    for term in collector.pairTerms { offsets[Int(term) + 1] += 1 }
    for position in 1..<offsets.count { offsets[position] += offsets[position - 1] }
    var next = offsets
    var postings = [UInt32](repeating: 0, count: collector.pairPostings.count)
    for (term, posting) in zip(collector.pairTerms, collector.pairPostings) {
      postings[Int(next[Int(term)])] = posting
      next[Int(term)] += 1
    }
    self.terms = collector.table
    self.offsets = offsets
    self.postings = postings
  }
}

/// Pairs of ideographs (`first << 21 | second`, never 0) to term numbers: open addressing with a
/// multiplicative hash of the key.
struct PairTable {
  private var keys = [UInt64](repeating: 0, count: 4096)
  private var ids = [Int32](repeating: 0, count: 4096)
  private var count = 0

  /// The number of `key`, from `make` the first time.
  @inline(__always)
  mutating func id(of key: UInt64, _ make: () -> Int) -> Int {
    let mask = keys.count - 1
    var slot = Self.slot(key, mask)
    while keys[slot] != 0 {
      if keys[slot] == key { return Int(ids[slot]) }
      slot = (slot + 1) & mask
    }
    let id = make()
    keys[slot] = key
    ids[slot] = Int32(id)
    count += 1
    if count * 2 > keys.count { grow() }
    return id
  }

  @inline(__always)
  private static func slot(_ key: UInt64, _ mask: Int) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
  }

  private mutating func grow() {
    let oldKeys = keys
    let oldIds = ids
    keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
    ids = [Int32](repeating: 0, count: oldKeys.count * 2)
    let mask = keys.count - 1
    for (key, id) in zip(oldKeys, oldIds) where key != 0 {
      var slot = Self.slot(key, mask)
      while keys[slot] != 0 { slot = (slot + 1) & mask }
      keys[slot] = key
      ids[slot] = id
    }
  }
}

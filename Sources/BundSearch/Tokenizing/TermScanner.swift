/// Where `TermScanner` hands the terms it finds, as UTF-8 bytes valid only during the call.
protocol TermSink {
  mutating func add(_ term: UnsafeBufferPointer<UInt8>)
  /// An ideograph (`scalar`), or a pair (`first` then `scalar`; `first` is 0 for a single one):
  /// the sink may number them by scalar instead of hashing `term`, their bytes.
  mutating func addIdeographs(_ first: UInt32, _ scalar: UInt32, _ term: UnsafeBufferPointer<UInt8>)
  /// An ASCII word as found in the text: the sink may remember its term (or that it has none) by
  /// these bytes instead of lowercasing and stemming it again.
  mutating func addWord(ascii bytes: inout [UInt8])
}

extension TermSink {
  /// Adds the term of an ASCII word, `bytes` as found in the text (which it may overwrite), if it
  /// has one (see `EnglishTokenizer.makeTerm`).
  mutating func addWord(ascii bytes: inout [UInt8]) {
    if EnglishTokenizer.makeTerm(ascii: &bytes) {
      bytes.withUnsafeBufferPointer { add($0) }
    }
  }

  mutating func addIdeographs(_ first: UInt32, _ scalar: UInt32, _ term: UnsafeBufferPointer<UInt8>) {
    add(term)
  }
}

/// The indexer's tokenizer: the terms of `ChineseTokenizer.tokens` (each ideograph, each pair of
/// neighbouring ideographs, the English term of each word), found in one pass over the text's
/// UTF-8 bytes without making a `String` per term. The rules are those of `TextRuns`; the tests
/// compare the two on the shared cases and on generated text.
///
/// An ideograph or a pair is handed over as the bytes of the text itself (ideographs are never
/// folded, and a pair's two ideographs are neighbours in the text); a word as its term, lowercased
/// and stemmed in a scratch buffer while it is ASCII (the common case), else through
/// `EnglishTokenizer.term(for:)`.
enum TermScanner {
  static func scan<Sink: TermSink>(_ text: String, into sink: inout Sink) {
    var text = text
    text.withUTF8 { scan($0, into: &sink) }
  }

  static func scan<Sink: TermSink>(_ utf8: UnsafeBufferPointer<UInt8>, into sink: inout Sink) {
    guard let base = utf8.baseAddress else { return }
    let count = utf8.count
    var word = Word()
    // The byte offset of the previous scalar when it was an ideograph, else -1, and its value.
    var previousIdeograph = -1
    var previousValue: UInt32 = 0
    var position = 0
    // ASCII bytes of the word not yet copied into it: `runStart..<position` of the text, copied in
    // one go when the run ends (a byte at a time, the array's checks cost more than the scan).
    var runStart = -1
    func flush() {
      guard runStart >= 0 else { return }
      word.appendASCII(UnsafeBufferPointer(start: base + runStart, count: position - runStart))
      runStart = -1
    }
    while position < count {
      let byte = base[position]
      if byte < 0x80 {
        if Self.isASCIIWordByte(byte) {
          previousIdeograph = -1
          if runStart < 0 { runStart = position }
        } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "+"),
          runStart >= 0 ? Self.isDigit(base[position - 1]) : word.endsWithDigit,
          Self.digitFollows(base, count, position + 1)
        {
          if byte == UInt8(ascii: ",") {
            flush()
          } else if runStart < 0 {
            runStart = position
          }
        } else {
          flush()
          word.finish(into: &sink)
          previousIdeograph = -1
        }
        position += 1
        continue
      }
      flush()
      let (value, length) = Self.decode(base, position)
      let folded = Self.folded(value)
      if folded < 0x80 {
        // A full-width digit or letter: its ASCII form is a word character.
        previousIdeograph = -1
        word.append(UInt8(folded))
      } else if Self.isIdeograph(value) {
        word.finish(into: &sink)
        sink.addIdeographs(0, value, UnsafeBufferPointer(start: base + position, count: length))
        if previousIdeograph >= 0 {
          sink.addIdeographs(
            previousValue, value,
            UnsafeBufferPointer(start: base + previousIdeograph, count: position + length - previousIdeograph)
          )
        }
        previousIdeograph = position
        previousValue = value
      } else if let scalar = Unicode.Scalar(folded), TextRuns.isWordScalar(scalar) {
        previousIdeograph = -1
        word.append(UnsafeBufferPointer(start: base + position, count: length))
      } else {
        word.finish(into: &sink)
        previousIdeograph = -1
      }
      position += length
    }
    flush()
    word.finish(into: &sink)
  }

  /// The word being read: its folded UTF-8 bytes and whether they are all ASCII.
  struct Word {
    var bytes: [UInt8] = []
    var ascii = true

    init() { bytes.reserveCapacity(64) }

    var endsWithDigit: Bool {
      guard let last = bytes.last else { return false }
      return last >= 0x30 && last <= 0x39
    }

    mutating func append(_ byte: UInt8) { bytes.append(byte) }

    /// Bytes of the text that are ASCII word characters (or `.`, `+` inside a number).
    mutating func appendASCII(_ run: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: run) }

    mutating func append(_ scalarBytes: UnsafeBufferPointer<UInt8>) {
      bytes.append(contentsOf: scalarBytes)
      ascii = false
    }

    /// Hands the word's term (if it has one) to `sink` and starts a new word.
    mutating func finish<Sink: TermSink>(into sink: inout Sink) {
      guard !bytes.isEmpty else { return }
      if ascii {
        sink.addWord(ascii: &bytes)
      } else if var term = EnglishTokenizer.term(for: String(decoding: bytes, as: UTF8.self)) {
        term.withUTF8 { sink.add($0) }
      }
      bytes.removeAll(keepingCapacity: true)
      ascii = true
    }
  }

  @inline(__always)
  static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  @inline(__always)
  static func isASCIIWordByte(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
  }

  /// Whether the scalar at `position` is a digit once folded (`0`–`9` or `０`–`９`).
  @inline(__always)
  static func digitFollows(_ base: UnsafePointer<UInt8>, _ count: Int, _ position: Int) -> Bool {
    guard position < count else { return false }
    let byte = base[position]
    if byte < 0x80 { return byte >= 0x30 && byte <= 0x39 }
    // U+FF10–FF19 are EF BC 90–99 in UTF-8.
    return byte == 0xEF && position + 2 < count && base[position + 1] == 0xBC
      && base[position + 2] >= 0x90 && base[position + 2] <= 0x99
  }

  /// The scalar starting at `position` (not ASCII) of valid UTF-8, and its length in bytes.
  @inline(__always)
  static func decode(_ base: UnsafePointer<UInt8>, _ position: Int) -> (UInt32, Int) {
    let first = UInt32(base[position])
    if first < 0xE0 {
      return ((first & 0x1F) << 6 | UInt32(base[position + 1] & 0x3F), 2)
    }
    if first < 0xF0 {
      return (
        (first & 0x0F) << 12 | UInt32(base[position + 1] & 0x3F) << 6 | UInt32(base[position + 2] & 0x3F), 3
      )
    }
    return (
      (first & 0x07) << 18 | UInt32(base[position + 1] & 0x3F) << 12 | UInt32(base[position + 2] & 0x3F) << 6
        | UInt32(base[position + 3] & 0x3F), 4
    )
  }

  /// `TextRuns.folded` on a scalar value.
  @inline(__always)
  static func folded(_ value: UInt32) -> UInt32 {
    switch value {
    case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A: value - 0xFEE0
    default: value
    }
  }

  /// `TextRuns.isIdeograph` on a scalar value.
  @inline(__always)
  static func isIdeograph(_ value: UInt32) -> Bool {
    switch value {
    case 0x4E00...0x9FFF, 0x3005, 0x3007, 0x3040...0x30FF, 0x31F0...0x31FF, 0x3400...0x4DBF, 0xAC00...0xD7AF,
      0xF900...0xFAFF, 0x20000...0x3FFFF:
      true
    default:
      false
    }
  }
}

/// Terms interned to numbers 0, 1, 2, … in the order first seen, compared and hashed by their UTF-8
/// bytes, kept one after another in one buffer: no `String` and no allocation per term, and a
/// cheaper hash than `Hasher`'s. The hash is not seeded: text made to collide would slow indexing
/// (never change the index), and what it indexes is the site's own content.
struct TermTable: Sendable {
  /// The terms' bytes, one after another.
  private(set) var bytes: [UInt8] = []
  /// Where each term ends in `bytes`; term `i` starts where term `i − 1` ends.
  private(set) var ends: [Int32] = []
  private var hashes: [UInt64] = []
  /// Open addressing: a term's number + 1, or 0 for an empty slot.
  private var slots: [Int32]
  private var mask: Int

  init(capacity: Int = 1024) {
    var size = 16
    while size < capacity * 2 { size *= 2 }
    slots = Array(repeating: 0, count: size)
    mask = size - 1
    ends.reserveCapacity(capacity)
    hashes.reserveCapacity(capacity)
    bytes.reserveCapacity(capacity * 8)
  }

  /// The number of terms.
  var count: Int { ends.count }

  /// The bytes of term `id`.
  func range(of id: Int) -> Range<Int> {
    (id == 0 ? 0 : Int(ends[id - 1]))..<Int(ends[id])
  }

  /// Term `id` as a string.
  func string(_ id: Int) -> String {
    String(decoding: bytes[range(of: id)], as: UTF8.self)
  }

  /// Calls `body` with the bytes of term `id`.
  func withTerm<Result>(_ id: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    let range = range(of: id)
    return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
  }

  /// The number of `term`, added when new.
  @inline(__always)
  mutating func intern(_ term: UnsafeBufferPointer<UInt8>) -> Int {
    let hash = Self.hash(term)
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let entry = Int(slots[slot])
      if entry == 0 { break }
      let id = entry - 1
      if hashes[id] == hash && equals(id, term) { return id }
      slot = (slot + 1) & mask
    }
    let id = ends.count
    bytes.append(contentsOf: term)
    ends.append(Int32(bytes.count))
    hashes.append(hash)
    slots[slot] = Int32(id + 1)
    if ends.count * 2 > slots.count { grow() }
    return id
  }

  @inline(__always)
  private func equals(_ id: Int, _ term: UnsafeBufferPointer<UInt8>) -> Bool {
    let start = id == 0 ? 0 : Int(ends[id - 1])
    let end = Int(ends[id])
    guard end - start == term.count else { return false }
    return bytes.withUnsafeBufferPointer { stored in
      guard let storedBase = stored.baseAddress, let termBase = term.baseAddress else { return term.isEmpty }
      for offset in 0..<term.count where storedBase[start + offset] != termBase[offset] { return false }
      return true
    }
  }

  private mutating func grow() {
    let size = slots.count * 2
    var grown = [Int32](repeating: 0, count: size)
    let newMask = size - 1
    for (id, hash) in hashes.enumerated() {
      var slot = Int(truncatingIfNeeded: hash) & newMask
      while grown[slot] != 0 { slot = (slot + 1) & newMask }
      grown[slot] = Int32(id + 1)
    }
    slots = grown
    mask = newMask
  }

  /// A multiply-and-rotate hash over eight bytes at a time, finished with a mix so the low bits
  /// (the slot) depend on every byte.
  @inline(__always)
  static func hash(_ term: UnsafeBufferPointer<UInt8>) -> UInt64 {
    let multiplier: UInt64 = 0x517C_C1B7_2722_0A95
    var hash = UInt64(term.count) &* 0x9E37_79B9_7F4A_7C15
    guard let base = term.baseAddress else { return hash }
    var position = 0
    while position + 8 <= term.count {
      let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
      hash = ((hash << 5 | hash >> 59) ^ word) &* multiplier
      position += 8
    }
    if position < term.count {
      var word: UInt64 = 0
      var shift: UInt64 = 0
      while position < term.count {
        word |= UInt64(base[position]) << shift
        shift += 8
        position += 1
      }
      hash = ((hash << 5 | hash >> 59) ^ word) &* multiplier
    }
    hash ^= hash >> 32
    hash = hash &* 0x9E37_79B9_7F4A_7C15
    return hash ^ (hash >> 29)
  }
}

/// Merges the batches of `PostingsBatch` in document order: one lookup per term of a batch, then
/// its postings appended whole, so the merge is linear in the postings whatever the number of
/// distinct terms.
struct PostingsBuilder {
  /// The terms, numbered in the order first seen.
  private(set) var terms = TermTable(capacity: 16 * 1024)
  /// Per term: `document << 3 | fields`, in document order.
  private(set) var lists: [[UInt32]] = []
  private(set) var postingCount = 0

  /// Adds the next batch; batches must come in document order.
  mutating func add(_ batch: PostingsBatch) {
    // The batch's arrays are borrowed once: a slice of `postings` per term would retain and release
    // its buffer for every term.
    batch.terms.bytes.withUnsafeBufferPointer { bytes in
      batch.postings.withUnsafeBufferPointer { postings in
        batch.offsets.withUnsafeBufferPointer { offsets in
          for local in 0..<batch.terms.count {
            let id = terms.intern(UnsafeBufferPointer(rebasing: bytes[batch.terms.range(of: local)]))
            if id == lists.count { lists.append([]) }
            lists[id].append(
              contentsOf: UnsafeBufferPointer(
                rebasing: postings[Int(offsets[local])..<Int(offsets[local + 1])]))
          }
        }
      }
    }
    postingCount += batch.postings.count
  }

  /// Term `id` as a string.
  func name(_ id: Int) -> String { terms.string(id) }

  /// The term numbers in code point order (the order of UTF-8 bytes), which `search.js` follows to
  /// find a term's chunk.
  func sortedOrder() -> [Int] {
    terms.bytes.withUnsafeBufferPointer { bytes in
      (0..<terms.count).sorted {
        bytes[terms.range(of: $0)].lexicographicallyPrecedes(bytes[terms.range(of: $1)])
      }
    }
  }
}

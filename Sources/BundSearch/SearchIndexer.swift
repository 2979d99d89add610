import BundCore

/// Builds the search index of one language of the site. Pure: documents in, files out.
public enum SearchIndexer {
  /// The files of one language's index (see `ChunkedIndex`), written under `directory`
  /// (`en/search/`), and their sizes.
  ///
  /// `documents` are the language's pages and glossary entries (`GlossarySearch.documents`), with
  /// URLs relative to the search page. The language's `rules` only change the layout's snippet
  /// length: every index tokenizes Chinese and English alike (see `ChineseTokenizer`). The stats'
  /// `siteTextBytes`, what the budget is measured against, is left for the caller, which knows the
  /// pages' bytes. Documents are tokenized on all cores, a bounded number of batches at a time, and
  /// merged in order as they come back.
  public static func files(
    for documents: [SearchDocument], in directory: String, rules: TextRules, layout: SearchLayout? = nil
  ) async -> (files: [OutputFile], stats: SearchStats) {
    let ordered = SearchIndex.ordered(documents)
    let index = ChunkedIndex(
      directory: directory, layout: layout ?? .standard(for: rules))
    let sections = ChunkedIndex.sections(of: ordered)
    let positions = Dictionary(uniqueKeysWithValues: sections.enumerated().map { ($1, $0) })
    let (postings, rows) = await gather(ordered) { index.row(for: $0, sections: positions) }
    let output = index.files(rows: rows, postings: postings, sections: sections)
    let textBytes = documents.reduce(0) { $0 + $1.title.utf8.count + $1.text.utf8.count }
    let indexBytes = output.files.reduce(0) { $0 + $1.bytes.count }
    let entryBytes = output.files.first { $0.path == directory + "index.json" }?.bytes.count ?? 0
    let stats = SearchStats(
      documents: documents.count, terms: output.terms, postings: output.postings, textBytes: textBytes,
      siteTextBytes: 0, indexBytes: indexBytes, files: output.files.count, entryBytes: entryBytes)
    return (output.files, stats)
  }

  /// Tokenizes the documents (and makes their shard rows) in parallel batches, a bounded number at
  /// a time, and merges the postings in document order as the batches come back.
  static func gather(
    _ documents: [SearchDocument], row: @escaping @Sendable (SearchDocument) -> [UInt8]
  ) async -> (PostingsBuilder, rows: [[UInt8]]) {
    // Large enough that a batch's terms are mostly shared by its documents (the merge looks up each
    // term once per batch), small enough to keep both cores busy to the end.
    let batch = 64
    let starts = Array(stride(from: 0, to: documents.count, by: batch))
    return await withTaskGroup(of: (Int, PostingsBatch, [[UInt8]]).self) { group in
      var builder = PostingsBuilder()
      var rows: [[UInt8]] = []
      rows.reserveCapacity(documents.count)
      var next = 0
      var waiting: [Int: (PostingsBatch, [[UInt8]])] = [:]
      var merged = 0
      func start() {
        guard next < starts.count else { return }
        let first = starts[next]
        let part = documents[first..<min(first + batch, documents.count)]
        next += 1
        group.addTask { (first, PostingsBatch(part, first: first), part.map(row)) }
      }
      for _ in 0..<8 { start() }
      for await (first, postings, partRows) in group {
        waiting[first] = (postings, partRows)
        while merged < documents.count, let (ready, readyRows) = waiting.removeValue(forKey: merged) {
          builder.add(ready)
          rows += readyRows
          merged += readyRows.count
        }
        start()
      }
      return (builder, rows)
    }
  }
}

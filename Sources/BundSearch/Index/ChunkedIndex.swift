import BundCore
import Foundation

/// One language's search index as the files `search.js` reads, all in the language's search folder:
///
/// - `index.json`, the entry, read on first focus:
///   `{"chunks":"…","docs":N,"format":2,"sections":[…],"shard":S,"weights":[10,5,1]}`.
///   `chunks` holds the first term of each term chunk, front-coded (`IndexEncoding`); chunk `i`
///   holds the terms from its first up to the next chunk's first, in code point order.
/// - `terms/<i>.json`, one per chunk: `{"postings":"…","terms":"…"}`, the chunk's terms front-coded
///   and their posting lists separated by `,`. Every term is written, single ideographs included,
///   so any query term needs exactly the chunk that holds it (a prefix, the chunks its range spans).
/// - `docs/<i>.json`, one per shard of S documents: `{"docs":[[url,title,section,text,truncated],…]}`,
///   documents `i × S` to `i × S + S − 1`; `section` is a position in the entry's `sections`, `text`
///   the start of the document's text for snippets and `truncated` 1 when it was cut.
///
/// The same documents always give the same bytes.
struct ChunkedIndex {
  /// The folder of the files, with a trailing slash (`en/search/`).
  var directory: String
  var layout: SearchLayout

  struct Output {
    var files: [OutputFile]
    var terms: Int
    var postings: Int
  }

  /// The section labels of `documents`, in code point order: a shard row names its section by position.
  static func sections(of documents: [SearchDocument]) -> [String] {
    Array(Set(documents.map(\.section))).sorted(by: IndexEncoding.termOrder)
  }

  /// One document's row in its shard, `[url,title,section,text,truncated]`, as bytes: made in the
  /// parallel tokenizing tasks, beside the document's terms.
  func row(for document: SearchDocument, sections: [String: Int]) -> [UInt8] {
    let excerpt = Excerpt(
      document.text, skipping: document.headings, limit: layout.snippetLength)
    var row: [UInt8] = [UInt8(ascii: "[")]
    row.reserveCapacity(document.url.utf8.count + document.title.utf8.count + excerpt.text.utf8.count + 32)
    Self.appendJSONString(document.url, to: &row)
    row.append(UInt8(ascii: ","))
    Self.appendJSONString(document.title, to: &row)
    row.append(UInt8(ascii: ","))
    row += String(sections[document.section] ?? 0).utf8
    row.append(UInt8(ascii: ","))
    Self.appendJSONString(excerpt.text, to: &row)
    row += (excerpt.truncated ? ",1]" : ",0]").utf8
    return row
  }

  private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

  /// Appends `text` as a JSON string literal, escaped as `JSONText.string` escapes it: quotes,
  /// backslashes, control characters, U+2028 and U+2029.
  static func appendJSONString(_ text: String, to output: inout [UInt8]) {
    output.append(UInt8(ascii: "\""))
    var text = text
    text.withUTF8 { bytes in
      // Bytes that need no escape are copied a run at a time.
      var run = 0
      for position in bytes.indices {
        let byte = bytes[position]
        guard
          byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0xA8
            || byte == 0xA9
        else { continue }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<position]))
        run = position + 1
        switch byte {
        case UInt8(ascii: "\""): output += "\\\"".utf8
        case UInt8(ascii: "\\"): output += "\\\\".utf8
        case UInt8(ascii: "\n"): output += "\\n".utf8
        case UInt8(ascii: "\r"): output += "\\r".utf8
        case UInt8(ascii: "\t"): output += "\\t".utf8
        case 0..<0x20:
          output += "\\u00".utf8
          output.append(hexDigits[Int(byte >> 4)])
          output.append(hexDigits[Int(byte & 0xF)])
        default:
          // U+2028 and U+2029 are E2 80 A8 and E2 80 A9: their first two bytes are already out.
          if position >= 2 && bytes[position - 2] == 0xE2 && bytes[position - 1] == 0x80 {
            output.removeLast(2)
            output += (byte == 0xA8 ? "\\u2028" : "\\u2029").utf8
          } else {
            output.append(byte)
          }
        }
      }
      output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<bytes.count]))
    }
    output.append(UInt8(ascii: "\""))
  }

  /// The files for the documents (their shard rows `rows`, in index order), their postings and
  /// the section labels the rows refer to.
  func files(rows: [[UInt8]], postings: PostingsBuilder, sections: [String]) -> Output {
    var files: [OutputFile] = []
    let order = postings.sortedOrder()
    var firsts: [String] = []
    var chunk = Chunk()
    for id in order {
      let name = postings.name(id)
      if chunk.isEmpty { firsts.append(name) }
      chunk.add(name, postings: postings.lists[id])
      if chunk.byteCount >= layout.chunkBytes {
        files.append(OutputFile(path: directory + "terms/\(firsts.count - 1).json", bytes: chunk.json()))
        chunk = Chunk()
      }
    }
    if !chunk.isEmpty {
      files.append(OutputFile(path: directory + "terms/\(firsts.count - 1).json", bytes: chunk.json()))
    }

    for (shard, start) in stride(from: 0, to: rows.count, by: layout.documentsPerShard).enumerated() {
      var bytes = Array("{\"docs\":[\n".utf8)
      for (position, row) in rows[start..<min(start + layout.documentsPerShard, rows.count)].enumerated() {
        if position > 0 { bytes += ",\n".utf8 }
        bytes += row
      }
      bytes += "]}\n".utf8
      files.append(OutputFile(path: directory + "docs/\(shard).json", bytes: Data(bytes)))
    }

    var firstTerms: [UInt8] = []
    IndexEncoding.appendFrontCoded(firsts, to: &firstTerms)
    let entry =
      "{\"chunks\":\"" + String(decoding: firstTerms, as: UTF8.self)
      + "\",\"docs\":\(rows.count),\"format\":2,"
      + "\"sections\":[" + sections.map(JSONText.string).joined(separator: ",") + "],"
      + "\"shard\":\(layout.documentsPerShard),\"weights\":["
      + [SearchFields.title, .heading, .body].map { String($0.weight) }.joined(separator: ",") + "]}\n"
    files.append(OutputFile(path: directory + "index.json", text: entry))
    files.sort { $0.path < $1.path }
    return Output(files: files, terms: order.count, postings: postings.postingCount)
  }

  /// The terms and postings of one chunk, encoded as they are added.
  struct Chunk {
    private var terms: [String] = []
    private var postings: [UInt8] = []
    private var termBytes = 0

    var isEmpty: Bool { terms.isEmpty }
    var byteCount: Int { postings.count + termBytes }

    mutating func add(_ term: String, postings list: [UInt32]) {
      if !terms.isEmpty { postings.append(UInt8(ascii: ",")) }
      IndexEncoding.appendPostings(list, to: &postings)
      terms.append(term)
      termBytes += term.utf8.count
    }

    func json() -> Data {
      var bytes = Array("{\"postings\":\"".utf8)
      bytes += postings
      bytes += Array("\",\"terms\":\"".utf8)
      IndexEncoding.appendFrontCoded(terms, to: &bytes)
      bytes += Array("\"}\n".utf8)
      return Data(bytes)
    }
  }
}

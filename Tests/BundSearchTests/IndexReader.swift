import BundCore
import Foundation

@testable import BundSearch

/// Reads a chunked index the way `search.js` does, from the files the indexer wrote: the entry,
/// then only the chunks and shards a lookup needs.
struct IndexReader {
  struct Document: Equatable {
    var url: String
    var title: String
    var section: String
    var text: String
    var truncated: Bool
  }

  let files: [String: Data]
  let directory: String
  /// The first term of each chunk.
  let firsts: [String]
  let documentCount: Int
  let shardSize: Int
  let sections: [String]
  let weights: [Int]

  init(files: [OutputFile], directory: String = "en/search/") throws {
    self.files = Dictionary(files.map { ($0.path, $0.bytes) }, uniquingKeysWith: { first, _ in first })
    self.directory = directory
    let entry = try Self.object(self.files[directory + "index.json"])
    guard let chunks = entry["chunks"] as? String, let docs = entry["docs"] as? Int,
      let shard = entry["shard"] as? Int, let sections = entry["sections"] as? [String],
      let weights = entry["weights"] as? [Int], entry["format"] as? Int == 2
    else { throw ReadError.shape("index.json") }
    firsts = Self.frontDecoded(chunks)
    documentCount = docs
    shardSize = shard
    self.sections = sections
    self.weights = weights
  }

  /// The chunk that holds `term` if any chunk does: the last whose first term is not after it.
  func chunk(for term: String) -> Int? {
    var low = 0
    var high = firsts.count
    while low < high {
      let middle = (low + high) / 2
      if IndexEncoding.termOrder(term, firsts[middle]) { high = middle } else { low = middle + 1 }
    }
    return low == 0 ? nil : low - 1
  }

  /// Term → document → field bits of one chunk file.
  func terms(inChunk number: Int) throws -> [String: [Int: Int]] {
    let path = directory + "terms/\(number).json"
    let object = try Self.object(files[path])
    guard let termText = object["terms"] as? String, let postingText = object["postings"] as? String
    else { throw ReadError.shape(path) }
    let names = Self.frontDecoded(termText)
    let lists = postingText.split(separator: ",", omittingEmptySubsequences: false)
    guard lists.count == names.count else { throw ReadError.shape(path) }
    var terms: [String: [Int: Int]] = [:]
    for (name, list) in zip(names, lists) {
      var found: [Int: Int] = [:]
      var document = -1
      var value = 0
      for character in list {
        guard let digit = IndexEncoding.digits.firstIndex(of: character) else {
          throw ReadError.digit(character)
        }
        if digit >= IndexEncoding.base {
          value = value * IndexEncoding.base + digit - IndexEncoding.base
        } else {
          value = value * IndexEncoding.base + digit
          document += value / 7 + 1
          found[document] = value % 7 + 1
          value = 0
        }
      }
      terms[name] = found
    }
    return terms
  }

  /// The postings of one exact term, reading only its chunk.
  func postings(of term: String) throws -> [Int: Int] {
    guard let number = chunk(for: term) else { return [:] }
    return try terms(inChunk: number)[term] ?? [:]
  }

  /// Every term of every chunk.
  func allTerms() throws -> [String: [Int: Int]] {
    var all: [String: [Int: Int]] = [:]
    for number in firsts.indices { all.merge(try terms(inChunk: number)) { first, _ in first } }
    return all
  }

  /// The documents matching every term of `query`, as `search.js` finds them (exact terms only).
  func search(_ query: String) throws -> Set<Int> {
    var found: Set<Int>?
    for term in SearchQuery(query).terms {
      let documents = Set(try postings(of: term.text).keys)
      found = found.map { $0.intersection(documents) } ?? documents
    }
    return found ?? []
  }

  /// One document, reading its shard.
  func document(_ number: Int) throws -> Document {
    let path = directory + "docs/\(number / shardSize).json"
    guard let rows = try Self.object(files[path])["docs"] as? [[Any]], number % shardSize < rows.count
    else { throw ReadError.shape(path) }
    let row = rows[number % shardSize]
    guard row.count == 5, let url = row[0] as? String, let title = row[1] as? String,
      let section = row[2] as? Int, let text = row[3] as? String, let truncated = row[4] as? Int
    else { throw ReadError.shape(path) }
    return Document(url: url, title: title, section: sections[section], text: text, truncated: truncated == 1)
  }

  static func object(_ data: Data?) throws -> [String: Any] {
    guard let data, let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw ReadError.shape("missing file")
    }
    return object
  }

  static func frontDecoded(_ text: String) -> [String] {
    var names: [String] = []
    var previous: [UInt16] = []
    let units = Array(text.utf16)
    var position = 0
    while position < units.count {
      let shared = Int(units[position]) - 65
      var end = position + 1
      while end < units.count && !(65...90).contains(units[end]) { end += 1 }
      previous = Array(previous.prefix(shared)) + units[(position + 1)..<end]
      names.append(String(decoding: previous, as: UTF16.self))
      position = end
    }
    return names
  }

  enum ReadError: Error {
    case shape(String)
    case digit(Character)
  }
}

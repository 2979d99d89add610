import Foundation

@testable import BundSearch

/// Reads `index.json` the way `search.js` does (`decodeIndex`), to check the encoding from the other side.
struct IndexReader {
  struct Document: Equatable {
    var url: String
    var title: String
    var section: String
    var text: String
    var truncated: Bool
  }

  var documents: [Document] = []
  /// Term → document → field bits, single ideographs filled in from their pairs.
  var terms: [String: [Int: Int]] = [:]
  var weights: [Int] = []

  init(json: String) throws {
    guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
      let docs = object["docs"] as? [[Any]], let sections = object["sections"] as? [String],
      let termText = object["terms"] as? String, let postingText = object["postings"] as? String,
      let weights = object["weights"] as? [Int]
    else { throw ReadError.shape }
    self.weights = weights
    documents = try docs.map { row in
      guard row.count == 5, let url = row[0] as? String, let title = row[1] as? String,
        let section = row[2] as? Int, let text = row[3] as? String, let truncated = row[4] as? Int
      else { throw ReadError.shape }
      return Document(
        url: url, title: title, section: sections[section], text: text, truncated: truncated == 1)
    }

    var names: [String] = []
    var previous: [UInt16] = []
    let units = Array(termText.utf16)
    var position = 0
    while position < units.count {
      let shared = Int(units[position]) - 65
      var end = position + 1
      while end < units.count && !(65...90).contains(units[end]) { end += 1 }
      previous = Array(previous.prefix(shared)) + units[(position + 1)..<end]
      names.append(String(decoding: previous, as: UTF16.self))
      position = end
    }
    let digits = IndexEncoding.digits
    let lists = postingText.split(separator: ",", omittingEmptySubsequences: false)
    for (number, name) in names.enumerated() {
      var found: [Int: Int] = [:]
      var document = -1
      var value = 0
      for character in number < lists.count ? lists[number] : "" {
        guard let digit = digits.firstIndex(of: character) else { throw ReadError.digit(character) }
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
    for (name, found) in terms {
      let scalars = Array(name.unicodeScalars)
      guard scalars.count == 2, scalars.allSatisfy(TextRuns.isIdeograph) else { continue }
      for scalar in Set(scalars) {
        for (document, fields) in found {
          terms[String(scalar), default: [:]][document, default: 0] |= fields
        }
      }
    }
  }

  enum ReadError: Error {
    case shape
    case digit(Character)
  }
}

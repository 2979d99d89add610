import Testing

@testable import BundSearch

/// Property-style checks over a generated corpus (a fixed seed, so a failure repeats): every
/// document holding a Chinese substring or an English word is found, reading the written files
/// as `search.js` does, and compared with a scan of the texts.
struct RecallTests {
  /// SplitMix64: small, fast and the same on every platform.
  struct Generator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  static let ideographs = Array("投资增长工业技术改造产业发展上海项目稳定城市规划设备更新区域经济同比开工数字化绿色能源")
  static let words = [
    "investment", "promotion", "growth", "districts", "planning", "renewal", "equipment", "projects",
    "industry", "signed", "ground", "breaking", "capital", "green", "energy", "digital", "zebrafish",
  ]

  static func corpus(seed: UInt64, count: Int) -> [SearchDocument] {
    var random = Generator(state: seed)
    return (0..<count).map { number in
      var parts: [String] = []
      for _ in 0..<Int.random(in: 2...14, using: &random) {
        switch Int.random(in: 0..<3, using: &random) {
        case 0:
          let run = (0..<Int.random(in: 1...12, using: &random)).map { _ in
            ideographs[Int.random(in: 0..<ideographs.count, using: &random)]
          }
          parts.append(String(run) + "。")
        case 1:
          parts.append(words[Int.random(in: 0..<words.count, using: &random)])
        default:
          parts.append(String(Int.random(in: 1...2030, using: &random)) + "年")
        }
      }
      let title = parts.prefix(2).joined(separator: " ")
      return SearchDocument(
        url: "../p\(number)/", title: title, headings: parts.count > 4 ? [parts[3]] : [],
        text: parts.dropFirst(2).joined(separator: " "))
    }
  }

  static func fullText(_ document: SearchDocument) -> String {
    ([document.title] + document.headings + [document.text]).joined(separator: "\n")
  }

  @Test(arguments: [1, 2, 3] as [UInt64])
  func everyPageHoldingAChineseSubstringIsFound(seed: UInt64) async throws {
    let documents = SearchIndex.ordered(Self.corpus(seed: seed, count: 120))
    let files = await ChunkedIndexTests.files(
      documents, layout: SearchLayout(chunkBytes: 300, documentsPerShard: 5, snippetLength: 80))
    let reader = try IndexReader(files: files)
    var random = Generator(state: seed &* 31)
    let texts = documents.map(Self.fullText)
    for _ in 0..<150 {
      let source = texts[Int.random(in: 0..<texts.count, using: &random)]
      let runs = TextRuns.runs(in: source).filter { $0.isIdeographic && $0.text.unicodeScalars.count >= 2 }
      guard let run = runs.randomElement(using: &random) else { continue }
      let scalars = Array(run.text.unicodeScalars)
      let length = Int.random(in: 2...min(4, scalars.count), using: &random)
      let start = Int.random(in: 0...(scalars.count - length), using: &random)
      var query = String.UnicodeScalarView()
      query.append(contentsOf: scalars[start..<start + length])
      let term = String(query)
      let holding = Set(texts.indices.filter { texts[$0].contains(term) })
      let pairs = ChineseTokenizer.queryTokens(in: term)
      let holdingPairs = Set(texts.indices.filter { index in pairs.allSatisfy { texts[index].contains($0) } })
      let found = try reader.search(term)
      #expect(holding.isSubset(of: found), "\(term): missed \(holding.subtracting(found).sorted())")
      #expect(found.isSubset(of: holdingPairs), "\(term): listed pages without its pairs")
    }
  }

  @Test(arguments: [4, 5] as [UInt64])
  func everyPageHoldingAnEnglishWordIsFound(seed: UInt64) async throws {
    let documents = SearchIndex.ordered(Self.corpus(seed: seed, count: 120))
    let files = await ChunkedIndexTests.files(
      documents, layout: SearchLayout(chunkBytes: 200, documentsPerShard: 7, snippetLength: 80))
    let reader = try IndexReader(files: files)
    let texts = documents.map(Self.fullText)
    for word in Self.words {
      let holding = Set(
        texts.indices.filter { index in
          texts[index].split(whereSeparator: { !$0.isLetter }).contains { $0.lowercased() == word }
        })
      let term = try #require(EnglishTokenizer.term(for: word))
      let stemmed = Set(texts.indices.filter { EnglishTokenizer.tokens(in: texts[$0]).contains(term) })
      let found = try reader.search(word + " ")
      #expect(holding.isSubset(of: found), "\(word): missed \(holding.subtracting(found).sorted())")
      #expect(found == stemmed, "\(word)")
    }
  }

  @Test func numbersAreFoundAsWritten() async throws {
    let documents = SearchIndex.ordered(Self.corpus(seed: 9, count: 80))
    let reader = try IndexReader(files: await ChunkedIndexTests.files(documents))
    let texts = documents.map(Self.fullText)
    for year in ["2023", "17", "1999"] {
      let holding = Set(
        texts.indices.filter { texts[$0].split(whereSeparator: { !$0.isNumber }).contains { $0 == year } })
      #expect(holding.isSubset(of: try reader.search(year + " ")), "\(year)")
    }
  }
}

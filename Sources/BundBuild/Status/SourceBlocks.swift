import BundCore

/// A page's body as blocks (paragraphs, headings, lists, code), for telling a translator which
/// parts of the source changed since the translation was marked: `bund status --mark` records a
/// short hash of each block in `translation_blocks`, and `bund status --diff` compares.
public struct SourceBlocks: Sendable, Hashable {
  public struct Block: Sendable, Hashable {
    /// The block's first line in the body (1-based).
    public var line: Int
    public var text: String
    public var hash: String
  }

  public var blocks: [Block]

  /// Splits at blank lines, keeping fenced code (``` or ~~~) whole.
  public init(body: String) {
    var blocks: [Block] = []
    var current: [Substring] = []
    var start = 0
    var fence: Substring?
    func flush() {
      let text = current.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
      if !text.isEmpty { blocks.append(Block(line: start, text: text, hash: Self.hash(text))) }
      current = []
    }
    for (offset, line) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let trimmed = line.drop { $0 == " " }
      if let open = fence {
        current.append(line)
        if trimmed.hasPrefix(open) { fence = nil }
        continue
      }
      if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
        if current.isEmpty { start = offset + 1 }
        fence = trimmed.prefix(3)
        current.append(line)
        continue
      }
      if trimmed.isEmpty {
        flush()
      } else {
        if current.isEmpty { start = offset + 1 }
        current.append(line)
      }
    }
    flush()
    self.blocks = blocks
  }

  /// What `translation_blocks` records: the blocks' hashes, in order.
  public var recorded: String { blocks.map(\.hash).joined(separator: " ") }

  static func hash(_ text: String) -> String { String(TextKit.fnv1a(Array(text.utf8)).prefix(8)) }

  /// A change between the blocks recorded when the translation was marked and the source now.
  public enum Change: Sendable, Hashable {
    /// A block of the source now that was not there (index into `blocks`).
    case added(Int)
    /// A block that took the place of one that was there (index into `blocks`).
    case changed(Int)
    /// A block that was there and is gone, by its position in the marked source (0-based).
    case removed(Int)
  }

  /// The changes since `recorded` (a `translation_blocks` value), by a longest common subsequence
  /// of the hashes: an unmatched old block and an unmatched new block between the same matches
  /// are one changed block.
  public func changes(since recorded: String) -> [Change] {
    let old = recorded.split(separator: " ").map(String.init)
    let new = blocks.map(\.hash)
    // A page of thousands of blocks: block by block, not a table of every pair.
    guard old.count * new.count <= 4_000_000 else {
      return (0..<max(old.count, new.count)).compactMap { index in
        if index >= old.count { return .added(index) }
        if index >= new.count { return .removed(index) }
        return old[index] == new[index] ? nil : .changed(index)
      }
    }
    // LCS table, from the end.
    var table = Array(repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
    for i in stride(from: old.count - 1, through: 0, by: -1) {
      for j in stride(from: new.count - 1, through: 0, by: -1) {
        table[i][j] = old[i] == new[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
      }
    }
    var changes: [Change] = []
    var i = 0
    var j = 0
    var removed: [Int] = []
    var added: [Int] = []
    func settle() {
      let paired = min(removed.count, added.count)
      changes += added.prefix(paired).map(Change.changed)
      changes += added.dropFirst(paired).map(Change.added)
      changes += removed.dropFirst(paired).map(Change.removed)
      removed = []
      added = []
    }
    while i < old.count || j < new.count {
      if i < old.count, j < new.count, old[i] == new[j] {
        settle()
        i += 1
        j += 1
      } else if j < new.count, i == old.count || table[i][j + 1] >= table[i + 1][j] {
        added.append(j)
        j += 1
      } else {
        removed.append(i)
        i += 1
      }
    }
    settle()
    return changes
  }
}

import BundCore

/// How one language's index is cut into files: the sizes that trade a query's bytes against the
/// number of files.
public struct SearchLayout: Sendable, Hashable {
  /// A term chunk is closed once its terms and postings reach this many bytes (a single term with
  /// more postings gets a chunk of its own).
  public var chunkBytes: Int
  /// Documents per result shard: a shown result costs the fetch of its shard.
  public var documentsPerShard: Int
  /// Characters of each document's text kept for snippets (cut at punctuation or a space before it).
  public var snippetLength: Int

  public init(chunkBytes: Int = 8 * 1024, documentsPerShard: Int = 4, snippetLength: Int) {
    self.chunkBytes = max(1, chunkBytes)
    self.documentsPerShard = max(1, documentsPerShard)
    self.snippetLength = snippetLength
  }

  /// The layout the build uses: 8 KB chunks, 4 documents a shard, and for snippets 600 characters
  /// of a language searched by words (English) or 300 of one searched by characters (Chinese: 3
  /// bytes each, and more said in each).
  public static func standard(for rules: TextRules) -> SearchLayout {
    SearchLayout(snippetLength: rules.searchesCharacters ? 300 : 600)
  }
}

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

  /// The layout the build uses: 8 KB chunks, 4 documents a shard, 600 characters of English text
  /// or 300 of Chinese (3 bytes each) for snippets.
  public static func standard(chinese: Bool) -> SearchLayout {
    SearchLayout(snippetLength: chinese ? 300 : 600)
  }
}

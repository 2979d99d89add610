import Testing

@testable import BundMarkdown

struct CMarkArenaTests {
  /// Blocks keep their bytes while others are made, when they grow (in place or moved) and across
  /// chunks; a second use of the arena (rewound) gives the same.
  @Test func blocksKeepTheirBytesAcrossChunksAndGrowth() {
    for _ in 0..<2 {
      CMarkArena.withArena {
        var blocks: [(UnsafeMutableRawPointer, Int, UInt8)] = []
        for index in 0..<600 {
          let size = [0, 1, 15, 16, 17, 100, 1_000, 9_000, 70_000][index % 9]
          let block = CMarkArena.allocate(size)
          #expect(Int(bitPattern: block) % 16 == 0)
          let fill = UInt8(index % 251)
          block.initializeMemory(as: UInt8.self, repeating: fill, count: size)
          blocks.append((block, size, fill))
          if index % 7 == 0 {
            // Grow the last block (in place when it fits) and an older one (moved).
            for position in [blocks.count - 1, blocks.count / 2] {
              let (old, oldSize, oldFill) = blocks[position]
              let grown = CMarkArena.reallocate(old, oldSize * 2 + 3)
              (grown + oldSize).initializeMemory(as: UInt8.self, repeating: oldFill, count: oldSize + 3)
              blocks[position] = (grown, oldSize * 2 + 3, oldFill)
            }
          }
        }
        for (block, size, fill) in blocks {
          let bytes = UnsafeRawBufferPointer(start: block, count: size)
          #expect(bytes.allSatisfy { $0 == fill })
        }
      }
    }
  }

  /// A page much larger than a chunk of the arena renders as its paragraphs do one by one, and a
  /// render inside another (nested arenas) leaves the outer one's memory alone.
  @Test func aLargePageRendersAsItsParts() {
    let renderer = MarkdownRenderer(options: MarkdownOptions(text: .english))
    let paragraphs = (0..<3_000).map {
      "Paragraph \($0) has *emphasis*, `code` and [a link](https://example.org/\($0))."
    }
    let parts = paragraphs.map { renderer.render($0 + "\n").html }.joined()
    let whole = CMarkArena.withArena {
      let inner = renderer.render("# Inner\n")
      let whole = renderer.render(paragraphs.joined(separator: "\n\n") + "\n").html
      #expect(inner.html.contains("Inner</h1>"))
      return whole
    }
    #expect(whole.utf8.count > 1 << 18)
    #expect(whole == parts)
  }
}

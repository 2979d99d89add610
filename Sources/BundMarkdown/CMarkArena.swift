import CCMark

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The memory libcmark allocates while one page is rendered, taken from a per-thread arena and given
/// back all at once when the render ends.
///
/// libcmark allocates every node, iterator and buffer of a parse separately and frees them one by
/// one with the document: about a tenth of a build's samples went to the C allocator for that. Here
/// an allocation moves a pointer forward in the thread's chunks, freeing one does nothing, and
/// `withArena` rewinds the chunks when the outermost render on the thread ends (the chunks are kept
/// for the next page, up to 8 MB a thread).
///
/// Memory from the arena is valid only inside `withArena`; nothing made by libcmark may outlive it
/// (the render copies the HTML and the texts it keeps into Swift strings). A render is synchronous,
/// so it runs on one thread from start to end.
enum CMarkArena {
  /// The allocator to give `cmark_parser_new_with_mem`, inside `withArena` only. Each thread has its
  /// own, kept with the thread's arena (libcmark keeps the pointer in every node).
  static func allocator() -> UnsafeMutablePointer<cmark_mem> {
    (UnsafeMutableRawPointer(threadState()) + memOffset).assumingMemoryBound(to: cmark_mem.self)
  }

  /// A new node for a document parsed with `allocator()`, from the same arena. libcmark frees a
  /// whole tree with its root's allocator, so a node from `cmark_node_new` (the C allocator) put
  /// into an arena document would be "freed" by the arena, that is never: a leak for every image
  /// and shortcode replaced, found by the fuzzer under AddressSanitizer.
  static func newNode(_ type: cmark_node_type) -> OpaquePointer? {
    cmark_node_new_with_mem(type, allocator())
  }

  /// Runs `body` with the arena of this thread in use; when the outermost call ends, everything
  /// allocated from the arena meanwhile is given back.
  static func withArena<Result>(_ body: () -> Result) -> Result {
    let state = threadState()
    state[depthSlot] += 1
    defer {
      state[depthSlot] -= 1
      if state[depthSlot] == 0 { rewind(state) }
    }
    return body()
  }

  /// Makes the first chunk the one being filled again; when the chunks hold more than `keptBytes`
  /// (a page far larger than most), all but the first are freed.
  private static func rewind(_ state: UnsafeMutablePointer<Int>) {
    state[currentSlot] = state[firstSlot]
    state[offsetSlot] = chunkHeader
    guard let first = UnsafeMutableRawPointer(bitPattern: state[firstSlot]) else { return }
    var total = 0
    var chunk: UnsafeMutableRawPointer? = first
    while let current = chunk {
      total += current.load(fromByteOffset: 8, as: Int.self)
      chunk = UnsafeMutableRawPointer(bitPattern: current.load(as: Int.self))
    }
    guard total > keptBytes else { return }
    chunk = UnsafeMutableRawPointer(bitPattern: first.load(as: Int.self))
    while let current = chunk {
      chunk = UnsafeMutableRawPointer(bitPattern: current.load(as: Int.self))
      free(current)
    }
    first.storeBytes(of: 0, as: Int.self)
  }

  /// Frees `block` from `cmark_render_html`: nothing inside `withArena` (the arena's, given back with
  /// it), `free` outside.
  static func freeRendered(_ block: UnsafeMutablePointer<CChar>) {
    if threadState()[depthSlot] == 0 { free(block) }
  }

  // The state of a thread: four words (the chunk being filled, the offset of its free space, the
  // first chunk, how deep `withArena` calls are nested), then the thread's `cmark_mem`. A chunk
  // starts with two words (the next chunk, its size in bytes); each block is preceded by 16 bytes
  // holding its size, so that blocks stay 16-byte aligned and `realloc` knows how much to copy.
  private static let currentSlot = 0
  private static let offsetSlot = 1
  private static let firstSlot = 2
  private static let depthSlot = 3
  private static let memOffset = 32
  private static let chunkHeader = 16
  private static let chunkSize = 1 << 16
  private static let keptBytes = 8 << 20

  private static let key: pthread_key_t = {
    var key = pthread_key_t()
    let code = pthread_key_create(&key) { raw in
      // The thread ends: its chunks are freed.
      let raw: UnsafeMutableRawPointer? = raw
      guard let raw else { return }
      var chunk = UnsafeMutableRawPointer(bitPattern: raw.load(fromByteOffset: 16, as: Int.self))
      while let current = chunk {
        chunk = UnsafeMutableRawPointer(bitPattern: current.load(as: Int.self))
        free(current)
      }
      free(raw)
    }
    if code != 0 { fatalError("pthread_key_create failed: \(code)") }
    return key
  }()

  private static func threadState() -> UnsafeMutablePointer<Int> {
    if let raw = pthread_getspecific(key) { return raw.assumingMemoryBound(to: Int.self) }
    guard let raw = calloc(1, memOffset + MemoryLayout<cmark_mem>.stride) else { fatalError("out of memory") }
    (raw + memOffset).bindMemory(to: cmark_mem.self, capacity: 1).initialize(
      to: cmark_mem(
        calloc: { count, size in
          let (total, overflow) = count.multipliedReportingOverflow(by: size)
          if overflow { fatalError("libcmark asked for \(count) × \(size) bytes") }
          let block = CMarkArena.allocate(Int(total))
          block.initializeMemory(as: UInt8.self, repeating: 0, count: Int(total))
          return block
        },
        realloc: { block, size in CMarkArena.reallocate(block, Int(size)) },
        free: { _ in }))
    pthread_setspecific(key, raw)
    return raw.assumingMemoryBound(to: Int.self)
  }

  private static func newChunk(size: Int) -> UnsafeMutableRawPointer {
    guard let chunk = malloc(size) else { fatalError("out of memory") }
    chunk.storeBytes(of: 0, as: Int.self)
    chunk.storeBytes(of: size, toByteOffset: 8, as: Int.self)
    return chunk
  }

  /// `size` rounded up to a multiple of 16.
  private static func rounded(_ size: Int) -> Int { (size + 15) & ~15 }

  static func allocate(_ size: Int) -> UnsafeMutableRawPointer {
    let state = threadState()
    let needed = 16 + rounded(size)
    if state[currentSlot] == 0 {
      let first = newChunk(size: max(chunkSize, needed + chunkHeader))
      state[firstSlot] = Int(bitPattern: first)
      state[currentSlot] = Int(bitPattern: first)
      state[offsetSlot] = chunkHeader
    }
    guard var current = UnsafeMutableRawPointer(bitPattern: state[currentSlot]) else {
      fatalError("no arena chunk")
    }
    // Move on to the next chunk (made when there is none, or it is too small) until the block fits.
    while state[offsetSlot] + needed > current.load(fromByteOffset: 8, as: Int.self) {
      let nextAddress = current.load(as: Int.self)
      if let next = UnsafeMutableRawPointer(bitPattern: nextAddress),
        next.load(fromByteOffset: 8, as: Int.self) >= needed + chunkHeader
      {
        current = next
      } else {
        let made = newChunk(size: max(chunkSize, needed + chunkHeader))
        made.storeBytes(of: nextAddress, as: Int.self)
        current.storeBytes(of: Int(bitPattern: made), as: Int.self)
        current = made
      }
      state[currentSlot] = Int(bitPattern: current)
      state[offsetSlot] = chunkHeader
    }
    let header = current + state[offsetSlot]
    header.storeBytes(of: size, as: Int.self)
    state[offsetSlot] += needed
    return header + 16
  }

  static func reallocate(_ block: UnsafeMutableRawPointer?, _ size: Int) -> UnsafeMutableRawPointer {
    guard let block else { return allocate(size) }
    let header = block - 16
    let old = header.load(as: Int.self)
    let state = threadState()
    // The last block of the chunk being filled grows in place when the chunk has room.
    if let current = UnsafeMutableRawPointer(bitPattern: state[currentSlot]) {
      let start = current.distance(to: header)
      if start + 16 + rounded(old) == state[offsetSlot],
        start + 16 + rounded(size) <= current.load(fromByteOffset: 8, as: Int.self)
      {
        state[offsetSlot] = start + 16 + rounded(size)
        header.storeBytes(of: size, as: Int.self)
        return block
      }
    }
    let grown = allocate(size)
    grown.copyMemory(from: block, byteCount: min(old, size))
    return grown
  }
}

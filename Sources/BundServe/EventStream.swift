import FlyingSocks

/// Bytes of server-sent events, as the buffered byte sequence FlyingFox streams as a chunked body.
struct EventStream: AsyncBufferedSequence, Sendable {
  typealias Element = UInt8
  let chunks: AsyncStream<[UInt8]>

  func makeAsyncIterator() -> Iterator { Iterator(chunks: chunks.makeAsyncIterator()) }

  struct Iterator: AsyncBufferedIteratorProtocol {
    var chunks: AsyncStream<[UInt8]>.AsyncIterator
    var pending: [UInt8] = []

    mutating func next() async throws -> UInt8? {
      if pending.isEmpty { pending = await chunks.next() ?? [] }
      return pending.isEmpty ? nil : pending.removeFirst()
    }

    /// Returns each event as soon as it is available, so it is sent at once.
    mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? {
      if pending.isEmpty {
        guard let chunk = await chunks.next() else { return nil }
        pending = chunk
      }
      let buffer = Array(pending.prefix(Swift.max(1, count)))
      pending.removeFirst(buffer.count)
      return buffer
    }
  }
}

import NIOCore
import NIOEmbedded
import Testing

@testable import BundServe

/// The limits on a request's head, byte by byte and on a virtual clock.
final class RequestHeadGuardTests {
  let channel: EmbeddedChannel

  init() throws {
    var limits = RequestHeadGuard.Limits()
    limits.maxLineBytes = 32
    limits.maxHeadBytes = 64
    channel = EmbeddedChannel(handler: RequestHeadGuard(limits: limits))
    try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
  }

  /// An embedded channel that is never finished keeps its pipeline alive (LeakSanitizer says so).
  deinit {
    _ = try? channel.finish(acceptAlreadyClosed: true)
  }

  func send(_ text: String) throws {
    try channel.writeInbound(channel.allocator.buffer(string: text))
  }

  /// What the guard answered by itself, if anything.
  func answer() throws -> String? {
    try channel.readOutbound(as: ByteBuffer.self).map { String(buffer: $0) }
  }

  /// Everything the guard passed on to the HTTP decoder.
  func forwarded() throws -> String {
    var text = ""
    while let buffer = try channel.readInbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
    return text
  }

  @Test func aHeadWithinTheLimitsIsPassedOnWhole() throws {
    try send("GET /0123456789abcdefg HTT")  // the line with its \r is 32 bytes: the limit
    try send("P/1.1\r\nHost: a\r\n\r\n")
    #expect(try answer() == nil)
    #expect(try forwarded() == "GET /0123456789abcdefg HTTP/1.1\r\nHost: a\r\n\r\n")
    #expect(channel.isActive)
  }

  @Test func aLongRequestLineGets414WithoutWaitingForItsEnd() throws {
    try send("GET /0123456789abcdefghijklmnopq")
    try send("r")
    let text = try #require(try answer())
    #expect(text.hasPrefix("HTTP/1.1 414 URI Too Long\r\n"))
    #expect(text.hasSuffix("\r\n\r\nbund serve: the request line is longer than 32 bytes\n"))
    try send(String(repeating: "c", count: 1000))  // read and dropped until the connection closes
    #expect(try forwarded() == "GET /0123456789abcdefghijklmnopq")
  }

  @Test func longHeadersGet431() throws {
    try send("GET / HTTP/1.1\r\nHost: a\r\nX-Long: " + String(repeating: "0", count: 47))
    #expect(try answer() == nil)  // 9 + 8 + 47 = 64 bytes of headers: the limit
    try send("0")
    #expect(try answer()?.hasPrefix("HTTP/1.1 431 Request Header Fields Too Large\r\n") == true)
  }

  @Test func aSilentConnectionIsClosedAfterTheTimeout() throws {
    channel.embeddedEventLoop.advanceTime(by: .seconds(9))
    #expect(channel.isActive)
    channel.embeddedEventLoop.advanceTime(by: .seconds(2))
    #expect(!channel.isActive)
  }

  @Test func aSlowRequestIsClosedAfterTheTimeoutThoughBytesKeepComing() throws {
    for byte in "GET / HTTP/1.1\r\nHo" {
      try send(String(byte))
      channel.embeddedEventLoop.advanceTime(by: .milliseconds(600))
    }
    #expect(!channel.isActive)
  }

  @Test func anEventStreamStaysOpen() throws {
    try send("GET /__bund/events HTTP/1.1\r\nHost: a\r\n\r\n")
    channel.embeddedEventLoop.advanceTime(by: .seconds(3600))
    #expect(channel.isActive)
  }

  @Test func anAnswerMustBeSentWithinItsTimeout() throws {
    try send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    channel.embeddedEventLoop.advanceTime(by: .seconds(29))
    #expect(channel.isActive)
    channel.embeddedEventLoop.advanceTime(by: .seconds(2))
    #expect(!channel.isActive)
  }
}

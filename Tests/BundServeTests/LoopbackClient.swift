import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A minimal blocking HTTP client over a loopback socket, run on its own thread so it never blocks
/// the server's tasks. Enough for GETs, raw requests, and reading a stream of server-sent events.
/// Every wait is bounded by a deadline; the deadlines are generous because a loaded CI machine can be
/// slow, and a plain request ends as soon as the server closes, so they cost nothing when all is well.
enum LoopbackClient {
  struct Response: Sendable {
    var status: Int
    /// Headers and body as received.
    var text: String
    /// Whether the server closed the connection (rather than the deadline ending the wait).
    var closedByServer: Bool

    /// What follows the headers.
    var body: String {
      text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
    }
  }

  /// A port that was free a moment ago.
  static func freePort() -> UInt16 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = loopback(port: 0)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return UInt16(bigEndian: address.sin_port)
  }

  /// GET a path; with `until`, keep reading (a stream) until the text contains it or time runs out.
  static func get(port: UInt16, path: String, until marker: String? = nil, timeout: Double = 30) async
    -> Response?
  {
    await raw(
      port: port, request: "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n",
      until: marker, timeout: timeout)
  }

  /// Sends the bytes of a request as they are, then reads until the server closes, the text contains
  /// `marker`, or `timeout` seconds have passed.
  static func raw(port: UInt16, request: String, until marker: String? = nil, timeout: Double = 30) async
    -> Response?
  {
    await onThread {
      blockingExchange(port: port, request: Array(request.utf8), until: marker, timeout: timeout)
    }
  }

  /// Opens connections that send nothing (their descriptors, to close with `close(_:)`).
  static func openIdle(port: UInt16, count: Int) async -> [Int32] {
    await onThread { (0..<count).compactMap { _ in connected(port: port) } }
  }

  static func closeAll(_ descriptors: [Int32]) {
    for fd in descriptors { _ = closeDescriptor(fd) }
  }

  private static func closeDescriptor(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
      Glibc.close(fd)
    #else
      Darwin.close(fd)
    #endif
  }

  private static func onThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
      Thread { continuation.resume(returning: work()) }.start()
    }
  }

  private static func loopback(port: UInt16) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = port.bigEndian
    return address
  }

  /// A socket connected to the port, reads waking every 200 ms to check the deadline.
  private static func connected(port: UInt16) -> Int32? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    var wait = timeval(tv_sec: 0, tv_usec: 200_000)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
    #if canImport(Darwin)
      var one: Int32 = 1
      setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
    #endif
    var address = loopback(port: port)
    let result = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard result == 0 else {
      _ = closeDescriptor(fd)
      return nil
    }
    return fd
  }

  private static func blockingExchange(port: UInt16, request: [UInt8], until marker: String?, timeout: Double)
    -> Response?
  {
    guard let fd = connected(port: port) else { return nil }
    defer { _ = closeDescriptor(fd) }
    #if canImport(Glibc)
      let flags = Int32(MSG_NOSIGNAL)
    #else
      let flags: Int32 = 0
    #endif
    var sent = 0
    while sent < request.count {
      let count = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, flags) }
      guard count > 0 else { break }  // the server stopped reading: read what it answered
      sent += count
    }
    var received = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 65536)
    var closed = false
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      let count = recv(fd, &buffer, buffer.count, 0)
      if count > 0 {
        received += buffer[0..<count]
        if let marker, String(decoding: received, as: UTF8.self).contains(marker) { break }
      } else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        closed = true
        break
      }
    }
    let text = String(decoding: received, as: UTF8.self)
    let statusLine = text.split(separator: "\r\n").first ?? ""
    let status = statusLine.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    return Response(status: status, text: text, closedByServer: closed)
  }
}

/// An open `/__bund/events` stream, read on its own thread; `wait(for:)` returns once the text
/// received so far contains a marker (or the stream ended or its deadline passed).
struct EventWatch {
  private var iterator: AsyncStream<String>.Iterator
  /// Everything received so far.
  private(set) var text = ""

  init(port: UInt16, timeout: Double = 60) {
    let (chunks, continuation) = AsyncStream<String>.makeStream()
    iterator = chunks.makeAsyncIterator()
    Thread {
      LoopbackClient.stream(port: port, path: "/__bund/events", timeout: timeout) { continuation.yield($0) }
      continuation.finish()
    }.start()
  }

  /// Waits until the stream has sent `marker` after what was consumed already; the text up to and
  /// including it, or nil if the stream ended first.
  mutating func wait(for marker: String) async -> String? {
    while true {
      if let range = text.range(of: marker) {
        let found = String(text[..<range.upperBound])
        text = String(text[range.upperBound...])
        return found
      }
      guard let chunk = await iterator.next() else { return nil }
      text += chunk
    }
  }
}

extension LoopbackClient {
  /// GETs a path and hands each chunk received to `chunk` until the server closes or time runs out.
  static func stream(port: UInt16, path: String, timeout: Double, chunk: (String) -> Void) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return }
    defer { _ = closeSocket(fd) }
    var wait = timeval(tv_sec: 0, tv_usec: 200_000)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = port.bigEndian
    let connected = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else { return }
    let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n"
    _ = request.withCString { send(fd, $0, strlen($0), 0) }
    var buffer = [UInt8](repeating: 0, count: 65536)
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      let count = recv(fd, &buffer, buffer.count, 0)
      if count > 0 {
        chunk(String(decoding: buffer[0..<count], as: UTF8.self))
      } else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        return
      }
    }
  }

  fileprivate static func closeSocket(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
      Glibc.close(fd)
    #else
      Darwin.close(fd)
    #endif
  }
}

import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A minimal blocking HTTP client over a loopback socket, run on its own thread so it never blocks
/// the server's tasks. Enough for GETs and for reading a stream of server-sent events.
enum LoopbackClient {
  struct Response: Sendable {
    var status: Int
    var text: String
  }

  /// A port that was free a moment ago.
  static func freePort() -> UInt16 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
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
  static func get(port: UInt16, path: String, until marker: String? = nil, timeout: Double = 5) async
    -> Response?
  {
    await withCheckedContinuation { continuation in
      let thread = Thread {
        continuation.resume(returning: blockingGet(port: port, path: path, until: marker, timeout: timeout))
      }
      thread.start()
    }
  }

  private static func blockingGet(port: UInt16, path: String, until marker: String?, timeout: Double)
    -> Response?
  {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
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
    guard connected == 0 else { return nil }
    let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    _ = request.withCString { send(fd, $0, strlen($0), 0) }
    var received = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 65536)
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      let count = recv(fd, &buffer, buffer.count, 0)
      if count > 0 {
        received += buffer[0..<count]
        if let marker, String(decoding: received, as: UTF8.self).contains(marker) { break }
      } else if count == 0 {
        break
      }
    }
    let text = String(decoding: received, as: UTF8.self)
    let statusLine = text.split(separator: "\r\n").first ?? ""
    let status = statusLine.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    return Response(status: status, text: text)
  }
}

import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The dev server's HTTP/1.1 side, on SwiftNIO: one request per connection, with the head bounded
/// by `RequestHeadGuard`, a cap on open connections that keeps descriptors in reserve
/// (`DescriptorLimit`), and `Host` checked against `HostCheck`. Should the process run out of
/// descriptors all the same, NIO's accept backoff waits and tries again instead of failing.
struct HTTPListener: Sendable {
  typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>
  typealias Channel = NIOAsyncChannel<AcceptedConnection, Never>

  var host: String
  var port: Int
  var limits = RequestHeadGuard.Limits()
  var maxConnections = 128
  var heartbeat: Duration = .seconds(10)

  /// Why the server could not start.
  enum StartError: Error, Equatable {
    case portInUse(Int)
    case cannotListen(String, Int, String)
  }

  /// Listens; returns the bound channel (or why it cannot) so the caller can say it is listening.
  func bind() async throws -> Channel {
    let limits = self.limits
    do {
      return try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .serverChannelOption(.backlog, value: 256)
        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        .childChannelOption(.allowRemoteHalfClosure, value: true)
        .bind(
          host: host, port: port,
          // Accepted connections wait here while every slot is taken; few, as each holds a descriptor.
          serverBackPressureStrategy: .init(lowWatermark: 2, highWatermark: 8)
        ) { channel in
          channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(RequestHeadGuard(limits: limits))
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(
              withPipeliningAssistance: false, withErrorHandling: true)
            return AcceptedConnection(try Connection(wrappingChannelSynchronously: channel))
          }
        }
    } catch let error as IOError where error.errnoCode == EADDRINUSE {
      throw StartError.portInUse(port)
    } catch let error as IOError {
      throw StartError.cannotListen(host, port, String(cString: strerror(error.errnoCode)))
    } catch {
      throw StartError.cannotListen(host, port, "\(error)")
    }
  }

  /// Accepts connections until the task is cancelled, answering each with `router`.
  func serve(_ server: Channel, router: Router, hosts: HostCheck) async throws {
    let slots = ConnectionSlots(limit: DescriptorLimit.connectionCap(wanted: maxConnections))
    try await withThrowingDiscardingTaskGroup { group in
      try await server.executeThenClose { connections in
        for try await connection in connections {
          await slots.take()
          group.addTask {
            await answer(connection.connection, router: router, hosts: hosts)
            await slots.give()
          }
        }
      }
    }
  }

  /// Reads one request head and answers it, then closes. A client that goes away mid-way ends
  /// only its own connection.
  private func answer(_ connection: Connection, router: Router, hosts: HostCheck) async {
    do {
      try await connection.executeThenClose { inbound, outbound in
        var requests = inbound.makeAsyncIterator()
        guard case .head(let head) = try await requests.next() else { return }
        let response: Response
        if !hosts.allows(head.headers.first(name: "host")) {
          response = .text(421, "Misdirected Request", "bund serve answers only for localhost and 127.0.0.1")
        } else {
          response = await router.respond(method: head.method.rawValue, to: Self.path(of: head.uri))
        }
        var headers = HTTPHeaders(response.headers)
        headers.replaceOrAdd(name: "Connection", value: "close")
        let status = HTTPResponseStatus(statusCode: response.status, reasonPhrase: response.reason)
        switch response.body {
        case .bytes(let data):
          headers.replaceOrAdd(name: "Content-Length", value: String(data.count))
          try await outbound.write(
            .head(HTTPResponseHead(version: .http1_1, status: status, headers: headers)))
          if head.method != .HEAD, !data.isEmpty {
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: data))))
          }
          try await outbound.write(.end(nil))
        case .events(let stream):
          try await outbound.write(
            .head(HTTPResponseHead(version: .http1_1, status: status, headers: headers)))
          guard head.method != .HEAD else {
            try await outbound.write(.end(nil))
            return
          }
          try await streamEvents(stream, to: outbound)
        }
      }
    } catch {
      // The client went away or broke the protocol: its connection is closed, nothing else to do.
    }
  }

  /// Sends each event as it comes, and a comment line when quiet for `heartbeat`, which also
  /// finds out when the tab has gone.
  private func streamEvents(
    _ stream: AsyncStream<[UInt8]>, to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
  )
    async throws
  {
    let beat = heartbeat
    let (merged, continuation) = AsyncStream<[UInt8]>.makeStream(bufferingPolicy: .bufferingNewest(16))
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask {
        for await event in stream { continuation.yield(event) }
        continuation.finish()
      }
      group.addTask {
        while !Task.isCancelled {
          try await Task.sleep(for: beat)
          continuation.yield(Array(": keep-alive\n\n".utf8))
        }
      }
      defer { group.cancelAll() }
      for await chunk in merged {
        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: chunk))))
      }
      try await outbound.write(.end(nil))
    }
  }

  /// The request target's path, percent-decoded, without the query.
  static func path(of uri: String) -> String {
    let raw = uri.prefix { $0 != "?" && $0 != "#" }
    return raw.removingPercentEncoding ?? String(raw)
  }
}

/// An accepted connection that closes itself when released. After it was answered that is a no-op
/// (`executeThenClose` again finds it finished and closed); for connections NIO had accepted but
/// serve had not taken when it stopped, it is the only close. A dropped `NIOAsyncChannel` whose
/// writer was never finished stops the process with a precondition failure.
final class AcceptedConnection: Sendable {
  let connection: HTTPListener.Connection

  init(_ connection: HTTPListener.Connection) {
    self.connection = connection
  }

  deinit {
    let connection = self.connection
    Task {
      do {
        try await connection.executeThenClose { _, _ in }
      } catch {
        // Closing a connection nobody asked anything of: there is no one to tell.
      }
    }
  }
}

/// Counts open connections; `take` waits while all are in use.
actor ConnectionSlots {
  private let limit: Int
  private var used = 0
  private var waiting: [CheckedContinuation<Void, Never>] = []

  init(limit: Int) {
    self.limit = max(1, limit)
  }

  func take() async {
    if used < limit {
      used += 1
      return
    }
    await withCheckedContinuation { waiting.append($0) }
  }

  /// Frees a slot, handing it straight to a waiting connection if there is one.
  func give() {
    if waiting.isEmpty {
      used -= 1
    } else {
      waiting.removeFirst().resume()
    }
  }
}

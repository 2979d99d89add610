import NIOCore

/// Stands in front of the HTTP decoder and bounds what a client may send: a request line of at most
/// `maxLineBytes` (else 414), a head of at most `maxHeadBytes` (else 431), all of it within
/// `headTimeout` of connecting (else the connection is closed), and the response within
/// `responseTimeout` unless the request is for the event stream. Each byte is looked at once, so a
/// long line costs linear time.
final class RequestHeadGuard: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = ByteBuffer
  typealias InboundOut = ByteBuffer
  typealias OutboundOut = ByteBuffer

  struct Limits: Sendable {
    var maxLineBytes = 8 * 1024
    var maxHeadBytes = 64 * 1024
    var headTimeout: TimeAmount = .seconds(10)
    var responseTimeout: TimeAmount = .seconds(30)
    /// Requests whose path starts with this stay open (the event stream and its heartbeat).
    var streamingPathPrefix = "/__bund/events"
  }

  private enum State {
    case requestLine
    case headers
    case done
    case rejected
  }

  private let limits: Limits
  private var state = State.requestLine
  private var lineBytes = 0
  private var headBytes = 0
  /// Whether the bytes since the last line end were only a `\r` (an empty line ends the head).
  private var lineIsEmpty = true
  private var requestLine: [UInt8] = []
  private var deadline: Scheduled<Void>?

  init(limits: Limits) {
    self.limits = limits
  }

  func channelActive(context: ChannelHandlerContext) {
    closeAfter(limits.headTimeout, context: context)
    context.fireChannelActive()
  }

  func channelInactive(context: ChannelHandlerContext) {
    deadline?.cancel()
    deadline = nil
    context.fireChannelInactive()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let buffer = unwrapInboundIn(data)
    switch state {
    case .done:
      context.fireChannelRead(data)
      return
    case .rejected:
      return  // read and dropped, so that closing does not reset the answer away
    case .requestLine, .headers:
      break
    }
    let verdict = buffer.withUnsafeReadableBytes { scan($0) }
    switch verdict {
    case .needMore:
      context.fireChannelRead(data)
    case .complete:
      let target = String(decoding: requestLine, as: UTF8.self).split(separator: " ").dropFirst().first ?? ""
      if target.hasPrefix(limits.streamingPathPrefix) {
        deadline?.cancel()
        deadline = nil
      } else {
        closeAfter(limits.responseTimeout, context: context)
      }
      context.fireChannelRead(data)
    case .reject(let status, let reason):
      state = .rejected
      reject(status: status, reason: reason, context: context)
    }
  }

  private enum Verdict {
    case needMore
    case complete
    case reject(String, String)
  }

  /// Walks the new bytes once, keeping the request line (bounded) and the sizes.
  private func scan(_ bytes: UnsafeRawBufferPointer) -> Verdict {
    for byte in bytes {
      switch state {
      case .requestLine:
        if byte == UInt8(ascii: "\n") {
          if requestLine.isEmpty || requestLine == [UInt8(ascii: "\r")] {
            requestLine = []  // empty lines before a request are allowed
            lineBytes = 0
            continue
          }
          state = .headers
          lineIsEmpty = true
          continue
        }
        lineBytes += 1
        if lineBytes > limits.maxLineBytes {
          return .reject("414 URI Too Long", "the request line is longer than \(limits.maxLineBytes) bytes")
        }
        requestLine.append(byte)
      case .headers:
        headBytes += 1
        if headBytes > limits.maxHeadBytes {
          return .reject(
            "431 Request Header Fields Too Large",
            "the request headers are longer than \(limits.maxHeadBytes) bytes")
        }
        if byte == UInt8(ascii: "\n") {
          if lineIsEmpty {
            state = .done
            return .complete
          }
          lineIsEmpty = true
        } else if byte != UInt8(ascii: "\r") {
          lineIsEmpty = false
        }
      case .done, .rejected:
        return .complete
      }
    }
    return .needMore
  }

  /// Answers at once, stops sending, and closes once the client has stopped too (or after a
  /// second), so the answer is read rather than lost to a reset.
  private func reject(status: String, reason: String, context: ChannelHandlerContext) {
    let body = "bund serve: \(reason)\n"
    let text =
      "HTTP/1.1 \(status)\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
    let bytes = context.channel.allocator.buffer(string: text)
    let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
    context.writeAndFlush(wrapOutboundOut(bytes)).whenComplete { _ in
      loopBound.value.close(mode: .output, promise: nil)
    }
    closeAfter(.seconds(1), context: context)
  }

  private func closeAfter(_ delay: TimeAmount, context: ChannelHandlerContext) {
    deadline?.cancel()
    let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
    deadline = context.eventLoop.scheduleTask(in: delay) {
      loopBound.value.close(promise: nil)
    }
  }
}

import NIOCore

/// Times a connection at the byte level, ahead of the HTTP decoder, so even a request whose head
/// never completes is caught: from a request's first byte, all of it must arrive within the
/// request timeout or the client gets 408 and the connection closes; a keep-alive connection
/// with no request for the idle timeout is closed quietly.
final class ConnectionTimeoutHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Sent outbound by the HTTP handler as a request moves along.
    enum Event {
        /// The last byte of a request arrived: the client's part is done.
        case requestComplete
        /// Its answer went out: the connection waits for the next request.
        case responseSent
    }

    private enum State {
        case idle
        case reading
        /// The server is working on a request; `bytesWaiting` if the next one has started arriving.
        case processing(bytesWaiting: Bool)
    }

    private let requestTimeout: TimeAmount
    private let idleTimeout: TimeAmount
    private var state = State.idle
    private var timer: Scheduled<Void>?

    init(requestTimeout: TimeAmount, idleTimeout: TimeAmount) {
        self.requestTimeout = requestTimeout
        self.idleTimeout = idleTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(.idle, context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(.idle, context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch state {
        case .idle: arm(.reading, context: context)
        case .processing: state = .processing(bytesWaiting: true)
        case .reading: break
        }
        context.fireChannelRead(data)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let event = event as? Event else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        switch event {
        case .requestComplete:
            timer?.cancel()
            timer = nil
            state = .processing(bytesWaiting: false)
        case .responseSent:
            if case .processing(bytesWaiting: true) = state { arm(.reading, context: context) } else { arm(.idle, context: context) }
        }
        promise?.succeed(())
    }

    private func arm(_ next: State, context: ChannelHandlerContext) {
        timer?.cancel()
        state = next
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        switch next {
        case .idle:
            timer = context.eventLoop.scheduleTask(in: idleTimeout) {
                let (_, context) = loopBound.value
                context.close(promise: nil)
            }
        case .reading:
            let seconds = Double(requestTimeout.nanoseconds) / 1e9
            timer = context.eventLoop.scheduleTask(in: requestTimeout) {
                let (handler, context) = loopBound.value
                handler.answerTimeout(seconds: seconds, context: context)
            }
        case .processing:
            timer = nil
        }
    }

    /// 408 written as raw bytes: the HTTP encoder may never have seen this request's head.
    private func answerTimeout(seconds: Double, context: ChannelHandlerContext) {
        let body = ProtocolError.timeout("the request did not arrive in full within \(seconds.formattedSeconds)").body
        let head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        var buffer = context.channel.allocator.buffer(capacity: head.utf8.count + body.count)
        buffer.writeString(head)
        buffer.writeBytes(body)
        context.writeAndFlush(wrapOutboundOut(buffer)).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
}

extension Double {
    /// 30 → "30s", 0.25 → "0.25s".
    var formattedSeconds: String { self == rounded() ? "\(Int(self))s" : "\(self)s" }
}

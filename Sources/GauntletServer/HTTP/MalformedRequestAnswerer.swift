import NIOCore
import NIOHTTP1

/// Answers a request NIO's parser could not read (bad request line, a header with a NUL, an
/// impossible `Content-Length`, garbage after pipelined requests) with 400 and the server's
/// `{"error": …}` body, then lets the connection close, as every other refusal is answered.
///
/// It stands where NIO's `HTTPServerProtocolErrorHandler` would, with the same rule: an answer can
/// only be written when no other answer has begun (NIO's pipelining handler holds the error back
/// until the answers before it are written).
final class MalformedRequestAnswerer: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let metrics: ServerMetrics
    private var answerInProgress = false

    init(metrics: ServerMetrics) { self.metrics = metrics }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        if !answerInProgress {
            let refusal = ProtocolError.badRequest("malformed HTTP request: \(Self.describe(parserError))")
            let body = refusal.body
            let headers = HTTPHeaders([
                ("Content-Type", "application/json"), ("Content-Length", String(body.count)), ("Connection", "close"),
            ])
            let head = HTTPResponseHead(version: .http1_1, status: .badRequest, headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
            metrics.recordOther(status: refusal.status)
            // The parser cannot go on after an error, and does not close the connection itself.
            context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        } else {
            context.close(promise: nil)
        }
        context.fireErrorCaught(error)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head) where (100..<200).contains(head.status.code): break  // a 1xx precedes the answer
        case .head: answerInProgress = true
        case .body: break
        case .end: answerInProgress = false
        }
        context.write(data, promise: promise)
    }

    /// The parser's error in words a client can act on.
    static func describe(_ error: HTTPParserError) -> String {
        switch error {
        case .invalidContentLength: "Content-Length is not a number this server can hold"
        case .unexpectedContentLength: "Content-Length together with chunked transfer encoding"
        case .invalidMethod: "the method is not an HTTP token"
        case .invalidURL: "the request target is not a valid URL"
        case .invalidVersion: "the HTTP version is not 1.x"
        case .invalidHeaderToken: "a header name or value holds a character HTTP does not allow"
        case .headerOverflow: "the request head is too large"
        case .invalidChunkSize: "a chunk size is not a hexadecimal number"
        default: "\(error)"
        }
    }
}

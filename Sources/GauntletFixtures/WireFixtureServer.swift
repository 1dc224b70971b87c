import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// What a ``WireFixtureServer`` writes back for each request, byte for byte: the answers a
/// correct HTTP server never gives, and the ones it gives rarely, for the engine's fault tests.
public enum WireAnswer: Sendable, Equatable {
    /// A status line and headers promising a body (`Content-Length: 100`), then the connection closes.
    case closeAfterHeaders
    /// `Content-Length: declared`, then `sent` bytes of it, then the connection closes.
    case truncatedBody(declared: Int, sent: Int)
    /// A chunked body of `chunks` chunks of `"chunk-N;"`, terminated; kept alive.
    case chunked(chunks: Int)
    /// A chunked body cut inside its second chunk, then the connection closes.
    case chunkedCutShort
    /// `100 Continue` and `103 Early Hints` before a `200` answering `ok`.
    case informationalFirst
    /// A `200` whose body is `bytes` long (`x` repeated), kept alive; written in 64 KiB pieces.
    case largeBody(bytes: Int)

    /// The bytes written for it and whether the connection closes after them.
    func bytes() -> (head: String, body: [UInt8], closes: Bool) {
        switch self {
        case .closeAfterHeaders:
            return ("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nContent-Type: text/plain\r\n\r\n", [], true)
        case .truncatedBody(let declared, let sent):
            return ("HTTP/1.1 200 OK\r\nContent-Length: \(declared)\r\n\r\n", Array(repeating: UInt8(ascii: "x"), count: sent), true)
        case .chunked(let chunks):
            var body = ""
            for index in 0..<chunks {
                let chunk = "chunk-\(index);"
                body += String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n"
            }
            return ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", Array((body + "0\r\n\r\n").utf8), false)
        case .chunkedCutShort:
            return ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", Array("8\r\nchunk-0;\r\n8\r\nchu".utf8), true)
        case .informationalFirst:
            let head = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n"
            return (head, Array("ok\n".utf8), false)
        case .largeBody(let bytes):
            return ("HTTP/1.1 200 OK\r\nContent-Length: \(bytes)\r\n\r\n", Array(repeating: UInt8(ascii: "x"), count: bytes), false)
        }
    }
}

/// An HTTP/1.1 server that reads requests properly and answers each with the bytes of one
/// ``WireAnswer``, on an ephemeral 127.0.0.1 port: what a broken server or proxy puts on the wire.
public final class WireFixtureServer: Sendable {
    public let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let counter: RequestCounter

    /// Requests read so far (complete, body included).
    public var requestsReceived: Int { counter.requests.load(ordering: .relaxed) }

    public init(answer: WireAnswer) throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let counter = RequestCounter()
        do {
            channel = try ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(WireAnswerHandler(answer: answer, counter: counter))
                    }
                }
                .bind(host: "127.0.0.1", port: 0)
                .wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
        self.group = group
        self.counter = counter
        port = channel.localAddress?.port ?? 0
    }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public func shutdown() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

/// Requests read by every connection of one server.
final class RequestCounter: Sendable {
    let requests = Atomic<Int>(0)
}

/// Reads one request at a time (head to `\r\n\r\n`, then `Content-Length` bytes of body) and
/// writes the answer's bytes; closes after them when the answer says so.
final class WireAnswerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let answer: WireAnswer
    private let counter: RequestCounter
    private var pending: [UInt8] = []

    init(answer: WireAnswer, counter: RequestCounter) {
        self.answer = answer
        self.counter = counter
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        pending += unwrapInboundIn(data).readableBytesView
        while let length = Self.requestLength(in: pending) {
            pending.removeFirst(length)
            counter.requests.add(1, ordering: .relaxed)
            let (head, body, closes) = answer.bytes()
            context.write(wrapOutboundOut(context.channel.allocator.buffer(string: head)), promise: nil)
            var offset = 0
            while offset < body.count {
                let piece = body[offset..<min(body.count, offset + 65_536)]
                context.write(wrapOutboundOut(context.channel.allocator.buffer(bytes: piece)), promise: nil)
                offset += piece.count
            }
            let flushed = context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)))
            if closes {
                flushed.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
                return
            }
        }
    }

    /// The length of the first complete request in `bytes` (head and `Content-Length` body), or nil.
    static func requestLength(in bytes: [UInt8]) -> Int? {
        let end = Array("\r\n\r\n".utf8)
        guard bytes.count >= 4, let headEnd = (0...(bytes.count - 4)).first(where: { bytes[$0..<$0 + 4].elementsEqual(end) }) else {
            return nil
        }
        let head = String(decoding: bytes[..<headEnd], as: UTF8.self).lowercased()
        let declared = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        let total = headEnd + 4 + declared
        return bytes.count >= total ? total : nil
    }
}

import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A small HTTP/1.1 server with keep-alive and a known delay behaviour, started on an
/// ephemeral 127.0.0.1 port, for tests that check the load engine against the truth.
///
/// `GET /status/NNN` answers with that status; `GET /close` closes the connection without
/// answering; every other request answers 200 `ok`.
public final class FixtureServer: Sendable {
    public let port: Int
    public let behaviour: FixtureBehaviour
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let state: FixtureState

    /// Requests received so far (complete request heads).
    public var requestsReceived: Int { state.requests.load(ordering: .relaxed) }
    /// Connections accepted so far.
    public var connectionsAccepted: Int { state.connections.load(ordering: .relaxed) }

    public init(behaviour: FixtureBehaviour, threads: Int = 1) throws {
        self.behaviour = behaviour
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let state = FixtureState()
        do {
            channel = try ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 1024)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        try channel.pipeline.syncOperations.addHandler(
                            FixtureHandler(behaviour: behaviour, state: state))
                    }
                }
                .bind(host: "127.0.0.1", port: 0)
                .wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
        self.group = group
        self.state = state
        port = channel.localAddress?.port ?? 0
    }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public func shutdown() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

/// Shared by every connection of one server.
final class FixtureState: Sendable {
    let requests = Atomic<Int>(0)
    let connections = Atomic<Int>(0)
    /// The first request's arrival (uptime ns), the origin of stall periods; 0 until then.
    let origin = Atomic<UInt64>(0)

    func sinceOrigin(_ now: NIODeadline) -> TimeAmount {
        let nanoseconds = now.uptimeNanoseconds
        let (_, origin) = origin.compareExchange(expected: 0, desired: nanoseconds, ordering: .relaxed)
        let start = origin == 0 ? nanoseconds : origin
        return .nanoseconds(Int64(nanoseconds - min(start, nanoseconds)))
    }
}

final class FixtureHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let behaviour: FixtureBehaviour
    private let state: FixtureState
    private var status: HTTPResponseStatus = .ok
    private var keepAlive = true

    init(behaviour: FixtureBehaviour, state: FixtureState) {
        self.behaviour = behaviour
        self.state = state
    }

    func channelActive(context: ChannelHandlerContext) {
        state.connections.add(1, ordering: .relaxed)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            state.requests.add(1, ordering: .relaxed)
            keepAlive = head.isKeepAlive
            status = Self.status(for: head.uri)
            if head.uri == "/close" { context.close(promise: nil) }
        case .body:
            break
        case .end:
            guard context.channel.isActive else { return }
            let delay = behaviour.delay(sinceOrigin: state.sinceOrigin(.now()))
            let status = status, keepAlive = keepAlive
            if delay == .zero {
                respond(context: context, status: status, keepAlive: keepAlive)
            } else {
                context.eventLoop.assumeIsolated().scheduleTask(in: delay) {
                    self.respond(context: context, status: status, keepAlive: keepAlive)
                }
            }
        }
    }

    private func respond(context: ChannelHandlerContext, status: HTTPResponseStatus, keepAlive: Bool) {
        guard context.channel.isActive else { return }
        let body = "ok\n"
        var headers = HTTPHeaders([("Content-Length", String(body.utf8.count)), ("Content-Type", "text/plain")])
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive { done.assumeIsolated().whenComplete { _ in context.close(promise: nil) } }
    }

    static func status(for uri: String) -> HTTPResponseStatus {
        let prefix = "/status/"
        guard uri.hasPrefix(prefix), let code = Int(uri.dropFirst(prefix.count)), (100...599).contains(code) else {
            return .ok
        }
        return HTTPResponseStatus(statusCode: code)
    }
}

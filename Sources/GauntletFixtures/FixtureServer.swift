import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A small HTTP/1.1 server with keep-alive and a known delay behaviour, started on an
/// ephemeral 127.0.0.1 port, for tests that check the load engine against the truth.
///
/// `GET /status/NNN` answers with that status; `GET /close` closes the connection without
/// answering; `POST …/infer` answers a KServe V2 classification whose predicted `label` is the
/// first input value of the request, rounded (so tests know the right answers); every other
/// request answers 200 `ok`.
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

    /// - Parameter port: 0 for an ephemeral port; a given one to stand in for a server that was
    ///   stopped (a restart on the same address).
    public init(behaviour: FixtureBehaviour, threads: Int = 1, port: Int = 0) throws {
        self.behaviour = behaviour
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let state = FixtureState()
        channel = try FixtureListener.start(group: group, port: port) { FixtureHandler(behaviour: behaviour, state: state) }
        self.group = group
        self.state = state
        self.port = channel.localAddress?.port ?? 0
    }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public func shutdown() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

/// A fixture's HTTP/1.1 listener on 127.0.0.1: keep-alive, no Nagle delay, a fresh handler per
/// connection; the group is shut down when it cannot bind.
enum FixtureListener {
    static func start(
        group: MultiThreadedEventLoopGroup, port: Int, handler: @escaping @Sendable () -> some ChannelInboundHandler
    ) throws -> any Channel {
        do {
            return try ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 1024)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        try channel.pipeline.syncOperations.addHandler(handler())
                    }
                }
                .bind(host: "127.0.0.1", port: port)
                .wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
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
    private var isInfer = false
    private var requestBody: [UInt8] = []

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
            let received = state.requests.add(1, ordering: .relaxed).newValue
            if case .diesAfter(let limit) = behaviour, received > limit {
                context.close(promise: nil)
                return
            }
            keepAlive = head.isKeepAlive
            status = Self.status(for: head.uri)
            if case .unavailableFirst(let limit) = behaviour, received <= limit { status = .serviceUnavailable }
            isInfer = head.method == .POST && head.uri.hasSuffix("/infer")
            requestBody.removeAll(keepingCapacity: true)
            if head.uri == "/close" { context.close(promise: nil) }
        case .body(let buffer):
            if isInfer { requestBody += buffer.readableBytesView }
        case .end:
            guard context.channel.isActive else { return }
            let delay = behaviour.delay(sinceOrigin: state.sinceOrigin(.now()))
            let status = status, keepAlive = keepAlive
            let body = isInfer ? Self.classification(for: requestBody) : "ok\n"
            if delay == .zero {
                respond(context: context, status: status, keepAlive: keepAlive, body: body)
            } else {
                context.eventLoop.assumeIsolated().scheduleTask(in: delay) {
                    self.respond(context: context, status: status, keepAlive: keepAlive, body: body)
                }
            }
        }
    }

    private func respond(context: ChannelHandlerContext, status: HTTPResponseStatus, keepAlive: Bool, body: String) {
        guard context.channel.isActive else { return }
        var headers = HTTPHeaders([("Content-Length", String(body.utf8.count)), ("Content-Type", "text/plain")])
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive { done.assumeIsolated().whenComplete { _ in context.close(promise: nil) } }
    }

    /// `{"outputs":[{"name":"label","datatype":"INT64","shape":[1],"data":[N]}]}`, N the first input value.
    static func classification(for request: [UInt8]) -> String {
        let text = String(decoding: request, as: UTF8.self)
        var label = -1
        if let data = text.range(of: "\"data\":[") {
            let digits = text[data.upperBound...].prefix { $0 == "-" || $0 == "." || $0.isNumber }
            label = Double(digits).map { Int($0.rounded()) } ?? -1
        }
        return #"{"model_name":"fixture","outputs":[{"name":"label","datatype":"INT64","shape":[1],"data":[\#(label)]}]}"#
    }

    static func status(for uri: String) -> HTTPResponseStatus {
        let prefix = "/status/"
        guard uri.hasPrefix(prefix), let code = Int(uri.dropFirst(prefix.count)), (100...599).contains(code) else {
            return .ok
        }
        return HTTPResponseStatus(statusCode: code)
    }
}

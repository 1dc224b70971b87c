import Dispatch
import GauntletCore
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// The reference inference server's HTTP side: SwiftNIO HTTP/1.1 with keep-alive, KServe V2
/// routes, admission and dynamic batching in front of executor threads, and a drain on shutdown.
public final class InferenceServer: Sendable {
    public struct Configuration: Sendable {
        public static let defaultMaxBodyBytes = 1 << 20

        public var host: String
        /// 0 picks a free port.
        public var port: Int
        /// Threads parsing HTTP and JSON; the forward passes run on `serving.inferenceThreads`.
        public var eventLoopThreads: Int
        /// Larger bodies are refused with 413.
        public var maxBodyBytes: Int
        /// Batching, admission, timeouts and faults.
        public var serving: ServingOptions

        public init(host: String = "127.0.0.1", port: Int = 8000, eventLoopThreads: Int = 1,
                    maxBodyBytes: Int = defaultMaxBodyBytes, serving: ServingOptions = ServingOptions()) {
            self.host = host
            self.port = port
            self.eventLoopThreads = eventLoopThreads
            self.maxBodyBytes = maxBodyBytes
            self.serving = serving
        }
    }

    /// How a shutdown went, for the log.
    public struct DrainResult: Sendable {
        /// Requests still unanswered when the drain timeout ran out.
        public var abandoned: Int
        public var seconds: Double
    }

    public let port: Int
    public let metrics: ServerMetrics
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let serving: ServingContext
    private let connections: ConnectionRegistry
    private let drainTimeout: UInt64
    private let shutdownStarted = Atomic<Bool>(false)
    private let stopped = DispatchSemaphore(value: 0)
    private let drainResult = Mutex<DrainResult?>(nil)

    public init(repository: ModelRepository, configuration: Configuration) throws {
        let metrics = ServerMetrics()
        let serving = ServingContext(
            responder: ServerResponder(repository: repository), options: configuration.serving, metrics: metrics,
            maxBodyBytes: configuration.maxBodyBytes)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: configuration.eventLoopThreads)
        let connections = ConnectionRegistry()
        let requestTimeout = TimeAmount.nanoseconds(Int64(configuration.serving.requestTimeout))
        let idleTimeout = TimeAmount.nanoseconds(Int64(configuration.serving.idleTimeout))
        do {
            channel = try ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 1024)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    connections.track(channel)
                    return channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            ConnectionTimeoutHandler(requestTimeout: requestTimeout, idleTimeout: idleTimeout))
                        // Malformed requests get the server's JSON 400, not NIO's empty one.
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: false)
                        try channel.pipeline.syncOperations.addHandler(MalformedRequestAnswerer(metrics: metrics))
                        try channel.pipeline.syncOperations.addHandler(InferenceHandler(serving: serving))
                    }
                }
                .bind(host: configuration.host, port: configuration.port)
                .wait()
        } catch {
            serving.scheduler.shutdown()
            serving.generation?.shutdown()
            try? group.syncShutdownGracefully()
            throw ListenError(host: configuration.host, port: configuration.port, underlying: error)
        }
        self.group = group
        self.serving = serving
        self.metrics = metrics
        self.connections = connections
        drainTimeout = configuration.serving.drainTimeout
        port = channel.localAddress?.port ?? configuration.port
    }

    /// Requests received in full and not yet answered.
    public var inFlight: Int { serving.inFlight.load(ordering: .relaxed) }

    /// Stops accepting, answers what is in flight (up to the drain timeout), closes every
    /// connection, stops the executors and the event loops. Safe to call more than once and from
    /// any thread; every caller returns once the server has stopped.
    @discardableResult
    public func shutdown() -> DrainResult {
        guard !shutdownStarted.exchange(true, ordering: .acquiringAndReleasing) else {
            stopped.wait()
            stopped.signal()
            return drainResult.withLock { $0 } ?? DrainResult(abandoned: 0, seconds: 0)
        }
        let start = MonotonicClock.now()
        serving.draining.store(true, ordering: .relaxed)
        try? channel.close().wait()
        while inFlight > 0 && MonotonicClock.now() - start < drainTimeout {
            usleep(2_000)
        }
        let abandoned = inFlight
        let open = connections.all
        for connection in open { connection.close(promise: nil) }
        for connection in open { try? connection.closeFuture.wait() }
        serving.scheduler.shutdown()
        serving.generation?.shutdown()
        try? group.syncShutdownGracefully()
        let result = DrainResult(abandoned: abandoned, seconds: Double(MonotonicClock.now() - start) / 1e9)
        drainResult.withLock { $0 = result }
        stopped.signal()
        return result
    }

    /// Blocks until the server has stopped (after `shutdown`, or if its socket closed).
    @discardableResult
    public func wait() -> DrainResult {
        try? channel.closeFuture.wait()
        return shutdown()
    }
}

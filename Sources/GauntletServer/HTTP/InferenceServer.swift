import NIOCore
import NIOHTTP1
import NIOPosix

/// The reference inference server's HTTP side: SwiftNIO HTTP/1.1 with keep-alive, KServe V2 routes,
/// forward passes on a thread pool off the event loop.
public final class InferenceServer: Sendable {
    public struct Configuration: Sendable {
        public static let defaultMaxBodyBytes = 1 << 20

        public var host: String
        /// 0 picks a free port.
        public var port: Int
        public var eventLoopThreads: Int
        public var inferenceThreads: Int
        /// Larger bodies are refused with 413.
        public var maxBodyBytes: Int

        public init(host: String = "127.0.0.1", port: Int = 8000, eventLoopThreads: Int = 1, inferenceThreads: Int = 1,
                    maxBodyBytes: Int = defaultMaxBodyBytes) {
            self.host = host
            self.port = port
            self.eventLoopThreads = eventLoopThreads
            self.inferenceThreads = inferenceThreads
            self.maxBodyBytes = maxBodyBytes
        }
    }

    public let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let pool: NIOThreadPool
    private let channel: any Channel

    public init(repository: ModelRepository, configuration: Configuration) throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: configuration.eventLoopThreads)
        let pool = NIOThreadPool(numberOfThreads: configuration.inferenceThreads)
        pool.start()
        let responder = ServerResponder(repository: repository)
        let maxBody = configuration.maxBodyBytes
        do {
            channel = try ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 1024)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        try channel.pipeline.syncOperations.addHandler(
                            InferenceHandler(responder: responder, pool: pool, maxBodyBytes: maxBody))
                    }
                }
                .bind(host: configuration.host, port: configuration.port)
                .wait()
        } catch {
            try? pool.syncShutdownGracefully()
            try? group.syncShutdownGracefully()
            throw error
        }
        self.group = group
        self.pool = pool
        port = channel.localAddress?.port ?? configuration.port
    }

    /// Stops accepting, lets in-flight answers go out, then stops the threads.
    public func shutdown() {
        try? channel.close().wait()
        try? pool.syncShutdownGracefully()
        try? group.syncShutdownGracefully()
    }

    /// Blocks until the listening channel closes.
    public func wait() { try? channel.closeFuture.wait() }
}

import GauntletCore

/// Everything the engine needs to run one load.
public struct LoadConfiguration: Sendable {
    public static let defaultConnections = 64
    public static let defaultTimeout: Nanoseconds = 30 * TimeUnit.nanosecondsPerSecond
    public static let defaultConnectTimeout: Nanoseconds = 10 * TimeUnit.nanosecondsPerSecond

    /// Prefixed to every request's path.
    public var baseURL: String
    /// Every request the run can send, and which one each arrival sends.
    public var catalog: RequestCatalog
    /// Per template: what a successful answer looks like.
    public var expectations: [ResponseExpectation]
    public var model: LoadModel
    /// Requests due before this offset are sent but kept out of the figures.
    public var warmup: Nanoseconds
    /// Whole-request timeout, connection included.
    public var timeout: Nanoseconds
    /// Cap on the connect phase; never longer than `timeout`.
    public var connectTimeout: Nanoseconds
    /// Open connections, across all workers. In open loop this is also the cap on
    /// requests in flight; arrivals beyond it wait inside the generator, and the wait
    /// counts in their latency.
    public var connections: Int
    /// Worker threads, each with its own libcurl multi handle; one per core by default.
    public var workers: Int
    /// Skip TLS certificate verification.
    public var insecure: Bool

    public init(
        baseURL: String, catalog: RequestCatalog, expectations: [ResponseExpectation]? = nil, model: LoadModel,
        warmup: Nanoseconds = 0, timeout: Nanoseconds = defaultTimeout,
        connectTimeout: Nanoseconds = defaultConnectTimeout, connections: Int = defaultConnections,
        workers: Int = LoadConfiguration.processorCount, insecure: Bool = false
    ) {
        self.baseURL = baseURL
        self.catalog = catalog
        self.expectations = expectations ?? catalog.templateNames.map { _ in ResponseExpectation() }
        self.model = model
        self.warmup = warmup
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.connections = connections
        self.workers = workers
        self.insecure = insecure
    }

    /// One request, sent over and over (`gauntlet run --url`).
    public init(
        request: RequestSpec, model: LoadModel, warmup: Nanoseconds = 0, timeout: Nanoseconds = defaultTimeout,
        connectTimeout: Nanoseconds = defaultConnectTimeout, connections: Int = defaultConnections,
        workers: Int = LoadConfiguration.processorCount, insecure: Bool = false
    ) {
        let single = MaterializedRequest(
            template: 0, method: request.method, path: "", headers: request.headers, body: request.body, label: nil)
        self.init(
            baseURL: request.url.absoluteString, catalog: .single(single), model: model, warmup: warmup,
            timeout: timeout, connectTimeout: connectTimeout, connections: connections, workers: workers,
            insecure: insecure)
    }

    public static var processorCount: Int { max(1, sysconfProcessors()) }

    /// Workers actually used: never more than there are connections to give them.
    public var effectiveWorkers: Int {
        let slots = model.isClosedLoopOnly ? min(model.peakConcurrency, connections) : connections
        return max(1, min(workers, slots))
    }

    /// Splits `total` as evenly as possible over the workers.
    static func share(of total: Int, worker: Int, workers: Int) -> Int {
        total / workers + (worker < total % workers ? 1 : 0)
    }
}

#if canImport(Glibc)
import Glibc
private func sysconfProcessors() -> Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
#else
import Darwin
private func sysconfProcessors() -> Int { Int(sysconf(_SC_NPROCESSORS_ONLN)) }
#endif

import Foundation
import GauntletCore

/// Everything the engine needs to run one load.
public struct LoadConfiguration: Sendable {
    /// The cap on connecting, within the per-request timeout.
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
    /// Where each load phase starts; requests are also recorded by the phase their intended
    /// time falls in. Empty: no per-phase figures.
    public var phaseStarts: [Nanoseconds]
    /// Whole-request timeout, connection included.
    public var timeout: Nanoseconds
    /// Cap on the connect phase; never longer than `timeout`.
    public var connectTimeout: Nanoseconds
    /// Open connections, across all workers. In open loop, with `streamsPerConnection`, this is
    /// also the cap on requests in flight; arrivals beyond it wait inside the generator, and the
    /// wait counts in their latency.
    public var connections: Int
    public var http: HTTPVersion
    /// Requests one connection carries at once: HTTP/2 streams; 1 for HTTP/1.1.
    public var streamsPerConnection: Int
    public var proxy: ProxySetting
    /// How late an open-loop send may go so that it shares its worker's wake-up with the sends due
    /// after it: each wake-up sends everything due by then. 0 (the default) wakes for every send.
    /// The wait is measured, as all lateness is: latency runs from the intended time, and the
    /// schedule lag shows it.
    public var sendWindow: Nanoseconds
    /// Worker threads, each with its own libcurl multi handle; one per core by default.
    public var workers: Int
    /// Whom to trust, which client certificate to present, or not to verify at all.
    public var tls: TLSSettings
    /// The share of the schedule this process sends: its open-loop stripe. (Closed-loop
    /// concurrency and `connections` are expected to be this segment's shares already.)
    public var segment: RunSegment
    /// The wall-clock instant the schedule starts at (offset 0), shared by the segments of one
    /// run; nil starts it as soon as the workers are ready.
    public var startAt: Date?
    /// What one generative answer must meet to count towards goodput (``GoodputLimits``).
    public var goodput: GoodputLimits
    /// Keep idle CPUs polling while the load runs (``IdlePollingHold``), so neither the
    /// generator nor a server on this machine waits for a halted CPU to wake.
    public var idlePolling: Bool

    public init(
        baseURL: String, catalog: RequestCatalog, expectations: [ResponseExpectation]? = nil, model: LoadModel,
        warmup: Nanoseconds = 0, phaseStarts: [Nanoseconds] = [], timeout: Nanoseconds = LoadSection.defaultTimeout,
        connectTimeout: Nanoseconds = defaultConnectTimeout, connections: Int = LoadSection.defaultConnections,
        workers: Int = LoadConfiguration.processorCount, tls: TLSSettings = TLSSettings(), segment: RunSegment = .whole,
        startAt: Date? = nil, idlePolling: Bool = true, http: HTTPVersion = .http1_1, streamsPerConnection: Int = 1,
        proxy: ProxySetting = .none, sendWindow: Nanoseconds = 0, goodput: GoodputLimits = GoodputLimits()
    ) {
        self.goodput = goodput
        self.sendWindow = sendWindow
        self.baseURL = baseURL
        self.catalog = catalog
        self.expectations = expectations ?? catalog.templateNames.map { _ in ResponseExpectation() }
        self.model = model
        self.warmup = warmup
        self.phaseStarts = phaseStarts
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.connections = connections
        self.http = http
        self.streamsPerConnection = max(1, streamsPerConnection)
        self.proxy = proxy
        self.workers = workers
        self.tls = tls
        self.segment = segment
        self.startAt = startAt
        self.idlePolling = idlePolling
    }

    public static var processorCount: Int { max(1, sysconfProcessors()) }

    /// Workers actually used: never more than there are connections to give them.
    public var effectiveWorkers: Int {
        let slots = model.isClosedLoopOnly ? min(model.peakConcurrency, connections) : connections
        return max(1, min(workers, slots))
    }
}

#if canImport(Glibc)
import Glibc
private func sysconfProcessors() -> Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
#else
import Darwin
private func sysconfProcessors() -> Int { Int(sysconf(_SC_NPROCESSORS_ONLN)) }
#endif

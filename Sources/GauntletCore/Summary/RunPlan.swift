/// What a run was asked to do, echoed in its summary so a result explains itself.
public struct RunPlan: Sendable, Codable, Equatable {
    public enum Mode: String, Sendable, Codable { case openLoop = "open_loop", closedLoop = "closed_loop", mixed }

    public var url: String
    public var method: String
    public var mode: Mode
    /// Open loop: how arrivals are spaced.
    public var arrivals: ArrivalProcess?
    /// Open loop, gamma arrivals: the gaps' shape (1 is Poisson, below 1 burstier).
    public var burstiness: Double?
    /// Open loop: arrivals per second, when constant.
    public var targetRate: Double?
    /// Closed loop: the most requests kept in flight, and the pause before each slot sends again.
    public var concurrency: Int?
    public var thinkTimeMilliseconds: Double?
    /// The measurement window, after the warm-up.
    public var durationSeconds: Double
    public var warmupSeconds: Double
    public var seed: UInt64
    public var timeoutSeconds: Double
    public var connections: Int
    public var workers: Int
    /// The HTTP version asked for (`1.1`, `2`); absent in results written before it was kept.
    public var http: HTTPVersion?
    /// HTTP/2: requests one connection carried at once, at most.
    public var streamsPerConnection: Int?
    /// The proxy requests went through (`from the environment`, or its URL); nil: none.
    public var proxy: String?
    /// Open loop: how late a send could go to share a wake-up with the sends due after it; nil: none.
    public var sendWindowMilliseconds: Double?
    /// With generative requests: what one answer had to meet to count towards goodput (no limit
    /// set counts every successful answer); absent for a run with none.
    public var goodput: GoodputLimits?

    /// Requests that could be in flight at once: every connection's streams.
    public var inFlightLimit: Int { connections * (streamsPerConnection ?? 1) }

    /// `64 connections`, or `2 connections × 8 HTTP/2 streams`.
    public var connectionsDescription: String {
        let open = "\(connections) connection\(connections == 1 ? "" : "s")"
        guard http == .http2 else { return open }
        let streams = streamsPerConnection ?? 1
        return "\(open) × \(streams) HTTP/2 stream\(streams == 1 ? "" : "s")"
    }

    public init(
        url: String, method: String, model: LoadModel, warmup: Nanoseconds, seed: UInt64,
        timeout: Nanoseconds, connections: Int, workers: Int, http: HTTPVersion = .http1_1, streamsPerConnection: Int = 1,
        proxy: String? = nil, sendWindow: Nanoseconds = 0
    ) {
        self.proxy = proxy
        self.sendWindowMilliseconds = sendWindow > 0 && model.schedule.profile.totalExpectedArrivals > 0
            ? sendWindow.nanosecondsAsMilliseconds : nil
        self.http = http
        self.streamsPerConnection = http == .http2 ? streamsPerConnection : nil
        self.url = url
        self.method = method
        self.warmupSeconds = warmup.nanosecondsAsSeconds
        self.durationSeconds = (model.end - min(model.end, warmup)).nanosecondsAsSeconds
        self.seed = seed
        self.timeoutSeconds = timeout.nanosecondsAsSeconds
        self.connections = connections
        self.workers = workers
        let open = model.schedule.profile.totalExpectedArrivals > 0
        mode = model.closedWindows.isEmpty ? .openLoop : (open ? .mixed : .closedLoop)
        if open {
            arrivals = model.schedule.process
            burstiness = model.schedule.process == .gamma ? model.schedule.burstiness : nil
            targetRate = model.schedule.rate
        }
        if !model.closedWindows.isEmpty {
            concurrency = model.peakConcurrency
            if model.closedWindows.count == 1 {
                thinkTimeMilliseconds = model.closedWindows[0].thinkTime.nanosecondsAsMilliseconds
            }
        }
    }
}

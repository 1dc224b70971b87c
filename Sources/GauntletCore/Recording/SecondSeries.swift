/// One second of a run, across all workers.
///
/// The fields after `p99Microseconds` were added after the first reports were written, so they
/// are optional: a report saved before them decodes with them absent, and charts say so.
public struct SecondPoint: Sendable, Equatable, Codable {
    /// Seconds since the run's start (warm-up included).
    public var second: Int
    /// Requests started in this second.
    public var sent: UInt64
    /// Requests finished in this second, failures included.
    public var completed: UInt64
    public var errors: UInt64
    /// Latency from the intended send time of the requests finished in this second, in µs (0 when none).
    public var p50Microseconds: UInt64
    public var p99Microseconds: UInt64
    /// Arrivals the open-loop schedule offered in this second (its rate, averaged over the second);
    /// nil in a closed-loop second.
    public var offeredRate: Double?
    public var p90Microseconds: UInt64?
    /// Service time (from the actual send) of the requests finished in this second, in µs (0 when none).
    public var serviceTimeP50Microseconds: UInt64?
    public var serviceTimeP90Microseconds: UInt64?
    public var serviceTimeP99Microseconds: UInt64?
    /// How late the sends started in this second began, in µs (0 when none was sent).
    public var scheduleLagP99Microseconds: UInt64?
    public var scheduleLagMaxMicroseconds: UInt64?
    /// Sends in this second that started more than `Recorder.lateSendThreshold` late.
    public var lateSends: UInt64?
    /// The failures finished in this second, by error kind; only kinds that occurred.
    public var errorsByKind: [String: UInt64]?
    /// Requests in flight as the second closed, across all workers.
    public var inFlight: UInt64?

    public init(
        second: Int, sent: UInt64, completed: UInt64, errors: UInt64, p50Microseconds: UInt64, p99Microseconds: UInt64,
        offeredRate: Double? = nil, p90Microseconds: UInt64? = nil, serviceTimeP50Microseconds: UInt64? = nil,
        serviceTimeP90Microseconds: UInt64? = nil, serviceTimeP99Microseconds: UInt64? = nil,
        scheduleLagP99Microseconds: UInt64? = nil, scheduleLagMaxMicroseconds: UInt64? = nil, lateSends: UInt64? = nil,
        errorsByKind: [String: UInt64]? = nil, inFlight: UInt64? = nil
    ) {
        self.second = second
        self.sent = sent
        self.completed = completed
        self.errors = errors
        self.p50Microseconds = p50Microseconds
        self.p99Microseconds = p99Microseconds
        self.offeredRate = offeredRate
        self.p90Microseconds = p90Microseconds
        self.serviceTimeP50Microseconds = serviceTimeP50Microseconds
        self.serviceTimeP90Microseconds = serviceTimeP90Microseconds
        self.serviceTimeP99Microseconds = serviceTimeP99Microseconds
        self.scheduleLagP99Microseconds = scheduleLagP99Microseconds
        self.scheduleLagMaxMicroseconds = scheduleLagMaxMicroseconds
        self.lateSends = lateSends
        self.errorsByKind = errorsByKind
        self.inFlight = inFlight
    }
}

/// What one worker saw in one second; the worker fills it, closes it, and starts the next.
public struct WorkerSecond: Sendable {
    public private(set) var second: Int
    public private(set) var sent: UInt64 = 0
    public private(set) var completed: UInt64 = 0
    public private(set) var errors: UInt64 = 0
    public private(set) var lateSends: UInt64 = 0
    public private(set) var errorsByKind: [ErrorKind: UInt64] = [:]
    /// Requests this worker had in flight when it closed the second.
    public var inFlight: UInt64 = 0
    /// Of the requests finished in this second, from their intended send time.
    public private(set) var latency = LatencyHistogramLayout.makePerSecond()
    /// Of the requests finished in this second, from their actual send.
    public private(set) var serviceTime = LatencyHistogramLayout.makePerSecond()
    /// Of the requests sent in this second.
    public private(set) var scheduleLag = LatencyHistogramLayout.makePerSecond()

    public init(second: Int) { self.second = second }

    /// Counts a send that started `scheduleLag` after its intended time.
    public mutating func countSend(scheduleLag lag: Nanoseconds) {
        sent += 1
        scheduleLag.recordNanoseconds(lag)
        if lag > Recorder.lateSendThreshold { lateSends += 1 }
    }

    public mutating func record(_ completion: Completion) {
        completed += 1
        if let error = completion.error {
            errors += 1
            errorsByKind[error, default: 0] += 1
        }
        latency.recordNanoseconds(completion.latency)
        serviceTime.recordNanoseconds(completion.serviceTime)
    }

    /// Starts `second` afresh, keeping the histograms' storage.
    public mutating func restart(at second: Int) {
        self.second = second
        sent = 0
        completed = 0
        errors = 0
        lateSends = 0
        errorsByKind.removeAll(keepingCapacity: true)
        inFlight = 0
        latency.reset()
        serviceTime.reset()
        scheduleLag.reset()
    }
}

/// Merges the workers' seconds into run-wide points. A second is final once every
/// worker has closed it; its percentiles come from the merged histograms, never from
/// averaging the workers' percentiles.
public struct SecondSeriesAccumulator: Sendable {
    public let workers: Int
    private var open: [Int: (reports: Int, merged: WorkerSecond)] = [:]
    public private(set) var points: [SecondPoint] = []

    public init(workers: Int) {
        precondition(workers > 0)
        self.workers = workers
    }

    /// Adds one worker's closed second; returns the run-wide point when that second became final.
    @discardableResult
    public mutating func add(_ part: WorkerSecond) -> SecondPoint? {
        var entry = open[part.second] ?? (0, WorkerSecond(second: part.second))
        entry.reports += 1
        entry.merged.absorb(part)
        guard entry.reports == workers else {
            open[part.second] = entry
            return nil
        }
        open[part.second] = nil
        return finalize(entry.merged)
    }

    /// Finalizes the seconds that not every worker reached (workers end at slightly
    /// different times); call once all workers have stopped.
    public mutating func finalizeRemaining() {
        for second in open.keys.sorted() {
            finalize(open.removeValue(forKey: second)!.merged)
        }
    }

    @discardableResult
    private mutating func finalize(_ merged: WorkerSecond) -> SecondPoint {
        func top(_ histogram: LatencyHistogram, _ percentile: Double) -> UInt64 {
            histogram.totalCount == 0 ? 0 : histogram.bucketTop(atPercentile: percentile)
        }
        let point = SecondPoint(
            second: merged.second, sent: merged.sent, completed: merged.completed, errors: merged.errors,
            p50Microseconds: top(merged.latency, 50), p99Microseconds: top(merged.latency, 99),
            p90Microseconds: top(merged.latency, 90),
            serviceTimeP50Microseconds: top(merged.serviceTime, 50),
            serviceTimeP90Microseconds: top(merged.serviceTime, 90),
            serviceTimeP99Microseconds: top(merged.serviceTime, 99),
            scheduleLagP99Microseconds: top(merged.scheduleLag, 99),
            scheduleLagMaxMicroseconds: top(merged.scheduleLag, 100),
            lateSends: merged.lateSends,
            errorsByKind: Dictionary(uniqueKeysWithValues: merged.errorsByKind.map { ($0.key.rawValue, $0.value) }),
            inFlight: merged.inFlight)
        let position = points.lastIndex { $0.second < point.second }.map { $0 + 1 } ?? 0
        points.insert(point, at: position)
        return point
    }
}

extension WorkerSecond {
    fileprivate mutating func absorb(_ other: WorkerSecond) {
        sent += other.sent
        completed += other.completed
        errors += other.errors
        lateSends += other.lateSends
        errorsByKind.merge(other.errorsByKind, uniquingKeysWith: +)
        inFlight += other.inFlight
        latency.add(other.latency)
        serviceTime.add(other.serviceTime)
        scheduleLag.add(other.scheduleLag)
    }
}

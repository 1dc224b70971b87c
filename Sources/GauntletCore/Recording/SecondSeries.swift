/// One second of a run, across all workers.
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
}

/// What one worker saw in one second; the worker fills it, closes it, and starts the next.
public struct WorkerSecond: Sendable {
    public private(set) var second: Int
    public private(set) var sent: UInt64 = 0
    public private(set) var completed: UInt64 = 0
    public private(set) var errors: UInt64 = 0
    public private(set) var latency = LatencyHistogramLayout.make()

    public init(second: Int) { self.second = second }

    public mutating func countSend() { sent += 1 }

    public mutating func record(_ completion: Completion) {
        completed += 1
        if completion.error != nil { errors += 1 }
        latency.recordNanoseconds(completion.latency)
    }

    /// Starts `second` afresh, keeping the histogram's storage.
    public mutating func restart(at second: Int) {
        self.second = second
        sent = 0
        completed = 0
        errors = 0
        latency.reset()
    }
}

/// Merges the workers' seconds into run-wide points. A second is final once every
/// worker has closed it; its percentiles come from the merged histogram, never from
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
        let point = SecondPoint(
            second: merged.second, sent: merged.sent, completed: merged.completed, errors: merged.errors,
            p50Microseconds: merged.completed == 0 ? 0 : merged.latency.bucketTop(atPercentile: 50),
            p99Microseconds: merged.completed == 0 ? 0 : merged.latency.bucketTop(atPercentile: 99))
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
        latency.add(other.latency)
    }
}

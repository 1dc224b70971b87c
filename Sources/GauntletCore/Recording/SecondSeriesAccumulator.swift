/// Merges the workers' seconds into run-wide points. A second is final once every
/// worker has closed it; its percentiles come from the merged histograms, never from
/// averaging the workers' percentiles.
public struct SecondSeriesAccumulator: Sendable {
    /// A finished second: its point, and its histograms encoded for the saved result.
    public struct Final: Sendable {
        public var point: SecondPoint
        public var histograms: SecondHistograms
    }

    public let workers: Int
    private var open: [Int: (reports: Int, merged: WorkerSecond)] = [:]
    /// The finished seconds' points, in order of second.
    public private(set) var points: [SecondPoint] = []
    /// Their histograms, when not spooled.
    private var histograms: [Int: SecondHistograms] = [:]
    private let spool: SecondHistogramSpool?

    /// - Parameter spool: where finished seconds' histograms go, off the heap, for a long run;
    ///   nil keeps them in memory.
    public init(workers: Int, spool: SecondHistogramSpool? = nil) {
        precondition(workers > 0)
        self.workers = workers
        self.spool = spool
    }

    /// Every finished second with its histograms (read back from the spool, if there is one).
    public var seconds: [Final] {
        points.map { point in
            let histograms = spool?.load(second: point.second) ?? histograms[point.second]
            guard let histograms else { preconditionFailure("second \(point.second) finished without its histograms") }
            return Final(point: point, histograms: histograms)
        }
    }

    /// Adds one worker's closed second; returns the run-wide point when that second became final.
    @discardableResult
    public mutating func add(_ part: WorkerSecond) -> SecondPoint? {
        addMerged(part)?.point
    }

    /// Adds one worker's closed second; returns that second across every worker, histograms
    /// included, when it became final (for live judgement of the run so far).
    @discardableResult
    public mutating func addMerged(_ part: WorkerSecond) -> WorkerSecond? {
        var entry = open[part.second] ?? (0, WorkerSecond(second: part.second))
        entry.reports += 1
        entry.merged.absorb(part)
        guard entry.reports == workers else {
            open[part.second] = entry
            return nil
        }
        open[part.second] = nil
        finalize(entry.merged)
        return entry.merged
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
        let point = merged.point
        if let spool { spool.store(merged.encodedHistograms) } else { histograms[point.second] = merged.encodedHistograms }
        let position = points.lastIndex { $0.second < merged.second }.map { $0 + 1 } ?? 0
        points.insert(point, at: position)
        return point
    }
}

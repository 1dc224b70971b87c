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
    public private(set) var seconds: [Final] = []

    public init(workers: Int) {
        precondition(workers > 0)
        self.workers = workers
    }

    /// The run-wide points, in order of second.
    public var points: [SecondPoint] { seconds.map(\.point) }

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
        let final = Final(point: merged.point, histograms: merged.encodedHistograms)
        let position = seconds.lastIndex { $0.point.second < merged.second }.map { $0 + 1 } ?? 0
        seconds.insert(final, at: position)
        return final.point
    }
}

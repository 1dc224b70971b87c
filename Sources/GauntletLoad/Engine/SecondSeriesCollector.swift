import Dispatch
import GauntletCore
import Synchronization

/// The workers' shared sink for closed seconds. Merging a second across workers, reading its
/// percentiles and encoding its histograms happen on a queue of their own, off the threads
/// that send; each final second goes to `onSecond` (e.g. a progress line) from that queue.
final class SecondSeriesCollector: Sendable {
    private let accumulator: Mutex<SecondSeriesAccumulator>
    private let queue = DispatchQueue(label: "gauntlet-second-series")
    private let model: LoadModel
    private let segment: RunSegment
    private let onSecond: @Sendable (SecondPoint, WorkerSecond) -> Void

    /// - Parameters:
    ///   - model: the run's load, for the rate each second offered.
    ///   - segment: the share of the schedule this process sends, for that rate.
    init(
        workers: Int, model: LoadModel, segment: RunSegment, onSecond: @escaping @Sendable (SecondPoint, WorkerSecond) -> Void
    ) {
        // A long run's per-second histograms wait on disk for the saved result, not in memory.
        accumulator = Mutex(SecondSeriesAccumulator(workers: workers, spool: SecondHistogramSpool()))
        self.model = model
        self.segment = segment
        self.onSecond = onSecond
    }

    /// Takes a worker's closed second; returns at once.
    func add(_ part: WorkerSecond) {
        queue.async { [self] in
            let merged = accumulator.withLock { $0.addMerged(part) }
            if let merged { onSecond(withOffered(merged.point), merged) }
        }
    }

    /// Every second of the run and its histograms, once all workers have stopped.
    func finalSeconds() -> [SecondSeriesAccumulator.Final] {
        queue.sync {
            accumulator.withLock {
                $0.finalizeRemaining()
                return $0.seconds
            }
        }.map { final in
            var final = final
            final.point = withOffered(final.point)
            return final
        }
    }

    /// The point with the open-loop schedule's offered rate; none for a second a closed-loop
    /// window covers without open arrivals, where no rate was offered.
    private func withOffered(_ point: SecondPoint) -> SecondPoint {
        var point = point
        let offered = model.schedule.offeredArrivals(inSecond: point.second, segment: segment)
        let start = Nanoseconds(point.second) * TimeUnit.nanosecondsPerSecond
        let closed = model.closedWindows.contains { $0.start < start + TimeUnit.nanosecondsPerSecond && $0.end > start }
        point.offeredRate = closed && offered == 0 ? nil : offered
        return point
    }
}

import GauntletCore
import Synchronization

/// The workers' shared sink for closed seconds; hands each final second to `onSecond`
/// (e.g. a progress line) as soon as every worker has closed it.
final class SecondSeriesCollector: Sendable {
    private let accumulator: Mutex<SecondSeriesAccumulator>
    private let model: LoadModel
    private let onSecond: @Sendable (SecondPoint) -> Void

    /// - Parameter model: the run's load, for the rate each second offered.
    init(workers: Int, model: LoadModel, onSecond: @escaping @Sendable (SecondPoint) -> Void) {
        accumulator = Mutex(SecondSeriesAccumulator(workers: workers))
        self.model = model
        self.onSecond = onSecond
    }

    func add(_ part: WorkerSecond) {
        let point = accumulator.withLock { $0.add(part) }
        if let point { onSecond(withOffered(point)) }
    }

    /// Every second of the run, once all workers have stopped.
    func finalPoints() -> [SecondPoint] {
        accumulator.withLock {
            $0.finalizeRemaining()
            return $0.points
        }.map(withOffered)
    }

    /// The point with the open-loop schedule's offered rate; none for a second a closed-loop
    /// window covers without open arrivals, where no rate was offered.
    private func withOffered(_ point: SecondPoint) -> SecondPoint {
        var point = point
        let offered = model.schedule.offeredArrivals(inSecond: point.second)
        let start = Nanoseconds(point.second) * TimeUnit.nanosecondsPerSecond
        let closed = model.closedWindows.contains { $0.start < start + TimeUnit.nanosecondsPerSecond && $0.end > start }
        point.offeredRate = closed && offered == 0 ? nil : offered
        return point
    }
}

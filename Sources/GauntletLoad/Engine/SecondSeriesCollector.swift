import GauntletCore
import Synchronization

/// The workers' shared sink for closed seconds; hands each final second to `onSecond`
/// (e.g. a progress line) as soon as every worker has closed it.
final class SecondSeriesCollector: Sendable {
    private let accumulator: Mutex<SecondSeriesAccumulator>
    private let onSecond: @Sendable (SecondPoint) -> Void

    init(workers: Int, onSecond: @escaping @Sendable (SecondPoint) -> Void) {
        accumulator = Mutex(SecondSeriesAccumulator(workers: workers))
        self.onSecond = onSecond
    }

    func add(_ part: WorkerSecond) {
        let point = accumulator.withLock { $0.add(part) }
        if let point { onSecond(point) }
    }

    /// Every second of the run, once all workers have stopped.
    func finalPoints() -> [SecondPoint] {
        accumulator.withLock {
            $0.finalizeRemaining()
            return $0.points
        }
    }
}

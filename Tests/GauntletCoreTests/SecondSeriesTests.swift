import GauntletCore
import Testing

@Suite struct SecondSeriesTests {
    static func second(_ index: Int, latenciesMs: [Double], errors: Int = 0) -> WorkerSecond {
        var part = WorkerSecond(second: index)
        for (i, latency) in latenciesMs.enumerated() {
            let status = i < errors ? 500 : 200
            part.record(
                Completion(
                    intended: 0, sent: 0, finished: UInt64(latency * 1e6), status: status,
                    error: ErrorKind.forHTTPStatus(status)))
        }
        return part
    }

    @Test func aSecondIsFinalOnlyWhenEveryWorkerClosedIt() {
        var accumulator = SecondSeriesAccumulator(workers: 2)
        #expect(accumulator.add(Self.second(0, latenciesMs: [1])) == nil)
        #expect(accumulator.add(Self.second(1, latenciesMs: [1])) == nil)
        let point = accumulator.add(Self.second(0, latenciesMs: [3], errors: 1))
        #expect(point?.second == 0)
        #expect(point?.completed == 2)
        #expect(point?.errors == 1)
        accumulator.finalizeRemaining()
        #expect(accumulator.points.map(\.second) == [0, 1])
    }

    @Test func percentilesComeFromTheMergedHistogramNotAnAverage() {
        // Worker A: 99 fast requests; worker B: one slow one. Averaging the workers' p99s
        // would say 500 ms; the true p99 of the 100 requests is the fast value.
        var accumulator = SecondSeriesAccumulator(workers: 2)
        accumulator.add(Self.second(0, latenciesMs: Array(repeating: 1, count: 99)))
        let point = accumulator.add(Self.second(0, latenciesMs: [1000]))!
        #expect(point.p99Microseconds < 1_100)
        #expect(point.p50Microseconds < 1_100)
    }
}

import Foundation
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

@Suite struct SecondSeriesDetailTests {
    static func completion(latencyMs: Double, serviceMs: Double, error: ErrorKind? = nil) -> Completion {
        let finished = UInt64(latencyMs * 1e6)
        return Completion(intended: 0, sent: finished - UInt64(serviceMs * 1e6), finished: finished,
                          status: error == nil ? 200 : 503, error: error)
    }

    /// Service time, schedule lag, errors by kind and in-flight counts merge across workers like latency does.
    @Test func everyPerSecondFigureMergesAcrossWorkers() {
        var a = WorkerSecond(second: 4), b = WorkerSecond(second: 4)
        for _ in 0..<98 { a.record(Self.completion(latencyMs: 2, serviceMs: 1)) }
        b.record(Self.completion(latencyMs: 900, serviceMs: 5, error: .requestTimeout))
        b.record(Self.completion(latencyMs: 3, serviceMs: 2, error: .http5xx))
        a.countSend(scheduleLag: 200_000)           // 0.2 ms: on time
        b.countSend(scheduleLag: 40_000_000)        // 40 ms: late
        a.inFlight = 3
        b.inFlight = 5
        var accumulator = SecondSeriesAccumulator(workers: 2)
        accumulator.add(a)
        let point = accumulator.add(b)!
        #expect(point.completed == 100 && point.errors == 2 && point.sent == 2)
        #expect(point.errorsByKind == ["request_timeout": 1, "http_5xx": 1])
        #expect(point.p90Microseconds! < 2_100)
        #expect(point.serviceTimeP50Microseconds! < 1_100 && point.serviceTimeP99Microseconds! < 2_100)
        #expect(point.scheduleLagMaxMicroseconds! >= 39_900 && point.lateSends == 1)
        #expect(point.inFlight == 8)
    }

    /// A closed second starts from nothing: counts, histograms and kinds all reset.
    @Test func restartForgetsThePreviousSecond() {
        var part = WorkerSecond(second: 0)
        part.record(Self.completion(latencyMs: 5, serviceMs: 5, error: .reset))
        part.countSend(scheduleLag: 5_000_000)
        part.inFlight = 7
        part.restart(at: 1)
        var accumulator = SecondSeriesAccumulator(workers: 1)
        let point = accumulator.add(part)!
        #expect(point.second == 1 && point.completed == 0 && point.sent == 0 && point.lateSends == 0)
        #expect(point.errorsByKind == [:] && point.inFlight == 0 && point.serviceTimeP99Microseconds == 0)
    }

    /// The offered rate per second follows the schedule: a ramp's average over each second, a trace's exact count.
    @Test func offeredArrivalsFollowTheSchedule() {
        let ramp = ArrivalSchedule(
            profile: RateProfile([.init(duration: 4 * TimeUnit.nanosecondsPerSecond, from: 10, to: 50)]), process: .poisson, seed: 1)
        #expect(abs(ramp.offeredArrivals(inSecond: 0) - 15) < 1e-9)
        #expect(abs(ramp.offeredArrivals(inSecond: 3) - 45) < 1e-9)
        #expect(ramp.offeredArrivals(inSecond: 4) == 0)
        let trace = ArrivalSchedule(times: [0, 100_000_000, 1_500_000_000, 1_999_999_999, 2_000_000_000])
        #expect([0, 1, 2, 3].map(trace.offeredArrivals(inSecond:)) == [2, 2, 1, 0])
    }

    /// Reports written before these fields decode, with the fields absent.
    @Test func olderSeriesPointsStillDecode() throws {
        let old = #"{"completed":5,"errors":0,"p50_microseconds":10,"p99_microseconds":20,"second":3,"sent":5}"#
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let point = try decoder.decode(SecondPoint.self, from: Data(old.utf8))
        #expect(point.second == 3 && point.p99Microseconds == 20)
        #expect(point.serviceTimeP99Microseconds == nil && point.errorsByKind == nil && point.offeredRate == nil)
    }
}

/// Spooled seconds come back exactly as kept ones: same points, same histograms, in order.
@Suite struct SecondHistogramSpoolTests {
    @Test func spooledSecondsEqualSecondsKeptInMemory() {
        let spool = SecondHistogramSpool()
        #expect(spool.isOnDisk)
        var kept = SecondSeriesAccumulator(workers: 2)
        var spooled = SecondSeriesAccumulator(workers: 2, spool: spool)
        // Seconds finish out of order (worker 1 closes 2 before worker 0 closes 1), one only at the end.
        let parts = [
            SecondSeriesTests.second(0, latenciesMs: [1, 2, 3]), SecondSeriesTests.second(1, latenciesMs: [4]),
            SecondSeriesTests.second(0, latenciesMs: [5], errors: 1), SecondSeriesTests.second(2, latenciesMs: [6, 7]),
            SecondSeriesTests.second(2, latenciesMs: [8]), SecondSeriesTests.second(1, latenciesMs: [9, 250]),
            SecondSeriesTests.second(3, latenciesMs: [10]),
        ]
        for part in parts {
            kept.add(part)
            spooled.add(part)
        }
        kept.finalizeRemaining()
        spooled.finalizeRemaining()
        #expect(spooled.points.map(\.second) == [0, 1, 2, 3])
        #expect(spooled.points == kept.points)
        #expect(spooled.seconds.map(\.histograms) == kept.seconds.map(\.histograms))
        #expect(spool.load(second: 9) == nil)
    }

    /// A folder the spool cannot write to keeps the seconds in memory, none lost.
    @Test func withoutAWritableFolderSecondsStayInMemory() {
        let spool = SecondHistogramSpool(folder: "/nonexistent-\(UUID().uuidString)")
        #expect(!spool.isOnDisk)
        var accumulator = SecondSeriesAccumulator(workers: 1, spool: spool)
        accumulator.add(SecondSeriesTests.second(0, latenciesMs: [1, 2]))
        #expect(accumulator.seconds.count == 1 && accumulator.seconds[0].histograms.second == 0)
    }
}

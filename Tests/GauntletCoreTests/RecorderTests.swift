import GauntletCore
import Testing

@Suite struct RecorderTests {
    static func completion(_ intendedMs: Double, sentMs: Double, finishedMs: Double, status: Int = 200) -> Completion {
        Completion(
            intended: UInt64(intendedMs * 1e6), sent: UInt64(sentMs * 1e6), finished: UInt64(finishedMs * 1e6),
            status: status, error: ErrorKind.forHTTPStatus(status))
    }

    @Test func latencyIsFromTheIntendedTimeAndServiceFromTheSend() {
        var recorder = Recorder(measurementStart: 0)
        recorder.record(Self.completion(100, sentMs: 130, finishedMs: 150))
        #expect(recorder.latency.max == 50_000 || recorder.latency.valuesAreEquivalent(recorder.latency.max, 50_000))
        #expect(recorder.serviceTime.valuesAreEquivalent(recorder.serviceTime.max, 20_000))
        #expect(recorder.scheduleLag.valuesAreEquivalent(recorder.scheduleLag.max, 30_000))
        #expect(recorder.lateSends == 1)
    }

    @Test func warmupRequestsAreCountedApartAndNotMeasured() {
        var recorder = Recorder(measurementStart: 1_000_000_000)
        recorder.record(Self.completion(999, sentMs: 999, finishedMs: 1500))  // due in warm-up, finished after
        recorder.record(Self.completion(1000, sentMs: 1000, finishedMs: 1001))
        #expect(recorder.warmup.completed == 1)
        #expect(recorder.measured.completed == 1)
        #expect(recorder.latency.totalCount == 1)
        #expect(recorder.latency.max < 1_100)
    }

    /// Rows of (status, counted as ok, error kind).
    @Test(arguments: [
        (200, true, nil), (204, true, nil), (301, true, nil), (404, false, ErrorKind.http4xx),
        (429, false, .http4xx), (500, false, .http5xx), (503, false, .http5xx), (0, false, .invalidResponse),
        (99, false, .invalidResponse), (600, false, .invalidResponse),
    ] as [(Int, Bool, ErrorKind?)])
    func httpStatusesAreClassified(status: Int, ok: Bool, kind: ErrorKind?) {
        #expect(ErrorKind.forHTTPStatus(status) == kind)
        var counts = OutcomeCounts()
        counts.count(status: status, error: ErrorKind.forHTTPStatus(status))
        #expect(counts.ok == (ok ? 1 : 0))
        #expect(counts.errors == (ok ? 0 : 1))
    }

    /// Merging workers' recorders must give exactly the figures of one recorder over all the data.
    @Test(arguments: [1, 2, 3, 8])
    func mergedWorkersEqualOneRecorder(workers: Int) {
        var generator = SplitMix64(seed: UInt64(workers))
        var single = Recorder(measurementStart: 0)
        var parts = Array(repeating: Recorder(measurementStart: 0), count: workers)
        for i in 0..<20_000 {
            let intended = UInt64(i) * 1_000_000
            let lag = UInt64(generator.nextUnitInterval() * 3e6)
            let service = UInt64(-log(1 - generator.nextUnitInterval()) * 2e6) + 50_000
            let status = generator.nextUnitInterval() < 0.02 ? 503 : 200
            let completion = Completion(
                intended: intended, sent: intended + lag, finished: intended + lag + service, status: status,
                error: ErrorKind.forHTTPStatus(status))
            single.record(completion)
            parts[Int(generator.next() % UInt64(workers))].record(completion)
        }
        var merged = Recorder(measurementStart: 0)
        for part in parts { merged.merge(part) }
        #expect(merged.latency == single.latency)
        #expect(merged.serviceTime == single.serviceTime)
        #expect(merged.scheduleLag == single.scheduleLag)
        #expect(merged.measured == single.measured)
        #expect(merged.lateSends == single.lateSends)
        #expect(merged.lastMeasuredFinish == single.lastMeasuredFinish)
        for percentile in [50.0, 90, 99, 99.9] {
            #expect(merged.latency.valueAtPercentile(percentile) == single.latency.valueAtPercentile(percentile))
        }
    }

    @Test func latenciesBeyondTheRangeAreClampedNotDropped() {
        var histogram = LatencyHistogramLayout.make()
        histogram.recordNanoseconds(10 * 3_600 * 1_000_000_000)
        #expect(histogram.totalCount == 1)
    }
}

import Foundation

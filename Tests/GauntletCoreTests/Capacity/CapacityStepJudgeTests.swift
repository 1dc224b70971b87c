import Foundation
import GauntletCore
import Testing

/// The rules of a step on synthetic measurements: validity (sent share, late sends), objectives on
/// their interval's ends, and stability.
@Suite struct CapacityStepJudgeTests {
    static let ms: Nanoseconds = 1_000_000
    static let second: Nanoseconds = 1_000_000_000
    static let validator = ObjectiveValidator(requestNames: ["predict"])

    /// `count` requests spread over 10 measured seconds after 2 s of warm-up, each with a latency
    /// from `latency(i)` and a send lag from `lag(i)`; `failures` of them fail.
    static func step(
        count: Int, scheduled: UInt64? = nil, failures: Int = 0, latency: (Int) -> Nanoseconds, lag: (Int) -> Nanoseconds = { _ in 0 },
        secondMedians: [Double]? = nil, objectives: [String], lateAfter: Nanoseconds = 5 * ms
    ) throws -> CapacityStepJudge.Judgement {
        let warmup = 2 * second
        var recorder = Recorder(measurementStart: warmup)
        for index in 0..<count {
            let intended = warmup + Nanoseconds(index) * (10 * second) / Nanoseconds(count)
            let sent = intended + lag(index)
            let failed = index < failures
            recorder.record(Completion(
                intended: intended, sent: sent, finished: sent + latency(index), status: failed ? 503 : 200,
                error: failed ? .http5xx : nil))
        }
        let medians = secondMedians ?? Array(repeating: 2.0, count: 10)
        let series = medians.enumerated().map { index, median in
            SecondPoint(second: index + 2, sent: UInt64(count / 10), completed: UInt64(count / 10), errors: 0,
                        p50Microseconds: UInt64(median * 1_000), p99Microseconds: UInt64(median * 2_000), inFlight: 3)
        }
        let measurements = RunMeasurements(
            recorder: recorder, byRequest: ["predict": recorder], series: series, sent: UInt64(count), cancelled: 0,
            generatorCPU: second, elapsed: 12 * second, interrupted: false, startedAt: Date(), endedAt: Date())
        let plan = RunPlan(
            url: "http://127.0.0.1:1/", method: "POST",
            model: .openLoop(ArrivalSchedule(rate: Double(count) / 10, process: .constant, seed: 1, end: 12 * second)),
            warmup: warmup, seed: 1, timeout: 30 * second, connections: 64, workers: 1)
        let judge = CapacityStepJudge(objectives: try objectives.map { try validator.objective($0) }, lateAfter: lateAfter)
        return judge.judge(CapacityStepJudge.Measured(
            measurements: measurements, summary: RunSummary(plan: plan, measurements: measurements), lastSeries: series,
            warmupSeconds: 2, scheduled: scheduled ?? UInt64(count), connections: 64))
    }

    /// Latencies of 1…10 ms, evenly: p99 ≈ 9.9 ms.
    static func even(_ index: Int) -> Nanoseconds { Nanoseconds(1_000 + (index % 1_000) * 9) * 1_000 }

    @Test func passesWhenTheUpperBoundMeetsTheObjective() throws {
        let judged = try Self.step(count: 5_000, latency: Self.even, objectives: ["latency.p99 < 12ms", "error_rate < 1%"])
        #expect(judged.outcome == .pass, "\(judged.reasons)")
        #expect(judged.valid && judged.stable)
        let p99 = judged.objectives[0]
        #expect(p99.lower! <= p99.measured! && p99.measured! <= p99.upper!)
        #expect(p99.upper! < 12)
    }

    @Test func failsWhenEvenTheLowerBoundMisses() throws {
        let judged = try Self.step(count: 5_000, latency: Self.even, objectives: ["latency.p99 < 8ms"])
        #expect(judged.outcome == .fail)
        #expect(judged.objectives[0].verdict == .fail)
        #expect(judged.reasons.contains { $0.contains("even at its lower bound") })
    }

    /// A threshold inside the interval: neither pass nor fail, so the step is measured again.
    @Test func isUndecidedWhenTheIntervalStraddlesTheThreshold() throws {
        let probe = try Self.step(count: 1_200, latency: Self.even, objectives: ["latency.p99 < 50ms"])
        let p99 = probe.objectives[0]
        let inside = (p99.lower! + p99.upper!) / 2
        #expect(p99.lower! < inside && inside < p99.upper!)
        let judged = try Self.step(count: 1_200, latency: Self.even, objectives: ["latency.p99 < \(inside)ms"])
        #expect(judged.outcome == .undecided)
        #expect(judged.objectives[0].verdict == .inconclusive)
        #expect(judged.reasons.contains { $0.contains("straddles") })
    }

    @Test func tooFewSamplesIsUndecided() throws {
        let judged = try Self.step(count: 500, latency: Self.even, objectives: ["latency.p99 < 100ms"])
        #expect(judged.outcome == .undecided)
        #expect(judged.reasons.contains { $0.contains("1000") || $0.contains("1,000") })
    }

    /// An error rate is judged on its Wilson interval: 0.8% of 1,000 is below 1%, but its upper
    /// bound (1.6%) is not, so the step cannot pass yet; 0.8% of 100,000 can.
    @Test func anErrorRateIsJudgedOnItsWilsonBound() throws {
        let small = try Self.step(count: 1_000, failures: 8, latency: Self.even, objectives: ["error_rate < 1%"])
        #expect(small.outcome == .undecided)
        let large = try Self.step(count: 100_000, failures: 800, latency: Self.even, objectives: ["error_rate < 1%"])
        #expect(large.outcome == .pass, "\(large.reasons)")
    }

    @Test func lateSendsMakeTheStepInvalidWhateverItsFigures() throws {
        // 3% of sends 20 ms late: the load was not what was asked.
        let judged = try Self.step(
            count: 5_000, latency: Self.even, lag: { $0 % 100 < 3 ? 20 * Self.ms : 0 }, objectives: ["latency.p99 < 100ms"])
        #expect(judged.outcome == .invalid)
        #expect(!judged.valid)
        #expect(judged.lateSends == 150)
        #expect(judged.reasons.contains { $0.contains("3.0% of sends started over 5 ms late") }, "\(judged.reasons)")
    }

    /// The generator fell behind, but the latency fails even from each request's actual send: the
    /// target is too slow at this rate whatever the generator did, so the step fails.
    @Test func aLatencyFailingOnServiceTimeIsTheTargetsFailure() throws {
        let judged = try Self.step(
            count: 5_000, latency: Self.even, lag: { $0 % 100 < 3 ? 20 * Self.ms : 0 }, objectives: ["latency.p99 < 5ms"])
        #expect(!judged.valid)
        #expect(judged.outcome == .fail)
        #expect(judged.reasons.contains { $0.contains("the target is saturated") }, "\(judged.reasons)")
    }

    @Test func timerJitterUnderTheLateThresholdIsNotLate() throws {
        // Every send 2 ms late (a VM's wake-up), none past 5 ms.
        let judged = try Self.step(count: 5_000, latency: Self.even, lag: { _ in 2 * Self.ms }, objectives: ["latency.p99 < 15ms"])
        #expect(judged.valid)
        #expect(judged.lateSends == 0)
    }

    @Test func sendingTooFewOfTheScheduledIsInvalid() throws {
        let judged = try Self.step(count: 4_800, scheduled: 5_000, latency: Self.even, objectives: [])
        #expect(judged.outcome == .invalid)
        #expect(judged.reasons.contains { $0.contains("4800 of the 5000") })
    }

    @Test func aRisingLatencyIsNotAPass() throws {
        let rising = [2.0, 2.2, 2.5, 3.0, 3.6, 4.3, 5.1, 6.0, 7.2, 8.5]
        let judged = try Self.step(count: 5_000, latency: Self.even, secondMedians: rising, objectives: ["latency.p99 < 100ms"])
        #expect(!judged.stable)
        #expect(judged.outcome == .undecided)
        #expect(judged.reasons.contains { $0.contains("still rising") })
    }

    /// Sub-millisecond medians that wander by 30% are jitter, not a queue.
    @Test func smallWanderingBelowTheFloorIsStable() throws {
        let wandering = [0.30, 0.40, 0.35, 0.31, 0.39, 0.33, 0.30, 0.38, 0.36, 0.32]
        let judged = try Self.step(count: 5_000, latency: Self.even, secondMedians: wandering, objectives: [])
        #expect(judged.stable)
        #expect(judged.outcome == .pass)
    }
}

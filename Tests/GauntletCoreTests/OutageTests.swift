import Foundation
import GauntletCore
import Testing

/// Outages as the generator sees them: from the first connection failure to the first success,
/// with the target's restart (its first answer of any kind) between; merged across workers and
/// machines; and the figures `downtime` and `recovery_time` an objective can judge.
@Suite struct OutageTests {
    static func completion(sent: Double, finished: Double, status: Int = 0, _ error: ErrorKind?) -> Completion {
        Completion(
            intended: Nanoseconds(sent * 1e9), sent: Nanoseconds(sent * 1e9), finished: Nanoseconds(finished * 1e9),
            status: status, error: error)
    }

    /// Killed at about 1 s, listening again at 1.5 s but answering 503 while it loads, serving at 1.8 s.
    static let killedAndRestarted: [Completion] = [
        completion(sent: 0.9, finished: 0.901, status: 200, nil),
        completion(sent: 1.0, finished: 1.001, .connectRefused),
        completion(sent: 1.2, finished: 1.201, .connectRefused),
        completion(sent: 1.5, finished: 1.502, status: 503, .http5xx),
        completion(sent: 1.6, finished: 1.601, .connectRefused),
        completion(sent: 1.7, finished: 1.702, status: 503, .http5xx),
        completion(sent: 1.8, finished: 1.803, status: 200, nil),
        completion(sent: 1.9, finished: 1.901, status: 200, nil),
    ]

    @Test func aKilledAndRestartedTargetIsOneOutage() throws {
        var tracker = OutageTracker()
        Self.killedAndRestarted.forEach { tracker.record($0) }
        let outage = try #require(tracker.outages.first)
        #expect(tracker.outages.count == 1)
        // Seconds went through whole nanoseconds, so compare to the nanosecond.
        #expect(abs(outage.startSeconds - 1.001) < 1e-9)
        #expect(abs(try #require(outage.restartSeconds) - 1.5) < 1e-9)
        #expect(abs(try #require(outage.recoveredSeconds) - 1.803) < 1e-9)
        #expect(abs(outage.downtime(runEnd: 3) - 0.802) < 1e-9)
        #expect(abs(outage.recovery(runEnd: 3) - 0.303) < 1e-9)
    }

    /// Errors that reached the server (5xx, resets, timeouts once connected) are no outage.
    @Test func failuresOfAnAnsweringTargetAreNoOutage() {
        var tracker = OutageTracker()
        for error in [ErrorKind.http5xx, .reset, .truncated, .requestTimeout, .checkFailed] {
            tracker.record(Self.completion(sent: 1, finished: 1.1, status: 500, error))
        }
        #expect(tracker.outages.isEmpty)
    }

    /// An outage the run ends in counts until the end, so an objective on it cannot pass early.
    @Test func anOutageTheRunEndsInLastsUntilTheEnd() throws {
        var tracker = OutageTracker()
        tracker.record(Self.completion(sent: 2, finished: 2.5, .connectTimeout))
        tracker.record(Self.completion(sent: 3, finished: 3.1, status: 503, .http5xx))
        let outage = try #require(tracker.outages.first)
        #expect(outage.recoveredSeconds == nil && outage.restartSeconds == 3)
        #expect(outage.downtime(runEnd: 10) == 7.5 && outage.recovery(runEnd: 10) == 7)
    }

    /// Two workers see one outage each, a little apart: one outage, from the earliest failure to
    /// the earliest success; one seen later by a single worker stays apart. Any order.
    @Test func workersOutagesMergeIntoTheTargets() {
        let first = Outage(startSeconds: 1.00, restartSeconds: 1.50, recoveredSeconds: 1.80)
        let second = Outage(startSeconds: 1.02, restartSeconds: 1.49, recoveredSeconds: 1.81)
        let later = Outage(startSeconds: 5.0, restartSeconds: nil, recoveredSeconds: nil)
        let expected = [Outage(startSeconds: 1.00, restartSeconds: 1.49, recoveredSeconds: 1.80), later]
        #expect(Outage.merged([first, second, later]) == expected)
        #expect(Outage.merged([later, second, first]) == expected)
        #expect(Outage.merged([second, later, first]) == expected)
        #expect(Outage.merged([]) == [])
    }

    @Test func theFiguresAreTheLongestOutageAndRecovery() throws {
        var recorder = Recorder(measurementStart: 0)
        Self.killedAndRestarted.forEach { recorder.record($0) }
        let model = LoadModel.openLoop(ArrivalSchedule(rate: 10, process: .constant, seed: 1, end: 3_000_000_000))
        let plan = RunPlan(
            url: "http://127.0.0.1:1/", method: "GET", model: model, warmup: 0, seed: 1, timeout: 1_000_000_000,
            connections: 1, workers: 1)
        var tracker = OutageTracker()
        Self.killedAndRestarted.forEach { tracker.record($0) }
        func summary(_ outages: [Outage]) -> RunSummary {
            RunSummary(plan: plan, measurements: RunMeasurements(
                recorder: recorder, series: [], sent: 8, cancelled: 0, generatorCPU: 1_000_000, elapsed: 3_000_000_000,
                interrupted: false, startedAt: Date(), endedAt: Date(), outages: outages))
        }
        let table = FigureTable(summary(tracker.outages))
        #expect(abs(try #require(table["downtime"]).value - 802) < 1e-6)
        #expect(abs(try #require(table["recovery_time"]).value - 303) < 1e-6)
        #expect(table["recovery_time"]?.samples == 1)

        let objective = try ObjectiveValidator(requestNames: ["request"]).objective("recovery_time < 250ms")
        #expect(ObjectiveEvaluator.evaluate(objective, against: table).verdict == .fail)
        // No outage, no figure: inconclusive, saying why.
        let calm = ObjectiveEvaluator.evaluate(objective, against: FigureTable(summary([])))
        #expect(calm.verdict == .inconclusive && calm.reason?.contains("none was seen") == true)
    }
}

import Foundation
import GauntletCore
import Testing

@Suite struct GateEvaluatorTests {
    static let validator = ObjectiveValidator(requestNames: ["predict"])

    /// One row: an objective, what the run measured for its figure, and the expected verdict.
    struct Row: Sendable, CustomTestStringConvertible {
        var objective: String
        var warn: String? = nil
        /// nil: the run did not produce the figure.
        var value: Double?
        var samples: UInt64
        var verdict: GateVerdict
        var testDescription: String {
            "\(objective)\(warn.map { " warn \($0)" } ?? "") with \(value.map { "\($0)" } ?? "nothing") × \(samples) → \(verdict)"
        }
    }

    static func judge(_ text: String, warn: String? = nil, value: Double?, samples: UInt64) throws -> ObjectiveResult {
        let objective = try validator.objective(text, warn: warn)
        var table = FigureTable()
        table[objective.expression.figure, scope: objective.expression.scope] = value.map { Figure(value: $0, samples: samples) }
        return ObjectiveEvaluator.evaluate(objective, against: table)
    }

    @Test(arguments: [
        // The warn band of `latency.p99 < 50ms` warn 40ms: < 40 pass, 40 ≤ v < 50 warn, ≥ 50 fail.
        Row(objective: "latency.p99 < 50ms", warn: "40ms", value: 39.9, samples: 1_000, verdict: .pass),
        Row(objective: "latency.p99 < 50ms", warn: "40ms", value: 40, samples: 1_000, verdict: .warn),
        Row(objective: "latency.p99 < 50ms", warn: "40ms", value: 49.99, samples: 1_000, verdict: .warn),
        Row(objective: "latency.p99 < 50ms", warn: "40ms", value: 50, samples: 1_000, verdict: .fail),
        Row(objective: "latency.p99 <= 50ms", warn: "40ms", value: 40, samples: 1_000, verdict: .pass),
        Row(objective: "latency.p99 <= 50ms", value: 50, samples: 1_000, verdict: .pass),
        Row(objective: "latency.p99 <= 50ms", value: 50.001, samples: 1_000, verdict: .fail),
        Row(objective: "throughput >= 950/s", warn: "1000/s", value: 1_000, samples: 10, verdict: .pass),
        Row(objective: "throughput >= 950/s", warn: "1000/s", value: 999, samples: 10, verdict: .warn),
        Row(objective: "throughput >= 950/s", warn: "1000/s", value: 949, samples: 10, verdict: .fail),
        Row(objective: "throughput > 950/s", value: 950, samples: 10, verdict: .fail),
        Row(objective: "error_rate == 0", value: 0, samples: 10, verdict: .pass),
        Row(objective: "errors != 0", value: 0, samples: 10, verdict: .fail),
        // Sample-count boundaries: one short of ceil(10 / (1 − p/100)) is inconclusive, never a pass.
        Row(objective: "latency.p99 < 50ms", value: 10, samples: 999, verdict: .inconclusive),
        Row(objective: "latency.p99 < 50ms", value: 10, samples: 1_000, verdict: .pass),
        Row(objective: "latency.p99.9 < 50ms", value: 10, samples: 9_999, verdict: .inconclusive),
        Row(objective: "latency.p99.9 < 50ms", value: 10, samples: 10_000, verdict: .pass),
        Row(objective: "latency.p50 < 5ms", value: 4, samples: 19, verdict: .inconclusive),
        Row(objective: "latency.p50 < 5ms", value: 4, samples: 20, verdict: .pass),
        Row(objective: "service_time.p90 < 5ms", value: 4, samples: 99, verdict: .inconclusive),
        Row(objective: "service_time.p90 < 5ms", value: 4, samples: 100, verdict: .pass),
        Row(objective: "latency.p95 < 5ms", value: 4, samples: 199, verdict: .inconclusive),
        Row(objective: "latency.p95 < 5ms", value: 4, samples: 200, verdict: .pass),
        Row(objective: "schedule_lag.p99 < 1ms", value: 0.5, samples: 999, verdict: .inconclusive),
        Row(objective: "latency.max < 100ms", value: 0, samples: 0, verdict: .inconclusive),
        Row(objective: "latency.max < 100ms", value: 90, samples: 1, verdict: .pass),
        Row(objective: "latency.mean < 100ms", value: 0, samples: 0, verdict: .inconclusive),
        Row(objective: "latency.mean < 100ms", value: 99, samples: 1, verdict: .pass),
        // A tail from too few samples cannot fail either: more data could bring it down.
        Row(objective: "latency.p99 < 50ms", value: 80, samples: 10, verdict: .inconclusive),
        // Rates and fractions need one request; an error rate of 0 over no requests is no pass.
        Row(objective: "error_rate < 0.1%", value: 0, samples: 0, verdict: .inconclusive),
        Row(objective: "error_rate < 0.1%", value: 0, samples: 1, verdict: .pass),
        Row(objective: "error_rate < 0.1%", value: 0.002, samples: 5_000, verdict: .fail),
        Row(objective: "throughput >= 950/s", value: 0, samples: 0, verdict: .inconclusive),
        Row(objective: "throughput >= 950/s", value: 0, samples: 500, verdict: .fail),
        Row(objective: "errors <= 5", value: 0, samples: 0, verdict: .inconclusive),
        Row(objective: "requests >= 1000", value: 500, samples: 500, verdict: .fail),
        Row(objective: "accuracy >= 0.95", value: 0.97, samples: 1, verdict: .pass),
        // A figure the run did not produce, or produced as NaN.
        Row(objective: "accuracy >= 0.95", value: nil, samples: 0, verdict: .inconclusive),
        Row(objective: "latency.p99 < 50ms", value: .nan, samples: 5_000, verdict: .inconclusive),
    ])
    func judgesOneObjective(_ row: Row) throws {
        let result = try Self.judge(row.objective, warn: row.warn, value: row.value, samples: row.samples)
        #expect(result.verdict == row.verdict)
        #expect((result.reason != nil) == (row.verdict == .inconclusive))
    }

    /// Rows of (objective, measured, margin): positive is room to spare, in the figure's unit.
    @Test(arguments: [
        ("latency.p99 < 50ms", 42.0, 8.0), ("latency.p99 < 0.05s", 60, -10), ("throughput >= 950/s", 1_000, 50),
        ("throughput >= 950/s", 900, -50), ("error_rate == 0", 0.01, -0.01), ("error_rate != 0", 0.01, 0.01),
        ("error_rate < 1%", 0.004, 0.006),
    ] as [(String, Double, Double)])
    func reportsTheMargin(objective: String, measured: Double, margin: Double) throws {
        let result = try Self.judge(objective, value: measured, samples: 100_000)
        #expect(result.measured == measured)
        #expect(abs(try #require(result.margin) - margin) < 1e-12)
    }

    @Test func saysWhyAnObjectiveIsInconclusive() throws {
        let short = try Self.judge("latency.p99 < 50ms", value: 10, samples: 412)
        #expect(short.reason == "'latency.p99' rests on 412 of the 1000 samples it needs to be judged")
        #expect(short.measured == 10 && short.samples == 412 && short.margin == 40)
        let missing = try Self.judge("accuracy >= 0.95", value: nil, samples: 0)
        #expect(missing.reason?.hasPrefix("the run did not produce 'accuracy'; it needs requests whose expected label is known") == true)
        #expect(missing.measured == nil && missing.margin == nil && missing.threshold == 0.95)
    }

    @Test func aScopedObjectiveReadsItsRequestsFigureOnly() throws {
        let objective = try Self.validator.objective("predict.latency.p99 < 40ms")
        var table = FigureTable()
        table["latency.p99"] = Figure(value: 10, samples: 5_000)
        #expect(ObjectiveEvaluator.evaluate(objective, against: table).verdict == .inconclusive)
        #expect(ObjectiveEvaluator.evaluate(objective, against: table).reason == "the run did not produce 'predict.latency.p99'")
        table["latency.p99", scope: "predict"] = Figure(value: 60, samples: 5_000)
        #expect(ObjectiveEvaluator.evaluate(objective, against: table).verdict == .fail)
    }

    /// A run summary's figures, end to end: 30 requests at 2 ms judge a p50, not a p99.
    @Test func judgesTheFiguresOfARunSummary() throws {
        var recorder = Recorder(measurementStart: 0)
        for n in 0..<30 {
            let start = UInt64(n) * 10_000_000
            recorder.record(Completion(intended: start, sent: start, finished: start + 2_000_000, status: 200, error: nil))
        }
        let model = LoadModel.openLoop(ArrivalSchedule(rate: 30, process: .constant, seed: 1, end: 1_000_000_000))
        let plan = RunPlan(
            url: "http://127.0.0.1:1/", method: "GET", model: model, warmup: 0, seed: 1, timeout: 1_000_000_000,
            connections: 1, workers: 1)
        let summary = RunSummary(
            plan: plan,
            measurements: RunMeasurements(
                recorder: recorder, series: [], sent: 30, cancelled: 0, generatorCPU: 0, elapsed: 1_000_000_000,
                interrupted: false, startedAt: Date(), endedAt: Date()))
        let table = FigureTable(summary)
        let objectives = try ["latency.p50 < 3ms", "latency.p99 < 3ms", "error_rate < 1%", "throughput >= 30/s", "requests == 30"]
            .map { (text) throws(ObjectiveError) in try ObjectiveValidator().objective(text) }
        let verdicts = ObjectiveEvaluator.evaluate(objectives, against: table).map(\.verdict)
        #expect(verdicts == [.pass, .inconclusive, .pass, .pass, .pass])
        #expect(table["latency.p50"]?.samples == 30)
        #expect(table["accuracy"] == nil)
    }
}

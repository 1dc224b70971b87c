import Foundation
import GauntletCore

/// The capacity results the capacity renderer tests read: two real ones, saved, and searches built
/// here, step by step, for the cases a real run rarely shows all at once.
enum CapacityFixtures {
    /// A real `gauntlet capacity scenarios/capacity.yaml` against the embedded server (2 ms per
    /// forward pass, one thread): 8 steps from 200/s to 800/s, three invalid (the target saturated
    /// and held every connection), R_max between 450/s and 462.5/s, the knee at 450/s.
    static func realRateSearch() throws -> CapacityResult {
        try CapacityResult.decode(Data(contentsOf: ReportFixtures.goldenFolder.appendingPathComponent("capacity-rate.json")))
    }

    /// A real closed-loop sweep of the same target at concurrency 1, 2, 4 and 8; every level passed.
    static func realSweep() throws -> CapacityResult {
        try CapacityResult.decode(Data(contentsOf: ReportFixtures.goldenFolder.appendingPathComponent("capacity-sweep.json")))
    }

    /// A name full of markup, which every renderer must escape.
    static let awkwardName = #"cap <b>"x"</b> & co"#

    static let objectives = ["latency.p99 < 20ms", "error_rate < 1%"]

    /// One step as the search would keep it; the figures not given follow from those that are.
    static func step(
        _ number: Int, _ stage: CapacitySearch.Stage, offered: Double? = nil, concurrency: Int? = nil, achieved: Double,
        p50: Double, p99: ClosedRange<Double>, p99Value: Double, errors: UInt64 = 0, shed: UInt64 = 0, lateSends: UInt64 = 0,
        outcome: CapacitySearch.Outcome, reasons: [String] = [], extensions: Int = 0
    ) -> CapacityStep {
        let seconds = 6.0 * Double(extensions + 1)
        let completed = UInt64((achieved * seconds).rounded())
        let p99Interval = PercentileInterval(value: p99Value, lower: p99.lowerBound, upper: p99.upperBound, samples: completed)
        let errorRate = completed == 0 ? 0 : Double(errors) / Double(completed)
        let judged = [
            CapacityObjectiveResult(
                objective: objectives[0], verdict: p99.lowerBound > 20 ? .fail : p99.upperBound > 20 ? .inconclusive : .pass, key: false,
                threshold: 20, measured: p99Value, lower: p99.lowerBound, upper: p99.upperBound, samples: completed, reason: nil),
            CapacityObjectiveResult(
                objective: objectives[1], verdict: errorRate < 0.01 ? .pass : .fail, key: false, threshold: 0.01,
                measured: errorRate, lower: errorRate * 0.8, upper: errorRate * 1.2 + 0.001, samples: completed, reason: nil),
        ]
        return CapacityStep(
            number: number, stage: stage, offeredRate: offered, concurrency: concurrency, extensions: extensions,
            measuredSeconds: seconds, scheduled: offered.map { UInt64($0 * seconds) }, completed: completed, ok: completed - errors,
            errors: errors, shed: shed, achievedRate: achieved, okRate: achieved * (1 - errorRate),
            p50: PercentileInterval(value: p50, lower: p50 * 0.98, upper: p50 * 1.02, samples: completed),
            p90: PercentileInterval(value: (p50 + p99Value) / 2, lower: (p50 + p99Value) / 2 * 0.97, upper: (p50 + p99Value) / 2 * 1.03, samples: completed),
            p99: p99Interval, serviceTimeP50Milliseconds: min(p50, 2.4), scheduleLagP99Milliseconds: outcome == .invalid ? 900 : 0.2,
            lateSends: lateSends, lateAfterMilliseconds: 5, peakInFlight: UInt64(min(256, achieved * p99Value / 1000 + 1)), connections: 256,
            generatorCPUSeconds: 0.3 * seconds / 6, serverCPUSeconds: achieved * seconds * 0.002, serverPeakResidentBytes: 40_000_000,
            windowMedianMilliseconds: [p50, p50, p50], stable: outcome != .inconclusive, objectives: judged, outcome: outcome,
            reasons: reasons, valid: outcome != .invalid)
    }

    static let environment = RunResult.EnvironmentInfo(
        host: "ci", cores: 2, os: "Linux", gauntletVersion: "0.1.0",
        startedAt: Date(timeIntervalSince1970: 1_796_000_000), endedAt: Date(timeIntervalSince1970: 1_796_000_150))

    static func scenario(_ name: String) -> RunResult.ScenarioEcho {
        .init(name: name, file: "scenarios/capacity.yaml", description: "A search <built> in code & drawn.", target: nil, source: "name: capacity\n", secrets: [])
    }

    /// A bisected rate search with every verdict: passes, fails, two invalid steps that shed load
    /// (503s), and an inconclusive step whose p99 interval straddles the 20 ms objective. R_max is
    /// between 450/s and 462.5/s; the knee (the median doubling) is at 475/s. `partial`: stopped there by an interrupt.
    static func rateSearch(name: String = awkwardName, partial: Bool = false) -> CapacityResult {
        let saturated = "100% of sends started over 5 ms late (at most 1.0% allowed): all 256 connections were busy"
        let steps = [
            step(1, .bracket, offered: 200, achieved: 200, p50: 2.5, p99: 3.2...4.0, p99Value: 3.3, outcome: .pass),
            step(2, .bracket, offered: 400, achieved: 399.9, p50: 2.45, p99: 4.2...4.9, p99Value: 4.4, outcome: .pass),
            step(3, .bracket, offered: 800, achieved: 398, p50: 3842, p99: 6009...6033, p99Value: 6021, errors: 240, shed: 200,
                 lateSends: 4800, outcome: .invalid, reasons: [saturated, "latency.p99 < 20ms: [6009.00 ms, 6033.00 ms] is past 20.00 ms even at its lower bound"]),
            step(4, .bisect, offered: 600, achieved: 430, p50: 1493, p99: 2343...2355, p99Value: 2349, errors: 52, shed: 52,
                 lateSends: 3600, outcome: .invalid, reasons: [saturated]),
            step(5, .bisect, offered: 500, achieved: 453, p50: 397, p99: 612...616, p99Value: 614, errors: 9, outcome: .fail,
                 reasons: ["latency.p99 < 20ms: [612.00 ms, 616.00 ms] is past 20.00 ms even at its lower bound"]),
            step(6, .bisect, offered: 450, achieved: 450, p50: 2.5, p99: 3.2...3.9, p99Value: 3.4, outcome: .pass),
            step(7, .bisect, offered: 475, achieved: 474, p50: 4.2, p99: 18.1...21.4, p99Value: 19.6, outcome: .inconclusive,
                 reasons: ["latency.p99 < 20ms: the 95% interval [18.10 ms, 21.40 ms] straddles 20.00 ms: more samples needed"], extensions: 2),
            step(8, .bisect, offered: 462.5, achieved: 462.5, p50: 4.2, p99: 51.5...51.8, p99Value: 51.7, outcome: .fail,
                 reasons: ["latency.p99 < 20ms: [51.50 ms, 51.80 ms] is past 20.00 ms even at its lower bound"]),
        ]
        let shown = partial ? Array(steps.prefix(6)) : steps
        return CapacityResult(
            scenario: scenario(name), environment: environment, mode: "rate", settings: settings(concurrency: nil),
            target: "http://127.0.0.1:8080 (embedded reference server)", serverConfiguration: "1 inference thread(s)",
            objectives: objectives, steps: shown,
            rateMax: partial ? .init(low: 450, high: 500, highOutcome: .fail) : .init(low: 450, high: 462.5, highOutcome: .fail),
            finish: partial ? .interrupted : .resolved, plan: nil, planRefusal: nil, partial: partial)
    }

    /// A rate search that passed at every rate up to its maximum: R_max is open above.
    static func passedAtMaximum() -> CapacityResult {
        let steps = [
            step(1, .bracket, offered: 100, achieved: 100, p50: 2.4, p99: 3.0...3.6, p99Value: 3.2, outcome: .pass),
            step(2, .bracket, offered: 200, achieved: 200, p50: 2.5, p99: 3.3...4.1, p99Value: 3.5, outcome: .pass),
        ]
        return CapacityResult(
            scenario: scenario("open-ended"), environment: environment, mode: "rate", settings: settings(concurrency: nil),
            target: "http://127.0.0.1:8080", serverConfiguration: nil, objectives: objectives, steps: steps,
            rateMax: .init(low: 200, high: nil, highOutcome: nil), finish: .passedAtMaximum, plan: nil, planRefusal: nil, partial: false)
    }

    /// A closed-loop sweep at concurrency 1 to 16: throughput levels off past 4 while latency keeps
    /// climbing, and 16 fails the p99 objective, so 8 is the best level that passed.
    static func sweep() -> CapacityResult {
        let levels: [(Int, Double, Double, ClosedRange<Double>, Double, CapacitySearch.Outcome)] = [
            (1, 413, 2.42, 2.6...2.75, 2.61, .pass), (2, 455.8, 4.36, 4.75...4.91, 4.84, .pass),
            (4, 456.7, 8.75, 9.56...10.6, 9.92, .pass), (8, 459.8, 17.3, 19.0...19.8, 19.3, .pass),
            (16, 458.9, 34.8, 38.1...39.6, 38.9, .fail),
        ]
        let steps = levels.enumerated().map { index, level in
            step(index + 1, .sweep, concurrency: level.0, achieved: level.1, p50: level.2, p99: level.3, p99Value: level.4, outcome: level.5,
                 reasons: level.5 == .fail ? ["latency.p99 < 20ms: [38.10 ms, 39.60 ms] is past 20.00 ms even at its lower bound"] : [])
        }
        return CapacityResult(
            scenario: scenario("sweep"), environment: environment, mode: "concurrency", settings: settings(concurrency: levels.map(\.0)),
            target: "http://127.0.0.1:8080", serverConfiguration: nil, objectives: objectives, steps: steps, rateMax: nil,
            finish: nil, plan: nil, planRefusal: nil, partial: false)
    }

    static func settings(concurrency: [Int]?) -> CapacityResult.Settings {
        .init(
            startRate: concurrency == nil ? 200 : nil, maxRate: concurrency == nil ? 800 : nil, resolution: concurrency == nil ? "5%" : nil,
            concurrency: concurrency, stepSeconds: 6, warmupSeconds: 2, extensions: 2, lateAfterMilliseconds: 5, arrivals: "constant",
            connections: 256, workers: 2)
    }
}

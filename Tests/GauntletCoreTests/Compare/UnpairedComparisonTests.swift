import Foundation
import GauntletCore
import Testing

/// Two saved runs compared unpaired: whole-run ratios without intervals, Newcombe's interval for
/// the independent proportions, saved absolute verdicts, relative objectives inconclusive, and
/// the caveat that drift between the runs is not cancelled.
@Suite struct UnpairedComparisonTests {
    static let environment = RunResult.EnvironmentInfo(
        host: "test", cores: 1, os: "test", gauntletVersion: "test", startedAt: SyntheticRun.startedAt, endedAt: SyntheticRun.startedAt)

    static let items: [SyntheticRun.Item] = {
        var generator = Xoshiro256StarStar(seed: 11)
        return SyntheticRun.items(count: 3_000, generator: &generator)
    }()

    /// The same arrivals, every request taking `factor` times as long, and every `failEvery`-th
    /// successful one failing instead.
    static func slower(_ items: [SyntheticRun.Item], factor: UInt64, failEvery: Int? = nil) -> [SyntheticRun.Item] {
        items.enumerated().map { index, item in
            var item = item
            let c = item.completion
            var status = c.status, error = c.error
            if let failEvery, index % failEvery == 0, error == nil { (status, error) = (503, .http5xx) }
            item.completion = Completion(
                intended: c.intended, sent: c.intended + (c.sent - c.intended) * factor,
                finished: c.intended + (c.finished - c.intended) * factor, status: status, error: error)
            return item
        }
    }

    static func compare(_ baseline: RunResult, _ candidate: RunResult) -> CompareResult {
        UnpairedComparison(
            baseline: .init(name: "before", file: "before.json", result: baseline),
            candidate: .init(name: "after", file: "after.json", result: candidate), environment: environment
        ).result
    }

    @Test func aCandidateTwiceAsSlowIsARatioOfTwoWithNoIntervalAndNoCall() throws {
        let baseline = SyntheticRun.result(Self.items, segment: nil)
        let candidate = SyntheticRun.result(Self.slower(Self.items, factor: 2), segment: nil)
        let result = Self.compare(baseline, candidate)
        #expect(result.mode == "unpaired" && result.blocks.isEmpty && result.quality.isEmpty)
        #expect(result.candidates.map(\.name) == ["before", "after"] && result.candidates.map(\.baseline) == [true, false])
        #expect(result.candidates.map(\.report) == ["before.json", "after.json"])
        let latency = result.comparisons.filter { $0.figure.hasPrefix("latency") }
        #expect(latency.map(\.figure) == ["latency.p50", "latency.p95", "latency.p99", "latency.p99.9"])
        for figure in latency {
            // Histograms keep 3 significant digits: each bucket's top is within 0.1% of its values.
            #expect(abs(figure.estimate - 2) < 0.005, "\(figure.figure): \(figure.estimate)")
            #expect(figure.kind == .ratio && figure.lower == nil && figure.upper == nil && figure.call == .inconclusive)
            #expect(figure.note?.contains("unpaired: no interval; drift not cancelled") == true)
            #expect(figure.baselineSamples == baseline.summary.successLatency?.count)
        }
        let throughput = try #require(result.comparisons.first { $0.figure == "throughput" })
        #expect(throughput.call == .inconclusive && throughput.lower == nil)
    }

    @Test func errorRateAndAccuracyAreDifferencesOfIndependentProportions() throws {
        let baseline = SyntheticRun.result(Self.items, segment: nil)
        let candidate = SyntheticRun.result(Self.slower(Self.items, factor: 1, failEvery: 4), segment: nil)
        let result = Self.compare(baseline, candidate)

        let errors = try #require(result.comparisons.first { $0.figure == "error_rate" })
        let a = baseline.summary.requests, b = candidate.summary.requests
        #expect(b.errors > a.errors && a.completed == b.completed)
        let expected = try #require(IndependentProportionDifference(successesA: a.errors, of: a.completed, successesB: b.errors, of: b.completed))
        #expect(errors.kind == .difference && errors.estimate == expected.estimate && errors.estimate > 0)
        #expect(errors.lower == expected.interval.lowerBound && errors.upper == expected.interval.upperBound)
        #expect(errors.call == .worse && errors.baselineSamples == a.completed)

        // Accuracy over distinct rows, each by its most frequent answer: at most the 40 rows the run sends.
        let accuracy = try #require(result.comparisons.first { $0.figure == "accuracy" })
        let rowsA = try #require(baseline.quality?.confusion.distinctRowsRight)
        let rowsB = try #require(candidate.quality?.confusion.distinctRowsRight)
        #expect(rowsA.rows <= 40 && accuracy.baselineSamples == rowsA.rows && accuracy.candidateSamples == rowsB.rows)
        let accuracyExpected = try #require(IndependentProportionDifference(
            successesA: rowsA.right, of: rowsA.rows, successesB: rowsB.right, of: rowsB.rows))
        #expect(accuracy.estimate == accuracyExpected.estimate && accuracy.lower == accuracyExpected.interval.lowerBound)
        #expect(accuracy.upper == accuracyExpected.interval.upperBound)
    }

    @Test func theCaveatAndTheScheduleAreStated() throws {
        let baseline = SyntheticRun.result(Self.items, segment: nil)
        let same = try #require(Self.compare(baseline, SyntheticRun.result(Self.slower(Self.items, factor: 3), segment: nil)).unpaired)
        #expect(same.caveat == "unpaired: two runs at different times; drift between them is not cancelled")
        #expect(same.sameSchedule == true && same.warnings.isEmpty, "\(same.warnings)")

        var other = SyntheticRun.result(Array(Self.items.dropLast(100)), segment: nil)
        other.scenario?.name = "another"
        let differs = try #require(Self.compare(baseline, other).unpaired)
        #expect(differs.sameSchedule == false)
        #expect(differs.warnings.contains { $0.hasPrefix("different scenarios: before is 'synthetic', after is 'another'") })
        #expect(differs.warnings.contains { $0.hasPrefix("different schedules") })
    }

    /// Absolute verdicts come from each report as saved; a relative objective has no paired
    /// interval to be judged on and is inconclusive, never judged on the point ratio.
    @Test func savedVerdictsStandAndRelativeObjectivesAreInconclusive() throws {
        let baseline = SyntheticRun.result(Self.items, segment: nil)
        var candidate = SyntheticRun.result(Self.slower(Self.items, factor: 2), segment: nil)
        let absolute = Self.compare(baseline, candidate)
        #expect(absolute.objectives.map(\.candidate) == baseline.objectives.map { _ in "before" } + candidate.objectives.map { _ in "after" })
        #expect(absolute.objectives.map(\.verdict) == (baseline.objectives + candidate.objectives).map(\.verdict))
        #expect(absolute.verdict == RunVerdict(GateVerdict.combine((baseline.objectives + candidate.objectives).map { ($0.verdict, $0.key) })))

        // Twice as slow is far past 1.10 on the point ratio; without an interval it is still no fail.
        candidate.objectives.append(RunResult.ObjectiveRecord(
            objective: "latency.p99 <= baseline * 1.1", figure: "latency.p99", unit: "ratio", comparator: "<=", threshold: 1.1,
            warnThreshold: nil, key: false, measured: nil, samples: 0, margin: nil, verdict: .fail, reason: nil))
        let relative = try #require(Self.compare(baseline, candidate).objectives.first { $0.relative })
        #expect(relative.verdict == .inconclusive && relative.lower == nil && relative.candidate == "after")
        #expect(relative.reason?.hasPrefix("unpaired:") == true)
        #expect(Self.compare(baseline, candidate).verdict != .pass)
    }

    /// An interrupted report's figures are partial: never a pass.
    @Test func aPartialReportIsNeverAPass() throws {
        let baseline = SyntheticRun.result(Self.items, segment: nil)
        var candidate = baseline
        candidate.summary.interrupted = true
        let result = Self.compare(baseline, candidate)
        #expect(result.verdict == .fail)
        #expect(result.unpaired?.warnings.contains { $0.hasPrefix("after was interrupted") } == true)
    }
}

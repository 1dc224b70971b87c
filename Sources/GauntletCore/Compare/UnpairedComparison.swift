import Foundation

/// Two saved run reports compared unpaired (`gauntlet compare a.json b.json`): whole-run figures
/// only, the first run the baseline. Pure: the reports are read elsewhere.
///
/// The runs happened at different times, so whatever drifted between them (the machine, the
/// network, the target's neighbours) is in every difference, and one run per side gives no way to
/// estimate how much: there is no pair to cancel it and no replicate to measure it. Hence:
/// - latency percentiles (of successful requests) and throughput: the ratio candidate ÷ baseline
///   with no interval and the call `inconclusive`. A per-request interval (a percentile's
///   order-statistic interval, say) would treat serially correlated latencies as independent and
///   leave out the run-to-run variance, which is the larger part: it would invent significance.
/// - error rate and accuracy: the difference of two independent proportions with Newcombe's
///   interval (``IndependentProportionDifference``), accuracy over distinct labelled rows. It
///   covers the sampling of requests or rows, not drift (docs/comparison.md).
/// - objectives: each report's absolute verdicts as saved; a relative one is inconclusive, since
///   relative objectives are judged on a paired interval's bound, never on a point estimate.
public struct UnpairedComparison: Sendable {
    /// One saved run: the name it is shown under, the file it came from, and what it holds.
    public struct Run: Sendable {
        public var name: String
        public var file: String
        public var result: RunResult

        public init(name: String, file: String, result: RunResult) {
            self.name = name
            self.file = file
            self.result = result
        }
    }

    public static let mode = "unpaired"
    /// The whole-run percentiles compared, with the percentile each reads.
    static let latencyFigures: [(figure: String, percentile: Double)] = [
        ("latency.p50", 50), ("latency.p95", 95), ("latency.p99", 99), ("latency.p99.9", 99.9),
    ]
    static let noInterval = "unpaired: no interval; drift not cancelled"
    /// What Newcombe's interval for independent proportions assumes, and leaves out.
    static let errorRateNote = "Newcombe's interval for independent proportions, each request taken as an independent draw:"
        + " failures in bursts make it too narrow; drift between the runs is not cancelled"
    static let accuracyNote = "Newcombe's interval for independent proportions over distinct rows (each by its most frequent"
        + " answer) taken as independent draws; drift between the runs is not cancelled"

    public let result: CompareResult

    public init(baseline: Run, candidate: Run, environment: RunResult.EnvironmentInfo) {
        var comparisons = Self.latencyFigures.map { Self.latency($0.figure, percentile: $0.percentile, baseline, candidate) }
        comparisons.append(Self.throughput(baseline, candidate))
        comparisons.append(Self.errorRate(baseline, candidate))
        if let accuracy = Self.accuracy(baseline, candidate) { comparisons.append(accuracy) }

        let objectives = Self.objectives(of: baseline, isBaseline: true) + Self.objectives(of: candidate, isBaseline: false)
        var verdict = objectives.isEmpty ? RunVerdict.none : RunVerdict(GateVerdict.combine(objectives.map { ($0.verdict, $0.key) }))
        // Partial data is never a pass, as for `merge`.
        if [baseline, candidate].contains(where: { Self.isPartial($0.result) }), verdict != .fail, verdict != .inconclusive {
            verdict = .fail
        }

        let digests = (baseline.result.schedule, candidate.result.schedule)
        let sameSchedule = digests.0.flatMap { a in digests.1.map { a == $0 } }
        var result = CompareResult(
            scenario: baseline.result.scenario, environment: environment, mode: Self.mode, blocks: [],
            candidates: [Self.candidate(baseline, isBaseline: true), Self.candidate(candidate, isBaseline: false)],
            comparisons: comparisons, quality: [], objectives: objectives, verdict: verdict)
        result.unpaired = UnpairedNotes(sameSchedule: sameSchedule, warnings: Self.warnings(baseline, candidate))
        self.result = result
    }

    static func candidate(_ run: Run, isBaseline: Bool) -> CompareResult.CandidateResult {
        // A run report keeps the schedule's digest, not the traffic digest (which adds the data
        // rows): the traffic digest stays empty, and `unpaired.sameSchedule` says what is known.
        CompareResult.CandidateResult(
            name: run.name, baseline: isBaseline, target: run.result.scenario?.target ?? run.result.summary.plan.url,
            traffic: TrafficDigest(), result: run.result, blocks: [], report: run.file)
    }

    // MARK: Figures

    /// Successful requests' latency, as scenario comparisons compare it.
    static func successLatency(_ result: RunResult) -> LatencyFigures { result.summary.comparedLatency }

    static func latency(_ figure: String, percentile: Double, _ a: Run, _ b: Run) -> CompareResult.FigureComparison {
        let samples = (successLatency(a.result).count, successLatency(b.result).count)
        var note = noInterval
        // Below 1/(1 − q) values the percentile is the slowest request: say so rather than let it pass for a tail estimate.
        let needed = UInt64((100 / (100 - percentile)).rounded())
        let short = [(a.name, samples.0), (b.name, samples.1)].filter { $0.1 > 0 && $0.1 < needed }.map(\.0)
        if !short.isEmpty {
            note += "; with fewer than \(needed) successful requests (\(short.joined(separator: ", "))) it is the slowest one"
        }
        return ratio(figure, a, b, samples: samples, note: note)
    }

    static func throughput(_ a: Run, _ b: Run) -> CompareResult.FigureComparison {
        ratio("throughput", a, b, samples: (a.result.summary.requests.ok, b.result.summary.requests.ok), note: noInterval)
    }

    /// The point ratio b ÷ a of a whole-run figure: no interval, so no call.
    static func ratio(_ figure: String, _ a: Run, _ b: Run, samples: (UInt64, UInt64), note: String) -> CompareResult.FigureComparison {
        let pooled = (ComparisonAnalysis.pooled(figure, a.result), ComparisonAnalysis.pooled(figure, b.result))
        let measured = samples.0 > 0 && samples.1 > 0 && pooled.0 > 0
        return CompareResult.FigureComparison(
            figure: figure, candidate: b.name, kind: .ratio, pairs: 0, estimate: measured ? pooled.1 / pooled.0 : .nan,
            lower: nil, upper: nil, pValue: nil, adjustedPValue: nil, call: .inconclusive, baselinePooled: pooled.0,
            candidatePooled: pooled.1, baselineSamples: samples.0, candidateSamples: samples.1, note: note)
    }

    static func errorRate(_ a: Run, _ b: Run) -> CompareResult.FigureComparison {
        let requestsA = a.result.summary.requests, requestsB = b.result.summary.requests
        return proportion(
            "error_rate", candidate: b.name, a: (requestsA.errors, requestsA.completed), b: (requestsB.errors, requestsB.completed),
            note: errorRateNote)
    }

    /// Accuracy over distinct labelled rows; nil when either run had no labels.
    static func accuracy(_ a: Run, _ b: Run) -> CompareResult.FigureComparison? {
        guard let qualityA = a.result.quality, let qualityB = b.result.quality else { return nil }
        guard let rowsA = qualityA.confusion.distinctRowsRight, let rowsB = qualityB.confusion.distinctRowsRight else {
            return CompareResult.FigureComparison(
                figure: "accuracy", candidate: b.name, kind: .difference, pairs: 0, estimate: qualityB.accuracy - qualityA.accuracy,
                lower: nil, upper: nil, pValue: nil, adjustedPValue: nil, call: .inconclusive, baselinePooled: qualityA.accuracy,
                candidatePooled: qualityB.accuracy, baselineSamples: qualityA.predictions, candidateSamples: qualityB.predictions,
                note: "no interval: a report without its rows counts repeated rows as evidence; drift not cancelled")
        }
        return proportion(
            "accuracy", candidate: b.name, a: (rowsA.right, rowsA.rows), b: (rowsB.right, rowsB.rows),
            note: accuracyNote)
    }

    static func proportion(
        _ figure: String, candidate: String, a: (count: UInt64, of: UInt64), b: (count: UInt64, of: UInt64), note: String
    ) -> CompareResult.FigureComparison {
        let share = { (part: (count: UInt64, of: UInt64)) in part.of == 0 ? Double.nan : Double(part.count) / Double(part.of) }
        let difference = IndependentProportionDifference(successesA: a.count, of: a.of, successesB: b.count, of: b.of)
        return CompareResult.FigureComparison(
            figure: figure, candidate: candidate, kind: .difference, pairs: 0, estimate: difference?.estimate ?? .nan,
            lower: difference?.interval.lowerBound, upper: difference?.interval.upperBound, pValue: nil, adjustedPValue: nil,
            call: ComparisonAnalysis.call(figure, interval: difference?.interval, neutral: 0), baselinePooled: share(a),
            candidatePooled: share(b), baselineSamples: a.of, candidateSamples: b.of, note: note)
    }

    // MARK: Objectives

    static let relativeReason = "unpaired: a relative objective is judged on a paired interval's bound, which two separate runs"
        + " do not have; drift between them is not cancelled"

    /// A report's own absolute verdicts, as it saved them; a relative objective (possible only in
    /// a hand-made report: `run` refuses them) is inconclusive, and only the candidate's is kept.
    static func objectives(of run: Run, isBaseline: Bool) -> [CompareResult.ObjectiveRecord] {
        run.result.objectives.compactMap { saved in
            let relative = (try? ObjectiveParser.parse(saved.objective))?.baseline != nil
            if relative && isBaseline { return nil }
            return CompareResult.ObjectiveRecord(
                objective: saved.objective, candidate: run.name, relative: relative, key: saved.key,
                unit: saved.unit, measured: relative ? nil : saved.measured, lower: nil, upper: nil, threshold: saved.threshold,
                samples: relative ? 0 : saved.samples, verdict: relative ? .inconclusive : saved.verdict,
                reason: relative ? relativeReason : saved.reason)
        }
    }

    static func isPartial(_ result: RunResult) -> Bool { result.summary.interrupted || result.aborted != nil }
}

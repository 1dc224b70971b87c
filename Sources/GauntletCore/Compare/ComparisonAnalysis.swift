import Foundation

/// The statistics of a comparison, from what was measured: each candidate's figures block by
/// block, its pooled whole-run figures and its quality counts. Pure: no sockets, no clock.
///
/// - Latency percentiles (of successful requests: a candidate that fails fast must not look
///   faster; its failures are in the error rate) and throughput: the ratio candidate ÷ baseline over the block pairs
///   (Hodges–Lehmann of the log ratios, exact signed-rank interval); error rate: the difference.
/// - Quality: McNemar and the paired accuracy difference on the same distinct labelled rows.
/// - Holm's adjustment over every significance claim in the report.
/// - Absolute objectives judged on each candidate's pooled figures; relative ones on the
///   interval's bound, never on the point estimate.
public struct ComparisonAnalysis: Sendable {
    public struct CandidateMeasurements: Sendable {
        public var name: String
        public var baseline: Bool
        public var blocks: [CompareResult.BlockFigures]
        /// Its blocks pooled, as a run result (figures, histograms, quality).
        public var pooled: RunResult
        public var quality: QualityCounts

        public init(name: String, baseline: Bool, blocks: [CompareResult.BlockFigures], pooled: RunResult, quality: QualityCounts) {
            self.name = name
            self.baseline = baseline
            self.blocks = blocks
            self.pooled = pooled
            self.quality = quality
        }
    }

    /// The significance level of the report's claims (after Holm's adjustment).
    public static let alpha = 0.05
    /// The figures compared block by block, as ratios.
    static let ratioFigures = ["latency.p50", "latency.p95", "latency.p99", "throughput"]
    /// With generative answers, these too: each only where both candidates' blocks have them.
    public static let tokenRatioFigures = [
        "ttft.p50", "ttft.p95", "ttft.p99", "itl.p50", "itl.p95", "itl.p99", "tpot.p50", "tpot.p99", "output_tokens_per_second", "goodput",
    ]

    public var comparisons: [CompareResult.FigureComparison] = []
    public var quality: [CompareResult.QualityComparison] = []
    public var objectives: [CompareResult.ObjectiveRecord] = []
    public var verdict: RunVerdict = .none

    public init(candidates: [CandidateMeasurements], objectives: [Objective]) {
        guard let baseline = candidates.first(where: \.baseline) else { preconditionFailure("a comparison has a baseline") }
        let others = candidates.filter { !$0.baseline }
        // One request's figures are compared only when a relative objective asks for them: each is
        // one more claim for Holm's adjustment.
        let scopes = Self.scopedFigures(objectives)
        for candidate in others {
            let pairs = Self.pairs(baseline.blocks, candidate.blocks)
            let tokens = pairs.contains { $0.0.tokens != nil && $0.1.tokens != nil }
            for figure in Self.ratioFigures + (tokens ? Self.tokenRatioFigures : []) {
                let a = pairs.map { Self.value(figure, $0.0) }, b = pairs.map { Self.value(figure, $0.1) }
                comparisons.append(Self.ratio(figure, candidate: candidate.name, a, b,
                    pooled: (Self.pooled(figure, baseline.pooled), Self.pooled(figure, candidate.pooled))))
            }
            let errorA = pairs.map { $0.0.errorRate }, errorB = pairs.map { $0.1.errorRate }
            comparisons.append(Self.difference("error_rate", candidate: candidate.name, errorA, errorB,
                pooled: (Self.pooled("error_rate", baseline.pooled), Self.pooled("error_rate", candidate.pooled))))
            for (scope, figure) in scopes {
                comparisons.append(Self.scoped(figure, of: scope, candidate: candidate.name, pairs: pairs, baseline: baseline.pooled,
                    candidatePooled: candidate.pooled))
            }
            let paired = PairedQuality(baseline: baseline.quality, candidate: candidate.quality)
            if paired.correctness.rows > 0 {
                let test = McNemarTest(paired.correctness)
                let difference = PairedProportionDifference(paired.correctness)
                quality.append(CompareResult.QualityComparison(
                    candidate: candidate.name, paired: paired, mcnemarPValue: test.pValue, mcnemarMethod: test.method.rawValue,
                    adjustedPValue: nil, difference: difference?.estimate, lower: difference?.interval.lowerBound,
                    upper: difference?.interval.upperBound))
            }
        }
        adjustForMultipleClaims()
        judge(objectives, baseline: baseline, candidates: candidates)
    }

    /// Block k of the baseline with block k of the candidate.
    static func pairs(_ a: [CompareResult.BlockFigures], _ b: [CompareResult.BlockFigures])
        -> [(CompareResult.BlockFigures, CompareResult.BlockFigures)]
    {
        let byBlock = Dictionary(b.map { ($0.block, $0) }, uniquingKeysWith: { first, _ in first })
        return a.compactMap { block in byBlock[block.block].map { (block, $0) } }
    }

    /// The (request, figure) pairs relative objectives name, each once, in objective order.
    static func scopedFigures(_ objectives: [Objective]) -> [(scope: String, figure: String)] {
        var seen: [(scope: String, figure: String)] = []
        for objective in objectives where objective.relative != nil {
            guard let scope = objective.expression.scope else { continue }
            let figure = objective.expression.figure
            guard ratioFigures.contains(figure) || tokenRatioFigures.contains(figure) || figure == "error_rate" else { continue }
            if !seen.contains(where: { $0.scope == scope && $0.figure == figure }) { seen.append((scope, figure)) }
        }
        return seen
    }

    /// One request's figure over the block pairs, named as the objective names it (`predict.latency.p99`).
    static func scoped(
        _ figure: String, of scope: String, candidate: String, pairs: [(CompareResult.BlockFigures, CompareResult.BlockFigures)],
        baseline: RunResult, candidatePooled: RunResult
    ) -> CompareResult.FigureComparison {
        let scopedPairs = pairs.compactMap { a, b in a.requests?[scope].flatMap { a in b.requests?[scope].map { (a, $0) } } }
        let name = "\(scope).\(figure)"
        let pooled = (pooled(figure, of: baseline.requests[scope], window: baseline.summary.rate.windowSeconds),
                      pooled(figure, of: candidatePooled.requests[scope], window: candidatePooled.summary.rate.windowSeconds))
        if figure == "error_rate" {
            return difference(name, candidate: candidate, scopedPairs.map { $0.0.errorRate }, scopedPairs.map { $0.1.errorRate }, pooled: pooled)
        }
        return ratio(name, candidate: candidate, scopedPairs.map { value(figure, $0.0) }, scopedPairs.map { value(figure, $0.1) }, pooled: pooled)
    }

    /// One request's pooled figure, as ``pooled(_:_:)`` gives the whole run's.
    static func pooled(_ figure: String, of request: RunResult.RequestFigures?, window: Double) -> Double {
        guard let request else { return .nan }
        let latency = request.comparedLatency
        switch figure {
        case "latency.p50": return latency.p50
        case "latency.p95": return latency.p95
        case "latency.p99": return latency.p99
        case "throughput": return window > 0 ? Double(request.ok) / window : .nan
        case "error_rate": return request.completed == 0 ? 0 : Double(request.errors) / Double(request.completed)
        default:
            return request.tokens.map { tokenValue(figure, ttft: $0.ttft, itl: $0.itl, tpot: $0.tpot,
                                                   perSecond: $0.outputTokensPerSecond, goodput: $0.goodput.perSecond) } ?? .nan
        }
    }

    static func value(_ figure: String, _ block: CompareResult.BlockFigures) -> Double {
        switch figure {
        case "latency.p50": block.latency.p50
        case "latency.p95": block.latency.p95
        case "latency.p99": block.latency.p99
        case "throughput": block.throughput
        default: block.tokens.map { tokenValue(figure, ttft: $0.ttft, itl: $0.itl, tpot: $0.tpot,
                                                 perSecond: $0.outputTokensPerSecond, goodput: $0.goodput) } ?? .nan
        }
    }

    /// A token figure's value from its parts; NaN for a figure that is not one.
    static func tokenValue(
        _ figure: String, ttft: LatencyFigures, itl: LatencyFigures, tpot: LatencyFigures, perSecond: Double, goodput: Double
    ) -> Double {
        func statistic(_ figures: LatencyFigures, _ name: Substring) -> Double {
            // A block without answers has no percentile: no pair is formed from it.
            guard figures.count > 0 else { return .nan }
            switch name {
            case "p50": return figures.p50
            case "p95": return figures.p95
            case "p99": return figures.p99
            default: return .nan
            }
        }
        let parts = figure.split(separator: ".", maxSplits: 1)
        switch (parts.first, parts.count) {
        case ("ttft", 2): return statistic(ttft, parts[1])
        case ("itl", 2): return statistic(itl, parts[1])
        case ("tpot", 2): return statistic(tpot, parts[1])
        case ("output_tokens_per_second", 1): return perSecond
        case ("goodput", 1): return goodput
        default: return .nan
        }
    }

    static func pooled(_ figure: String, _ result: RunResult) -> Double {
        let summary = result.summary
        // Successful requests, as the blocks are compared (see BlockFigures.latency).
        let latency = summary.comparedLatency
        switch figure {
        case "latency.p50": return latency.p50
        case "latency.p95": return latency.p95
        case "latency.p99": return latency.p99
        case "latency.p99.9": return latency.p999
        case "throughput": return summary.rate.successful
        case "error_rate":
            return summary.requests.completed == 0 ? 0 : Double(summary.requests.errors) / Double(summary.requests.completed)
        default:
            return summary.tokens.map { tokenValue(figure, ttft: $0.ttft, itl: $0.itl, tpot: $0.tpot,
                                                   perSecond: $0.outputTokensPerSecond, goodput: $0.goodput.perSecond) } ?? .nan
        }
    }

    /// Lower is better for latency and errors, higher for throughput and accuracy.
    static func lowerIsBetter(_ figure: String) -> Bool {
        let figure = CompareResult.unscoped(figure)
        return !["throughput", "accuracy", "output_tokens_per_second", "goodput"].contains(figure)
    }

    static func ratio(
        _ figure: String, candidate: String, _ a: [Double], _ b: [Double], pooled: (Double, Double)
    ) -> CompareResult.FigureComparison {
        guard let estimate = PairedRatioEstimate(baseline: a, candidate: b) else {
            return CompareResult.FigureComparison(
                figure: figure, candidate: candidate, kind: .ratio, pairs: a.count, estimate: .nan, lower: nil, upper: nil,
                pValue: nil, adjustedPValue: nil, call: .inconclusive, baselinePooled: pooled.0, candidatePooled: pooled.1)
        }
        return CompareResult.FigureComparison(
            figure: figure, candidate: candidate, kind: .ratio, pairs: estimate.pairs, estimate: estimate.ratio,
            lower: estimate.interval?.lowerBound, upper: estimate.interval?.upperBound, pValue: estimate.pValue,
            adjustedPValue: nil, call: call(figure, interval: estimate.interval, neutral: 1), baselinePooled: pooled.0,
            candidatePooled: pooled.1,
            spread: PairedRatioSampleSize.robustSpread(zip(a, b).map { log($1 / $0) }))
    }

    static func difference(
        _ figure: String, candidate: String, _ a: [Double], _ b: [Double], pooled: (Double, Double)
    ) -> CompareResult.FigureComparison {
        let differences = zip(a, b).map { $1 - $0 }
        guard let estimate = HodgesLehmannEstimate(differences) else {
            return CompareResult.FigureComparison(
                figure: figure, candidate: candidate, kind: .difference, pairs: a.count, estimate: .nan, lower: nil,
                upper: nil, pValue: nil, adjustedPValue: nil, call: .inconclusive, baselinePooled: pooled.0,
                candidatePooled: pooled.1)
        }
        return CompareResult.FigureComparison(
            figure: figure, candidate: candidate, kind: .difference, pairs: differences.count, estimate: estimate.estimate,
            lower: estimate.interval?.lowerBound, upper: estimate.interval?.upperBound,
            pValue: WilcoxonSignedRankTest(differences).pValue, adjustedPValue: nil,
            call: call(figure, interval: estimate.interval, neutral: 0, touchingCounts: true), baselinePooled: pooled.0,
            candidatePooled: pooled.1)
    }

    /// Better or worse when the interval lies on one side of `neutral`; `~` when it holds it. For a
    /// difference (error rate), an interval that only touches 0 at an end counts as one side: blocks
    /// where neither candidate failed give differences of exactly 0, which put the bound there however
    /// clear the rest is, and the signed-rank test (zeros dropped) then decides through Holm. A
    /// ratio keeps the plain rule: tied histogram percentiles can put its bound on exactly 1 too,
    /// and there a bound on 1 means what it says.
    static func call(
        _ figure: String, interval: ClosedRange<Double>?, neutral: Double, touchingCounts: Bool = false
    ) -> CompareResult.FigureComparison.Call {
        guard let interval else { return .inconclusive }
        let holds = touchingCounts
            ? (interval.lowerBound < neutral && neutral < interval.upperBound) || (interval.lowerBound == neutral && interval.upperBound == neutral)
            : interval.contains(neutral)
        if holds { return .same }
        let above = interval.lowerBound >= neutral
        return above == lowerIsBetter(figure) ? .worse : .better
    }

    /// Holm–Bonferroni over every p-value the report states; a call of better or worse that does
    /// not survive the adjustment becomes `~`.
    mutating func adjustForMultipleClaims() {
        let figureIndices = comparisons.indices.filter { comparisons[$0].pValue != nil }
        let pValues = figureIndices.map { comparisons[$0].pValue! } + quality.map(\.mcnemarPValue)
        guard !pValues.isEmpty else { return }
        let holm = HolmBonferroni(pValues: pValues, alpha: Self.alpha)
        for (position, index) in figureIndices.enumerated() {
            comparisons[index].adjustedPValue = holm.adjusted[position]
            if !holm.rejected[position], comparisons[index].call == .better || comparisons[index].call == .worse {
                comparisons[index].call = .same
            }
        }
        for index in quality.indices { quality[index].adjustedPValue = holm.adjusted[figureIndices.count + index] }
    }

    /// Absolute objectives on every candidate's pooled figures; relative ones on each
    /// non-baseline candidate's interval against the baseline.
    mutating func judge(_ objectives: [Objective], baseline: CandidateMeasurements, candidates: [CandidateMeasurements]) {
        var weighed: [(verdict: GateVerdict, key: Bool)] = []
        for objective in objectives {
            if let relative = objective.relative {
                for candidate in candidates where !candidate.baseline {
                    let record = judgeRelative(objective, relative, candidate: candidate.name)
                    self.objectives.append(record)
                    weighed.append((record.verdict, objective.key))
                }
            } else {
                for candidate in candidates {
                    let table = FigureTable(result: candidate.pooled)
                    let result = ObjectiveEvaluator.evaluate(objective, against: table)
                    self.objectives.append(CompareResult.ObjectiveRecord(
                        objective: objective.expression.description, candidate: candidate.name, relative: false,
                        key: objective.key, unit: objective.definition.kind.unit, measured: result.measured, lower: nil, upper: nil, threshold: objective.threshold,
                        samples: result.samples, verdict: result.verdict, reason: result.reason))
                    weighed.append((result.verdict, objective.key))
                }
            }
        }
        verdict = weighed.isEmpty ? .none : RunVerdict(GateVerdict.combine(weighed))
    }

    func judgeRelative(_ objective: Objective, _ relative: RelativeThreshold, candidate: String) -> CompareResult.ObjectiveRecord {
        let expression = objective.expression
        let rule: RelativeObjective
        switch relative {
        case .ratio(let factor): rule = RelativeObjective(expression.comparator, .factor(factor))
        case .offset(let offset): rule = RelativeObjective(expression.comparator, .offset(offset))
        }
        func record(_ estimate: Double?, _ interval: ClosedRange<Double>?, samples: Int, reason: String?) -> CompareResult.ObjectiveRecord {
            let verdict = rule.verdict(on: interval)
            return CompareResult.ObjectiveRecord(
                objective: expression.description, candidate: candidate, relative: true, key: objective.key,
                unit: { if case .ratio = relative { "ratio" } else { objective.definition.kind.unit } }(), measured: estimate,
                lower: interval?.lowerBound, upper: interval?.upperBound, threshold: rule.threshold, samples: UInt64(samples),
                verdict: verdict == .pass ? .pass : verdict == .fail ? .fail : .inconclusive,
                reason: interval == nil ? (reason ?? "no interval: too few pairs") : reason)
        }
        let figure = expression.qualifiedFigure
        if expression.figure == "accuracy" {
            guard case .offset = relative, let comparison = quality.first(where: { $0.candidate == candidate }),
                  let estimate = comparison.difference, let low = comparison.lower, let high = comparison.upper
            else {
                return record(nil, nil, samples: 0, reason: "judged on the paired accuracy difference: write it as baseline ± a margin, with labelled data")
            }
            return record(estimate, low...high, samples: comparison.paired.correctness.rows,
                reason: Self.rowsNote(comparison.paired.correctness, margin: relative.amount))
        }
        let wantsRatio: Bool = if case .ratio = relative { true } else { false }
        guard let comparison = comparisons.first(where: { $0.figure == figure && $0.candidate == candidate }) else {
            return record(nil, nil, samples: 0, reason: "'\(figure)' is not compared block by block; compared are \(Self.ratioFigures.joined(separator: ", ")) and error_rate, of the whole run or of one request, and with generative answers \(Self.tokenRatioFigures.joined(separator: ", "))")
        }
        guard wantsRatio == (comparison.kind == .ratio) else {
            let form = comparison.kind == .ratio ? "baseline * FACTOR" : "baseline ± OFFSET"
            return record(nil, nil, samples: comparison.pairs, reason: "'\(figure)' is compared as a \(comparison.kind.rawValue): write it as \(form)")
        }
        let interval = comparison.lower.flatMap { low in comparison.upper.map { low...$0 } }
        // Only an objective the pairs left undecided needs to hear how many would decide it.
        let undecided = rule.verdict(on: interval) == .inconclusive
        let note = wantsRatio && undecided ? Self.pairsNote(pairs: comparison.pairs, spread: comparison.spread, margin: relative.amount) : nil
        return record(comparison.estimate.isNaN ? nil : comparison.estimate, interval, samples: comparison.pairs, reason: note)
    }
}

extension ComparisonAnalysis {
    /// Says when the distinct rows are too few for McNemar's test to show a difference the size
    /// of the objective's margin with power 0.8 (Connor 1987), at the discordance observed: the
    /// interval then decides, but a reader should know how little the rows can show.
    public static func rowsNote(_ table: PairedCorrectness, margin: Double) -> String? {
        let rows = table.rows, psi = table.discordantRate, delta = abs(margin)
        guard rows > 0, delta > 0 else { return nil }
        let points = { (value: Double) in (value * 100).formatted(fractionDigits: 2) + " pt" }
        guard psi > 0 else { return "no row of the \(rows) was answered right by one and wrong by the other" }
        let smallest = McNemarSampleSize.minimumDetectableDifference(rows: rows, discordantRate: psi)
        if let smallest, smallest <= delta { return nil }
        let needed = McNemarSampleSize(discordantRate: max(psi, delta), difference: delta).map { " (about \($0.rows) rows would)" } ?? ""
        return "\(rows) distinct rows at \((psi * 100).formatted(fractionDigits: 1))% discordant cannot show a \(points(delta)) difference with power 0.8"
            + (smallest.map { "; the smallest they can show is \(points($0))" } ?? "") + needed
    }
}

extension ComparisonAnalysis {
    /// Says when the block pairs are too few, at the pair-to-pair spread seen, for the interval to
    /// keep within a ratio margin with power 0.8 (``PairedRatioSampleSize``): an inconclusive
    /// `latency.p99 <= baseline * 1.10` then says how many pairs would decide it.
    public static func pairsNote(pairs: Int, spread: Double?, margin: Double) -> String? {
        guard let spread, let planner = PairedRatioSampleSize(spread: spread), let needed = planner.pairs(toShow: margin),
              needed > pairs
        else { return nil }
        let percent = { (value: Double) in (value * 100).formatted(fractionDigits: 0) + "%" }
        // A margin below 1 (throughput >= baseline * 0.9) is shown from below: 1 / the ratio above 1.
        let ratio = planner.smallestRatio(pairs: pairs)
        let smallest = margin < 1 ? "\((1 / ratio).formatted(fractionDigits: 2))× (or below)" : "\(ratio.formatted(fractionDigits: 2))× (or above)"
        return "\(pairs) pairs at a pair-to-pair spread of \(percent(spread)) cannot keep within a \(percent(abs(margin - 1))) margin "
            + "with power 0.8; about \(needed) pairs would (more or shorter blocks; mirrored pairs share the host's hiccups and "
            + "need fewer); "
            + "the smallest ratio \(pairs) pairs can show is \(smallest)"
    }
}

extension RelativeThreshold {
    /// The factor or the offset, as written.
    var amount: Double {
        switch self {
        case .ratio(let factor): factor
        case .offset(let offset): offset
        }
    }
}

extension FigureTable {
    /// The figures a saved or pooled result holds, for judging objectives on it.
    public init(result: RunResult) {
        self.init(result.summary)
        add(result.quality)
        if let cost = result.cost {
            self["cost_per_prediction"] = Figure(value: cost.costPerPrediction, samples: cost.predictions)
            self["cost_per_1m_predictions"] = Figure(value: cost.costPerMillionPredictions, samples: cost.predictions)
            if let perMillion = cost.costPerMillionOutputTokens, let tokens = cost.outputTokens {
                self["cost_per_1m_output_tokens"] = Figure(value: perMillion, samples: tokens)
            }
        }
        for (name, figures) in result.requests {
            add(figures.latency, as: "latency", scope: name)
            add(figures.serviceTime, as: "service_time", scope: name)
            addRequests(completed: figures.completed, ok: figures.ok, errors: figures.errors,
                windowSeconds: result.summary.rate.windowSeconds, scope: name)
            add(figures.quality, scope: name)
            if let tokens = figures.tokens { add(tokens, completed: figures.completed, scope: name) }
        }
    }
}

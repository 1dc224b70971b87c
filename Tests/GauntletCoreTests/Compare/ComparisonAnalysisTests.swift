import Foundation
import GauntletCore
import Testing

/// The comparison's statistics from measured blocks: calls, relative objectives on the
/// interval's bound, Holm's adjustment, and absolute objectives per candidate.
@Suite struct ComparisonAnalysisTests {
    static let pooled: RunResult = {
        var generator = Xoshiro256StarStar(seed: 7)
        return SyntheticRun.result(SyntheticRun.items(count: 2_000, generator: &generator), segment: nil)
    }()

    /// Ten blocks whose p99 wanders (drift shared by both members of a pair) around `p99` ms.
    static func blocks(p99 scale: Double, drift: [Double]) -> [CompareResult.BlockFigures] {
        drift.enumerated().map { index, factor in
            var latency = LatencyFigures(LatencyHistogramLayout.make())
            latency.p50 = 1 * factor * scale
            latency.p95 = 3 * factor * scale
            latency.p99 = 5 * factor * scale
            return CompareResult.BlockFigures(
                block: index, position: index % 2, completed: 500, ok: 500, errors: 0, latency: latency, throughput: 100)
        }
    }

    static let drift: [Double] = [1.0, 1.4, 0.9, 1.2, 0.8, 1.1, 1.3, 0.95, 1.05, 1.25]

    static func objective(_ text: String) throws -> Objective {
        try ObjectiveValidator(requestNames: ["predict"], candidates: ["current", "candidate"]).objective(text, warn: nil, key: false)
    }

    static func analysis(candidateScale: Double, jitter: [Double]? = nil, objectives: [String]) throws -> ComparisonAnalysis {
        let candidateDrift = zip(drift, jitter ?? Array(repeating: 1, count: drift.count)).map { $0 * $1 }
        return ComparisonAnalysis(
            candidates: [
                .init(name: "current", baseline: true, blocks: blocks(p99: 1, drift: drift), pooled: pooled, quality: QualityCounts()),
                .init(name: "candidate", baseline: false, blocks: blocks(p99: candidateScale, drift: candidateDrift), pooled: pooled,
                      quality: QualityCounts()),
            ],
            objectives: try objectives.map(objective))
    }

    @Test func aThirtyPercentSlowerCandidateIsWorseAndFailsATenPercentMargin() throws {
        let jitter = [1.02, 0.99, 1.01, 0.98, 1.03, 1.0, 0.97, 1.01, 1.02, 0.99]
        let analysis = try Self.analysis(
            candidateScale: 1.3, jitter: jitter, objectives: ["latency.p99 <= baseline * 1.10", "latency.p99 <= baseline * 1.50"])
        let p99 = try #require(analysis.comparisons.first { $0.figure == "latency.p99" })
        #expect(p99.call == .worse && abs(p99.estimate - 1.3) < 0.03 && p99.pairs == 10)
        #expect(p99.lower! > 1.1 && p99.upper! < 1.5)
        #expect(analysis.objectives.map(\.verdict) == [.fail, .pass])
        #expect(analysis.verdict == .fail)
    }

    @Test func theSameCandidateTwiceIsNoDifferenceAndPassesItsMargin() throws {
        let jitter = [1.02, 0.99, 1.01, 0.98, 1.03, 1.0, 0.97, 1.01, 1.02, 0.99]
        let analysis = try Self.analysis(candidateScale: 1, jitter: jitter, objectives: ["latency.p99 <= baseline * 1.10"])
        #expect(analysis.comparisons.filter { $0.figure.hasPrefix("latency") }.allSatisfy { $0.call == .same })
        #expect(analysis.objectives.first?.verdict == .pass)
        // Every claim carries its Holm-adjusted p-value, never below the raw one.
        for comparison in analysis.comparisons where comparison.pValue != nil {
            #expect(comparison.adjustedPValue! >= comparison.pValue!)
        }
    }

    /// A bound straddling the margin is neither a pass nor a fail.
    @Test func anIntervalAcrossTheMarginIsInconclusive() throws {
        let jitter = [1.3, 0.8, 1.25, 0.85, 1.2, 0.9, 1.35, 0.75, 1.1, 1.0]
        let analysis = try Self.analysis(candidateScale: 1.05, jitter: jitter, objectives: ["latency.p99 <= baseline * 1.10"])
        #expect(analysis.objectives.first?.verdict == .inconclusive)
    }

    /// Absolute objectives apply to every candidate, each on its own pooled figures.
    @Test func absoluteObjectivesAreJudgedForEveryCandidate() throws {
        let analysis = try Self.analysis(candidateScale: 1, objectives: ["requests >= 1"])
        #expect(analysis.objectives.map(\.candidate) == ["current", "candidate"])
        #expect(analysis.objectives.allSatisfy { !$0.relative && $0.verdict == .pass })
    }

    /// An objective on one request is judged on that request's blocks: here `predict` is 30%
    /// slower while the whole run (its other requests) is unchanged, and only the scoped objective fails.
    @Test func aRelativeObjectiveOnOneRequestIsJudgedOnItsBlocks() throws {
        let jitter = [1.02, 0.99, 1.01, 0.98, 1.03, 1.0, 0.97, 1.01, 1.02, 0.99]
        func withPredict(_ blocks: [CompareResult.BlockFigures], scale: Double) -> [CompareResult.BlockFigures] {
            let scaled = Self.blocks(p99: scale, drift: zip(Self.drift, jitter).map { $0 * $1 })
            return zip(blocks, scaled).map { whole, predict in
                var whole = whole
                whole.requests = ["predict": predict]
                return whole
            }
        }
        let analysis = ComparisonAnalysis(
            candidates: [
                .init(name: "current", baseline: true, blocks: withPredict(Self.blocks(p99: 1, drift: Self.drift), scale: 1),
                      pooled: Self.pooled, quality: QualityCounts()),
                .init(name: "candidate", baseline: false, blocks: withPredict(Self.blocks(p99: 1, drift: Self.drift), scale: 1.3),
                      pooled: Self.pooled, quality: QualityCounts()),
            ],
            objectives: [try Self.objective("predict.latency.p99 <= baseline * 1.10"), try Self.objective("latency.p99 <= baseline * 1.10")])
        let scoped = try #require(analysis.comparisons.first { $0.figure == "predict.latency.p99" })
        #expect(scoped.call == .worse && abs(scoped.estimate - 1.3) < 0.03 && scoped.pairs == 10, "\(scoped)")
        #expect(analysis.objectives.map(\.verdict) == [.fail, .pass], "\(analysis.objectives)")
        // Only the figures an objective names are added: one more claim for Holm, not one per request.
        #expect(analysis.comparisons.filter { $0.figure.hasPrefix("predict.") }.count == 1)
    }

    /// A candidate failing every request from block 4 on: the error-rate differences are zero in
    /// four pairs and one in six, so the interval's lower bound sits on zero. That touch is not a
    /// "no difference": the signed-rank test (zeros dropped) calls it, and it survives Holm.
    @Test func errorsFromMidwayOnAreWorseThoughTheIntervalTouchesZero() throws {
        var dying = Self.blocks(p99: 1, drift: Self.drift)
        for index in dying.indices where index >= 4 {
            dying[index].ok = 0
            dying[index].errors = dying[index].completed
            dying[index].latency = LatencyFigures(LatencyHistogramLayout.make())  // no successful request
            dying[index].throughput = 0
        }
        let analysis = ComparisonAnalysis(
            candidates: [
                .init(name: "a", baseline: true, blocks: Self.blocks(p99: 1, drift: Self.drift), pooled: Self.pooled, quality: QualityCounts()),
                .init(name: "b", baseline: false, blocks: dying, pooled: Self.pooled, quality: QualityCounts()),
            ],
            objectives: [])
        let errors = try #require(analysis.comparisons.first { $0.figure == "error_rate" })
        #expect(errors.lower == 0 && errors.upper == 1 && errors.pValue! < 0.05, "\(errors)")
        #expect(errors.call == .worse, "\(errors)")
        // Four pairs with successful requests on both sides are too few for a latency interval.
        #expect(analysis.comparisons.filter { $0.figure != "error_rate" }.allSatisfy { $0.call == .inconclusive })
        // Neither side failing anywhere is no difference, not a one-sided interval.
        let healthy = try Self.analysis(candidateScale: 1, objectives: [])
        #expect(healthy.comparisons.first { $0.figure == "error_rate" }?.call == .same)
    }

    /// Fewer than six pairs give no interval: every call and relative verdict is inconclusive.
    @Test func tooFewPairsAreInconclusive() throws {
        let analysis = ComparisonAnalysis(
            candidates: [
                .init(name: "a", baseline: true, blocks: Array(Self.blocks(p99: 1, drift: Self.drift).prefix(5)), pooled: Self.pooled,
                      quality: QualityCounts()),
                .init(name: "b", baseline: false, blocks: Array(Self.blocks(p99: 2, drift: Self.drift).prefix(5)), pooled: Self.pooled,
                      quality: QualityCounts()),
            ],
            objectives: [try Self.objective("latency.p99 <= baseline * 1.10")])
        #expect(analysis.comparisons.first { $0.figure == "latency.p99" }?.call == .inconclusive)
        #expect(analysis.objectives.first?.verdict == .inconclusive)
        #expect(analysis.objectives.first?.reason?.contains("too few pairs") == true)
    }
}

/// 450 test rows cannot show a 1-point accuracy difference: the report says so.
@Suite struct DistinctRowsNoteTests {
    @Test func fourHundredFiftyRowsCannotShowOnePoint() throws {
        let table = PairedCorrectness(bothRight: 427, onlyA: 6, onlyB: 8, bothWrong: 9)  // 450 rows, 3.1% discordant
        let note = try #require(ComparisonAnalysis.rowsNote(table, margin: -0.01))
        #expect(note.hasPrefix("450 distinct rows at 3.1% discordant cannot show a 1.00 pt difference with power 0.8"), "\(note)")
        #expect(note.contains("rows would"))
        // Thousands of rows can.
        let large = PairedCorrectness(bothRight: 9_490, onlyA: 120, onlyB: 190, bothWrong: 200)
        #expect(ComparisonAnalysis.rowsNote(large, margin: -0.01) == nil)
    }
}

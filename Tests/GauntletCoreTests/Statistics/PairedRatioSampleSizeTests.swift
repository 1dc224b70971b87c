import Foundation
import GauntletCore
import Testing

/// Planning block pairs for a ratio margin: the normal part against statsmodels, the whole (with
/// the signed-rank interval's efficiency) by simulation with the interval Gauntlet really uses.
@Suite struct PairedRatioSampleSizeTests {
    struct Row: Decodable, Sendable, CustomTestStringConvertible {
        let spread: Double, margin: Double, normalPairs: Double
        var testDescription: String { "σ \(spread), margin \(margin)" }
    }

    /// statsmodels' `normal_sample_size_one_tail` gives n before the efficiency; Gauntlet's pairs
    /// are that over 3/π, rounded up, and never fewer than the 6 an interval needs.
    @Test(arguments: try StatisticsReference.cases("ratio-sample-size.json", as: [Row].self))
    func matchesStatsmodels(row: Row) throws {
        let planner = try #require(PairedRatioSampleSize(spread: row.spread))
        let expected = max(6, Int((row.normalPairs / (3 / Double.pi) - 1e-9).rounded(.up)))
        #expect(planner.pairs(toShow: row.margin) == expected)
    }

    /// With no real difference and the pairs it plans for a 10% margin, the signed-rank interval's
    /// upper bound falls below ln 1.1 in about 80% of 400 simulated comparisons (binomial sd 2%).
    @Test func thePlannedPairsKeepWithinTheMarginFourTimesInFive() throws {
        let spread = 0.3
        let planner = try #require(PairedRatioSampleSize(spread: spread))
        let pairs = try #require(planner.pairs(toShow: 1.10))
        var random = SimulationRandom(seed: 11)
        var within = 0
        for _ in 0..<400 {
            let logRatios = (0..<pairs).map { _ in spread * random.normal() }
            let estimate = try #require(HodgesLehmannEstimate(logRatios))
            if let upper = estimate.interval?.upperBound, upper < log(1.10) { within += 1 }
        }
        #expect((0.72...0.88).contains(Double(within) / 400), "\(within) of 400 at \(pairs) pairs")
    }

    /// The smallest ratio 20 pairs can show is found (the interval excludes 1) about 80% of the time.
    @Test func theSmallestShowableRatioIsFoundFourTimesInFive() throws {
        let spread = 0.3
        let planner = try #require(PairedRatioSampleSize(spread: spread))
        let ratio = planner.smallestRatio(pairs: 20)
        var random = SimulationRandom(seed: 12)
        var found = 0
        for _ in 0..<400 {
            let logRatios = (0..<20).map { _ in log(ratio) + spread * random.normal() }
            if let lower = try #require(HodgesLehmannEstimate(logRatios)).interval?.lowerBound, lower > 0 { found += 1 }
        }
        #expect((0.72...0.88).contains(Double(found) / 400), "\(found) of 400 at a ratio of \(ratio)")
    }

    /// One block hit by a hiccup barely moves the robust spread; identical pairs have none.
    @Test func theSpreadIgnoresOneWildPairAndNeedsSome() throws {
        let calm = [0.1, -0.1, 0.05, -0.05, 0.0, 0.08, -0.08, 0.02, -0.02, 0.03]
        let wild = calm.dropLast() + [3.0]
        let calmSpread = try #require(PairedRatioSampleSize.robustSpread(calm))
        let wildSpread = try #require(PairedRatioSampleSize.robustSpread(Array(wild)))
        #expect(wildSpread < calmSpread * 1.5)
        #expect(PairedRatioSampleSize.robustSpread(Array(repeating: 0.2, count: 10)) == nil)
        #expect(PairedRatioSampleSize(spread: 0) == nil)
    }

    /// An inconclusive 10% margin over 10 noisy pairs says how many pairs would decide it.
    @Test func aNoisyDesignSaysHowManyPairsWouldDo() throws {
        let note = try #require(ComparisonAnalysis.pairsNote(pairs: 10, spread: 0.42, margin: 1.10))
        let planned = try #require(PairedRatioSampleSize(spread: 0.42)?.pairs(toShow: 1.10))
        #expect(note.hasPrefix("10 pairs at a pair-to-pair spread of 42% cannot keep within a 10% margin"), "\(note)")
        #expect(note.contains("about \(planned) pairs would"), "\(note)")
        #expect(note.hasSuffix("is 1.46× (or above)"), "\(note)")
        // A margin from below is shown from below.
        #expect(ComparisonAnalysis.pairsNote(pairs: 10, spread: 0.42, margin: 0.9)?.hasSuffix("is 0.68× (or below)") == true)
        #expect(ComparisonAnalysis.pairsNote(pairs: 200, spread: 0.42, margin: 1.10) == nil)
        #expect(ComparisonAnalysis.pairsNote(pairs: 10, spread: nil, margin: 1.10) == nil)
    }
}

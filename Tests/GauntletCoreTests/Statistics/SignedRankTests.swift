import Foundation
import GauntletCore
import Testing

@Suite struct SignedRankTests {
    struct Row: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let baseline: [Double], candidate: [Double], confidence: Double
        let logDifferences: [Double], logEstimate: Double, logInterval: [Double]?, achievedConfidence: Double?
        let intervalMethod: String, ratio: Double, ratioInterval: [Double]?
        let pValue: Double, testMethod: String
        var testDescription: String { name }
    }

    /// Against a brute-force Hodges–Lehmann interval (every Walsh average; the critical value
    /// counted in exact integers) and scipy.stats.wilcoxon's p-values. The Walsh averages are
    /// the same IEEE operations on the same logarithms, so 1e-13 relative only allows `log` to
    /// differ by an ulp between libraries; the achieved coverage is a count over 2ⁿ in both.
    @Test(arguments: try StatisticsReference.cases("signed-rank.json", as: [Row].self))
    func matchesTheReference(row: Row) throws {
        let estimate = try #require(PairedRatioEstimate(baseline: row.baseline, candidate: row.candidate, confidence: row.confidence))
        #expect(estimate.pairs == row.baseline.count)
        #expect(StatisticsReference.close(estimate.ratio, row.ratio, relative: 1e-13))
        #expect(StatisticsReference.close(estimate.logEstimate.estimate, row.logEstimate, relative: 1e-13, absolute: 1e-15))
        #expect(estimate.logEstimate.intervalMethod.rawValue == (row.intervalMethod == "exact" ? "exact" : "normal approximation"))
        if let expected = row.ratioInterval {
            let interval = try #require(estimate.interval)
            #expect(StatisticsReference.close(interval.lowerBound, expected[0], relative: 1e-13))
            #expect(StatisticsReference.close(interval.upperBound, expected[1], relative: 1e-13))
            let achieved = try #require(estimate.logEstimate.achievedConfidence)
            #expect(StatisticsReference.close(achieved, try #require(row.achievedConfidence), relative: 1e-12))
            #expect(achieved >= row.confidence)
        } else {
            #expect(estimate.interval == nil)
            #expect(estimate.logEstimate.achievedConfidence == nil)
        }
        #expect(estimate.test.method == (row.testMethod == "exact" ? .exact : .normalApproximation))
        #expect(StatisticsReference.close(estimate.pValue, row.pValue, relative: 1e-12))
    }

    /// Fewer than 6 pairs cannot reach 95% with a rank interval: 2·2⁻⁵ = 6.25% > 5%.
    @Test(arguments: 1...8)
    func sixPairsAreTheFewestForA95PercentInterval(pairs: Int) throws {
        let baseline = (1...pairs).map { Double($0) }
        let estimate = try #require(PairedRatioEstimate(baseline: baseline, candidate: baseline.map { $0 * 1.5 }))
        #expect((estimate.interval != nil) == (pairs >= 6))
        #expect(estimate.differs == (pairs >= 6))
        #expect(abs(estimate.ratio - 1.5) < 1e-12)
    }

    @Test func theExactDistributionIsTheEnumeratedOne() {
        // n = 4: T⁺ takes 0…10 with counts 1 1 1 2 2 2 2 2 1 1 1 over 16 sign patterns.
        let distribution = SignedRankDistribution(count: 4)
        let counts = [1, 1, 1, 2, 2, 2, 2, 2, 1, 1, 1]
        var running = 0
        for (t, count) in counts.enumerated() {
            running += count
            #expect(distribution.cdf(t) == Double(running) / 16)
        }
        #expect(distribution.cdf(-1) == 0 && distribution.maximum == 10)
        #expect(SignedRankDistribution(count: 0).cdf(0) == 1)
    }

    @Test func nonPositiveFiguresHaveNoRatio() {
        #expect(PairedRatioEstimate(baseline: [1, 2, 0], candidate: [1, 2, 3]) == nil)
        #expect(PairedRatioEstimate(baseline: [], candidate: []) == nil)
        #expect(PairedRatioEstimate(baseline: [1, .infinity], candidate: [1, 2]) == nil)
    }
}

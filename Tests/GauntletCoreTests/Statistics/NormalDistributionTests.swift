import Foundation
import GauntletCore
import Testing

@Suite struct NormalDistributionTests {
    struct CDFRow: Decodable, Sendable, CustomTestStringConvertible {
        let x: Double, cdf: Double, survival: Double
        var testDescription: String { "x = \(x)" }
    }

    struct QuantileRow: Decodable, Sendable, CustomTestStringConvertible {
        let p: Double, quantile: Double
        var testDescription: String { "p = \(p)" }
    }

    struct Cases: Decodable { let cdf: [CDFRow], quantile: [QuantileRow] }

    /// Against scipy.stats.norm.cdf/sf. In the tails Φ's relative condition number is about x²
    /// (d ln Φ/dx ≈ |x|), so rounding x/√2 alone moves Φ(x) by ~x² ulps in any implementation:
    /// at x = −37 we differ from scipy by 2.1e-13 (and from mpmath at 40 digits by 1.0e-13, scipy
    /// by 1.1e-13). 1e-15·max(1, x²) allows about four such roundings.
    @Test(arguments: try StatisticsReference.cases("normal.json", as: Cases.self).cdf)
    func cdfAndSurvivalMatchScipy(row: CDFRow) {
        let tolerance = 1e-15 * max(1, row.x * row.x)
        #expect(StatisticsReference.close(NormalDistribution.cdf(row.x), row.cdf, relative: tolerance))
        #expect(StatisticsReference.close(NormalDistribution.survival(row.x), row.survival, relative: tolerance))
    }

    /// Against scipy.stats.norm.ppf (Cephes ndtri, a different algorithm from AS 241). Both are
    /// within a couple of ulps of the truth (at p = 0.95 one is 1.6 ulps below, the other above),
    /// so 2e-15 relative; at p = ½ the value is 0 in both.
    @Test(arguments: try StatisticsReference.cases("normal.json", as: Cases.self).quantile)
    func quantileMatchesScipy(row: QuantileRow) {
        #expect(StatisticsReference.close(NormalDistribution.quantile(row.p), row.quantile, relative: 2e-15))
    }

    @Test func quantileInvertsTheCDF() {
        for p in stride(from: 0.001, to: 1, by: 0.001) {
            #expect(abs(NormalDistribution.cdf(NormalDistribution.quantile(p)) - p) <= 1e-15 * max(1, p / (1 - p)))
        }
        #expect(NormalDistribution.quantile(0) == -.infinity && NormalDistribution.quantile(1) == .infinity)
        #expect(abs(NormalDistribution.twoSidedCritical(confidence: 0.95) - 1.959963984540054) < 1e-15)
        #expect(abs(NormalDistribution.twoSidedTail(1.959963984540054) - 0.05) < 1e-16)
    }
}

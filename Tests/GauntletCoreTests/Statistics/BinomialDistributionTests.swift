import Foundation
import GauntletCore
import Testing

@Suite struct BinomialDistributionTests {
    struct Row: Decodable, Sendable, CustomTestStringConvertible {
        let k: Int, n: Int, p: Double, pmf: Double, cdf: Double, survival: Double
        var testDescription: String { "k = \(k), n = \(n), p = \(p)" }
    }

    /// Against scipy.stats.binom (Boost's incomplete beta, a different method from summing
    /// Loader's terms). The largest differences, ~5e-13, are scipy's at n = 10⁶ (mpmath at 40
    /// digits puts ours within 3e-16 there) and ours in tails near 1e-160, where the logarithm
    /// of the probability is −370 and its rounding costs ~1e-13. Hence 1e-12 relative.
    @Test(arguments: try StatisticsReference.cases("binomial.json", as: [Row].self))
    func matchesScipy(row: Row) {
        let distribution = BinomialDistribution(trials: row.n, probability: row.p)
        #expect(StatisticsReference.close(distribution.probability(of: row.k), row.pmf, relative: 1e-12))
        #expect(StatisticsReference.close(distribution.cdf(row.k), row.cdf, relative: 1e-12))
        #expect(StatisticsReference.close(distribution.survival(row.k), row.survival, relative: 1e-12))
    }

    @Test func edgesAreExact() {
        let fair = BinomialDistribution(trials: 10, probability: 0.5)
        #expect(fair.cdf(-1) == 0 && fair.cdf(10) == 1 && fair.survival(10) == 0 && fair.survival(-1) == 1)
        #expect(fair.probability(of: 11) == 0 && fair.probability(of: -1) == 0)
        #expect(fair.cdf(0) == 0x1p-10)
        let certain = BinomialDistribution(trials: 5, probability: 1)
        #expect(certain.cdf(4) == 0 && certain.probability(of: 5) == 1)
        let never = BinomialDistribution(trials: 5, probability: 0)
        #expect(never.cdf(0) == 1 && never.survival(0) == 0)
    }
}

import GauntletCore
import Testing

@Suite struct HolmBonferroniTests {
    struct Row: Decodable, Sendable, CustomTestStringConvertible {
        let p: [Double], alpha: Double, adjusted: [Double], rejected: [Bool]
        var testDescription: String { "\(p) at α = \(alpha)" }
    }

    /// Against statsmodels' `multipletests(method="holm")`; products of a p-value and a small
    /// integer, so 1e-15 absolute.
    @Test(arguments: try StatisticsReference.cases("holm.json", as: [Row].self))
    func matchesStatsmodels(row: Row) {
        let holm = HolmBonferroni(pValues: row.p, alpha: row.alpha)
        #expect(holm.adjusted.count == row.adjusted.count)
        for (mine, theirs) in zip(holm.adjusted, row.adjusted) { #expect(abs(mine - theirs) <= 1e-15) }
        #expect(holm.rejected == row.rejected)
    }

    @Test func nothingToAdjust() {
        #expect(HolmBonferroni(pValues: []).adjusted.isEmpty)
        #expect(HolmBonferroni(pValues: [0.03]).adjusted == [0.03])
    }
}

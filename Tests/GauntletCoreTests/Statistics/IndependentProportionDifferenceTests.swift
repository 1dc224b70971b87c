import Foundation
import GauntletCore
import Testing

@Suite struct IndependentProportionDifferenceTests {
    struct Row: Decodable, Sendable, CustomTestStringConvertible {
        let successesA: UInt64, trialsA: UInt64, successesB: UInt64, trialsB: UInt64
        let estimate: Double, newcombe: [Double]
        var testDescription: String { "\(successesA)/\(trialsA) vs \(successesB)/\(trialsB)" }
    }

    /// Against statsmodels' `confint_proportions_2indep(method="newcomb")` (itself checked in the
    /// script against the paper's worked examples and the formula written out): the same formula
    /// in another order of operations, so 1e-12 absolute on values within [−1, 1].
    @Test(arguments: try StatisticsReference.cases("independent-difference.json", as: [Row].self))
    func matchesStatsmodels(row: Row) throws {
        let difference = try #require(IndependentProportionDifference(
            successesA: row.successesA, of: row.trialsA, successesB: row.successesB, of: row.trialsB))
        #expect(abs(difference.estimate - row.estimate) <= 1e-15)
        #expect(abs(difference.interval.lowerBound - row.newcombe[0]) <= 1e-12)
        #expect(abs(difference.interval.upperBound - row.newcombe[1]) <= 1e-12)
    }

    /// Newcombe (1998), Table II, example (a): 56/70 − 48/80 = 0.2000 (0.0524 to 0.3339).
    @Test func reproducesThePublishedExample() throws {
        let example = try #require(IndependentProportionDifference(successesA: 48, of: 80, successesB: 56, of: 70))
        #expect((example.estimate * 1e4).rounded() == 2_000)
        #expect((example.interval.lowerBound * 1e4).rounded() == 524)
        #expect((example.interval.upperBound * 1e4).rounded() == 3_339)
    }

    /// No errors on either side is still an interval, not the point Wald's would collapse to.
    @Test func zeroOfNIsAnIntervalAroundZero() throws {
        let none = try #require(IndependentProportionDifference(successesA: 0, of: 300, successesB: 0, of: 300))
        #expect(none.estimate == 0 && none.interval.lowerBound < 0 && none.interval.upperBound > 0)
    }

    @Test func noTrialsGiveNoDifference() {
        #expect(IndependentProportionDifference(successesA: 0, of: 0, successesB: 1, of: 2) == nil)
        #expect(IndependentProportionDifference(successesA: 1, of: 2, successesB: 0, of: 0) == nil)
    }
}

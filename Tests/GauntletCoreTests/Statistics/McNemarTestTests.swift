import Foundation
import GauntletCore
import Testing

@Suite struct McNemarTestTests {
    struct Row: Decodable, Sendable, CustomTestStringConvertible {
        let b: Int, c: Int, exact: Bool, statistic: Double, p: Double, note: String?
        var testDescription: String { "b = \(b), c = \(c)" }
    }

    /// Against statsmodels' `mcnemar` (exact below 25 discordant rows, χ² with continuity
    /// correction above), except at b = c above 25, where the fixture records why the correction
    /// clamps at zero. 1e-12 relative: both sides compute the same binomial sum or χ² tail.
    @Test(arguments: try StatisticsReference.cases("mcnemar.json", as: [Row].self))
    func matchesStatsmodels(row: Row) {
        let test = McNemarTest(onlyA: row.b, onlyB: row.c)
        #expect(test.method == (row.exact ? .exactBinomial : .chiSquaredWithContinuityCorrection))
        #expect(StatisticsReference.close(test.statistic, row.statistic, relative: 1e-12))
        #expect(StatisticsReference.close(test.pValue, row.p, relative: 1e-12))
    }

    @Test func theSwitchIsAt25DiscordantRowsAndNoDiscordanceIsNoEvidence() {
        #expect(McNemarTest(onlyA: 12, onlyB: 12).method == .exactBinomial)
        #expect(McNemarTest(onlyA: 12, onlyB: 13).method == .chiSquaredWithContinuityCorrection)
        let none = McNemarTest(PairedCorrectness(bothRight: 400, onlyA: 0, onlyB: 0, bothWrong: 50))
        #expect(none.pValue == 1 && none.method == .exactBinomial)
        // Symmetric in A and B.
        #expect(McNemarTest(onlyA: 3, onlyB: 11).pValue == McNemarTest(onlyA: 11, onlyB: 3).pValue)
        #expect(McNemarTest(onlyA: 40, onlyB: 80).pValue == McNemarTest(onlyA: 80, onlyB: 40).pValue)
    }
}

import Foundation
import GauntletCore
import Testing

@Suite struct PairedProportionDifferenceTests {
    struct Row: Decodable, Sendable, CustomTestStringConvertible {
        let bothRight: Int, onlyA: Int, onlyB: Int, bothWrong: Int
        let estimate: Double, newcombe: [Double], wald: [Double]
        var table: PairedCorrectness { PairedCorrectness(bothRight: bothRight, onlyA: onlyA, onlyB: onlyB, bothWrong: bothWrong) }
        var testDescription: String { "a \(bothRight), b \(onlyA), c \(onlyB), d \(bothWrong)" }
    }

    /// Against the script's independent implementation of both intervals (itself checked against
    /// the worked values of Fagerland et al.); the same formulas in another order of operations,
    /// so 1e-12 absolute on values within [−1, 1].
    @Test(arguments: try StatisticsReference.cases("paired-difference.json", as: [Row].self))
    func matchesTheReference(row: Row) throws {
        let newcombe = try #require(PairedProportionDifference(row.table))
        #expect(newcombe.method == .newcombe)
        #expect(abs(newcombe.estimate - row.estimate) <= 1e-15)
        #expect(abs(newcombe.interval.lowerBound - row.newcombe[0]) <= 1e-12)
        #expect(abs(newcombe.interval.upperBound - row.newcombe[1]) <= 1e-12)
        let wald = try #require(PairedProportionDifference(row.table, method: .wald))
        #expect(abs(wald.interval.lowerBound - row.wald[0]) <= 1e-12)
        #expect(abs(wald.interval.upperBound - row.wald[1]) <= 1e-12)
    }

    /// Cavo et al. (2012) as Fagerland, Lydersen & Laake print it (their Δ is ours negated):
    /// −0.0621 (95% CI −0.1186 to −0.0046), so ours is 0.0621 (0.0046 to 0.1186).
    @Test func reproducesThePublishedExample() throws {
        let cavo = try #require(PairedProportionDifference(PairedCorrectness(bothRight: 59, onlyA: 6, onlyB: 16, bothWrong: 80)))
        #expect((cavo.estimate * 1e4).rounded() == 621)
        #expect((cavo.interval.lowerBound * 1e4).rounded() == 46)
        #expect((cavo.interval.upperBound * 1e4).rounded() == 1186)
    }

    @Test func noRowsGiveNoDifference() {
        #expect(PairedProportionDifference(PairedCorrectness(bothRight: 0, onlyA: 0, onlyB: 0, bothWrong: 0)) == nil)
    }
}

import Foundation
import GauntletCore
import Testing

@Suite struct DistributionDistanceTests {
    struct Row: Decodable, Sendable, CustomTestStringConvertible {
        let a: [Double], b: [Double], jensenShannon: Double, psi: Double
        var testDescription: String { "\(a) vs \(b)" }
    }

    /// Jensen–Shannon against scipy's `jensenshannon(base=2)`, PSI against the script's numpy
    /// sum with the same floor. Sums of a few logarithms: 1e-12 absolute, except that a distance
    /// near 0 is the square root of a divergence near 0, where rounding of 1e-16 becomes 1e-8.
    @Test(arguments: try StatisticsReference.cases("distances.json", as: [Row].self))
    func matchesTheReference(row: Row) throws {
        let distance = try #require(JensenShannonDistance.between(row.a, row.b))
        #expect(abs(distance - row.jensenShannon) <= (row.jensenShannon < 1e-6 ? 1e-7 : 1e-12))
        let psi = try #require(PopulationStabilityIndex.between(row.a, row.b))
        #expect(abs(psi - row.psi) <= 1e-12 * max(1, row.psi))
    }

    @Test func tallyAlignsClassesByName() throws {
        let a: [String: UInt64] = ["cat": 50, "dog": 30, "owl": 20]
        let b: [String: UInt64] = ["dog": 35, "cat": 45, "emu": 20]
        // Sorted union of classes: cat, dog, emu, owl.
        let direct = try #require(JensenShannonDistance.between([50, 30, 0, 20], [45, 35, 20, 0]))
        #expect(JensenShannonDistance.between(a, b) == direct)
        #expect(PopulationStabilityIndex.between(a, b) == PopulationStabilityIndex.between([50, 30, 0, 20], [45, 35, 20, 0]))
        #expect(JensenShannonDistance.between(["x": 3], ["y": 4]) == 1)
        #expect(JensenShannonDistance.between(["x": 0], ["x": 4]) == nil)
    }
}

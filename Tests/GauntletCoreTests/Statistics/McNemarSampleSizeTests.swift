import Foundation
import GauntletCore
import Testing

@Suite struct McNemarSampleSizeTests {
    struct Row: Decodable, Sendable, CustomTestStringConvertible {
        let kind: String, discordance: Double, difference: Double, alpha: Double
        let power: Double, rows: Int, exact: Double?
        var testDescription: String { "\(kind): ψ \(discordance), δ \(difference), α \(alpha)" }
    }

    /// Against the script's Connor (1987) with scipy's normal quantiles: 1e-12 relative.
    @Test(arguments: try StatisticsReference.cases("sample-size.json", as: [Row].self))
    func matchesTheReference(row: Row) throws {
        if row.kind == "rows" {
            let size = try #require(McNemarSampleSize(discordantRate: row.discordance, difference: row.difference, alpha: row.alpha, power: row.power))
            #expect(StatisticsReference.close(size.exactRows, try #require(row.exact), relative: 1e-12))
            #expect(size.rows == row.rows)
        } else {
            let power = try #require(McNemarSampleSize.power(rows: row.rows, discordantRate: row.discordance, difference: row.difference, alpha: row.alpha))
            #expect(StatisticsReference.close(power, row.power, relative: 1e-12))
        }
    }

    /// The design's check: ψ = 0.05, δ = 0.01, α = 0.05, power 0.8 → about 3,900 distinct rows,
    /// and 450 rows cannot show a 1-point difference.
    @Test func theDesignDocumentsExample() throws {
        let size = try #require(McNemarSampleSize(discordantRate: 0.05, difference: 0.01))
        #expect(size.rows == 3923)
        #expect(!size.isMet(byRows: 450) && size.isMet(byRows: 3923) && !size.isMet(byRows: 3922))
        let power450 = try #require(McNemarSampleSize.power(rows: 450, discordantRate: 0.05, difference: 0.01))
        #expect(power450 < 0.2)
        // What 450 rows can show instead: about a 3-point difference.
        let smallest = try #require(McNemarSampleSize.minimumDetectableDifference(rows: 450, discordantRate: 0.05))
        #expect(smallest > 0.02 && smallest < 0.04)
        let back = try #require(McNemarSampleSize.power(rows: 450, discordantRate: 0.05, difference: smallest))
        #expect(abs(back - 0.8) < 1e-6)
    }

    @Test func impossibleInputsHaveNoAnswer() {
        #expect(McNemarSampleSize(discordantRate: 0.01, difference: 0.02) == nil)  // |δ| > ψ
        #expect(McNemarSampleSize(discordantRate: 0.05, difference: 0) == nil)
        #expect(McNemarSampleSize.minimumDetectableDifference(rows: 5, discordantRate: 0.01) == nil)
    }
}

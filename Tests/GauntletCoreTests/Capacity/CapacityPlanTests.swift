import GauntletCore
import Testing

/// The plan's arithmetic, row by row: instances = ⌈peak × (1 + headroom) / rate⌉ + spares, and
/// cost per 1M predictions = hourly price × instances × 10⁶ / (3600 × rate served × predictions per request).
@Suite struct CapacityPlanTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var peak: Double
        var average: Double?
        var headroom: Double
        var spares: Int
        var perInstance: Double
        var price: Double
        var predictionsPerRequest = 1
        var instances: Int
        var hourly: Double
        var perMillionAtPeak: Double
        var perMillionAtAverage: Double?
        var testDescription: String { "peak \(peak) headroom \(headroom) spares \(spares) per instance \(perInstance)" }
    }

    static let rows: [Row] = [
        // Exactly divisible: 1,000 × 1.2 / 400 = 3, and the float error of 1.2 must not make it 4.
        Row(peak: 1_000, headroom: 0.2, spares: 0, perInstance: 400, price: 1, instances: 3, hourly: 3,
            perMillionAtPeak: 3 * 1e6 / (3600 * 1_000)),
        // Rounded up: 1,001 × 1.2 / 400 = 3.003 → 4, plus one spare.
        Row(peak: 1_001, average: 300, headroom: 0.2, spares: 1, perInstance: 400, price: 0.9, instances: 5, hourly: 4.5,
            perMillionAtPeak: 4.5 * 1e6 / (3600 * 1_001), perMillionAtAverage: 4.5 * 1e6 / (3600 * 300)),
        // A peak far below one instance still needs one.
        Row(peak: 0.5, headroom: 0, spares: 0, perInstance: 480, price: 2, instances: 1, hourly: 2,
            perMillionAtPeak: 2 * 1e6 / (3600 * 0.5)),
        // Batches of 8 predictions per request: each request carries 8 predictions.
        Row(peak: 2_000, headroom: 0.3, spares: 2, perInstance: 470, price: 3.06, predictionsPerRequest: 8, instances: 8,
            hourly: 8 * 3.06, perMillionAtPeak: 8 * 3.06 * 1e6 / (3600 * 2_000 * 8)),
        // Free instances cost nothing per prediction.
        Row(peak: 100, headroom: 0, spares: 0, perInstance: 100, price: 0, instances: 1, hourly: 0, perMillionAtPeak: 0),
    ]

    @Test(arguments: rows)
    func instancesAndCost(row: Row) throws {
        let plan = try CapacityPlan(
            CapacityPlanInputs(peakRate: row.peak, averageRate: row.average, headroom: row.headroom, spares: row.spares,
                               hourlyPrice: row.price, currency: "EUR", predictionsPerRequest: row.predictionsPerRequest),
            ratePerInstance: row.perInstance)
        #expect(plan.instances == row.instances)
        #expect(plan.instancesForPeak == row.instances - row.spares)
        #expect(abs(plan.hourlyCost - row.hourly) < 1e-9)
        #expect(abs(plan.costPerMillionPredictionsAtPeak - row.perMillionAtPeak) < 1e-9 * max(1, row.perMillionAtPeak))
        if let expected = row.perMillionAtAverage {
            #expect(abs(plan.costPerMillionPredictionsAtAverage! - expected) < 1e-9 * expected)
        } else {
            #expect(plan.costPerMillionPredictionsAtAverage == nil)
        }
        #expect(plan.currency == "EUR")
        #expect(plan.utilisationAtPeak <= 1 / (1 + row.headroom) + 1e-12)
    }

    static let refusals: [(String, CapacityPlanInputs, Double)] = [
        ("zero peak", CapacityPlanInputs(peakRate: 0, hourlyPrice: 1), 400),
        ("huge peak", CapacityPlanInputs(peakRate: 1e9, hourlyPrice: 1), 400),
        ("no passing rate", CapacityPlanInputs(peakRate: 100, hourlyPrice: 1), 0),
        ("average above peak", CapacityPlanInputs(peakRate: 100, averageRate: 200, hourlyPrice: 1), 400),
        ("negative headroom", CapacityPlanInputs(peakRate: 100, headroom: -0.1, hourlyPrice: 1), 400),
    ]

    @Test(arguments: refusals.indices)
    func refused(index: Int) {
        let (name, inputs, perInstance) = Self.refusals[index]
        #expect(throws: CapacityPlan.Refusal.self, "\(name)") { try CapacityPlan(inputs, ratePerInstance: perInstance) }
    }

    @Test func aHugePeakSaysToCheckItsUnit() {
        do {
            _ = try CapacityPlan(CapacityPlanInputs(peakRate: 5e7, hourlyPrice: 1), ratePerInstance: 100)
            Issue.record("a peak needing 500,000 instances was planned")
        } catch {
            #expect(error.description.contains("check the peak's unit"))
        }
    }
}

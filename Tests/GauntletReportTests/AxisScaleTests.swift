import GauntletReport
import Testing

@Suite struct AxisScaleTests {
    @Test(arguments: [
        // (maximum, ticks, upper)
        (13.775, ["0", "5", "10", "15"], 15.0),
        (1.0, ["0", "0.2", "0.4", "0.6", "0.8", "1.0"], 1.0),
        (320.0, ["0", "100", "200", "300", "400"], 400.0),
        (0.037, ["0", "0.01", "0.02", "0.03", "0.04"], 0.04),
        (11.0, ["0", "2.5", "5.0", "7.5", "10.0", "12.5"], 12.5),
        (0.9, ["0", "0.2", "0.4", "0.6", "0.8", "1.0"], 1.0),
        (48_000.0, ["0", "10k", "20k", "30k", "40k", "50k"], 50_000.0),
    ])
    func linearTicksAreRoundNumbers(maximum: Double, ticks: [String], upper: Double) {
        let scale = AxisScale.linear(to: maximum)
        #expect(scale.ticks.map(\.label) == ticks)
        #expect(abs(scale.upper - upper) < 1e-9)
        #expect(scale.lower == 0)
    }

    @Test func countsNeverTickBetweenIntegers() {
        #expect(AxisScale.linear(to: 1, counts: true).ticks.map(\.label) == ["0", "1"])
        #expect(AxisScale.linear(to: 3, counts: true).ticks.map(\.label) == ["0", "1", "2", "3"])
    }

    @Test func logarithmicTicksAreDecades() {
        let short = AxisScale.logarithmic(from: 0.4, to: 30)
        #expect(short.ticks.map(\.label) == ["0.1", "0.3", "1", "3", "10", "30", "100"])
        let narrow = AxisScale.logarithmic(from: 2, to: 30)
        #expect(narrow.ticks.map(\.label) == ["1", "2", "5", "10", "20", "50", "100"])
        let long = AxisScale.logarithmic(from: 0.05, to: 4_000)
        #expect(long.ticks.map(\.label) == ["0.01", "0.1", "1", "10", "100", "1000", "10k"])
        #expect(abs(long.fraction(1) - 2.0 / 6.0) < 1e-12)
    }

    @Test func percentileAxisSpacesTheNinesEvenly() {
        let axis = AxisScale.percentile(nines: 4)
        #expect(axis.ticks.map(\.label) == ["0%", "90%", "99%", "99.9%", "99.99%"])
        #expect(abs(AxisScale.percentilePosition(99) - 2) < 1e-12)
        #expect(abs(AxisScale.percentilePosition(50) - 0.30103) < 1e-5)
        #expect(AxisScale.percentilePosition(100) == .infinity)
    }

    @Test func latencyScaleTurnsLogarithmicForALongTail() {
        let even = ValueScale.forLatency(microseconds: [1_000, 1_200, 1_500, 9_000])
        #expect(even.scale.kind == .linear && even.unit == "ms")
        let tail = ValueScale.forLatency(microseconds: [1_000, 1_100, 1_200, 450_000])
        #expect(tail.scale.kind == .logarithmic)
        let slow = ValueScale.forLatency(microseconds: [2_500_000, 3_000_000])
        #expect(slow.unit == "s" && slow.divisor == 1_000_000)
        // A threshold just above the data stretches the axis to show it; one far above does not.
        #expect(ValueScale.forLatency(microseconds: [1_000, 8_000], thresholdsMilliseconds: [15]).scale.upper >= 15)
        #expect(ValueScale.forLatency(microseconds: [1_000, 8_000], thresholdsMilliseconds: [500]).scale.upper < 50)
    }

    /// Half the points at saturation: the median is among them, yet the low end still needs room.
    @Test func latencyScaleMeasuresTheSpreadFromATypicalValueWhenGiven() {
        let curve: [Double] = [2_000, 2_500, 3_000, 70_000, 75_000, 80_000]
        #expect(ValueScale.forLatency(microseconds: curve).scale.kind == .linear)
        #expect(ValueScale.forLatency(microseconds: curve, typical: 2_000).scale.kind == .logarithmic)
    }
}

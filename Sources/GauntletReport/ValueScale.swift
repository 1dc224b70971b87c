/// Picks the value axis for latency-like figures: milliseconds (seconds past two of them),
/// and a logarithmic scale when the tail is so far above the body that a linear one would
/// flatten everything else into the floor.
package enum ValueScale {
    /// The largest value over a typical one (the median) past which the axis turns logarithmic.
    static let logarithmicSpread = 30.0
    /// A threshold up to this many times the data's maximum stretches the axis to show its rule.
    static let thresholdStretch = 2.5

    /// - Parameters:
    ///   - microseconds: every value the chart draws.
    ///   - thresholdsMilliseconds: rules the chart may draw (objectives, the late-send line).
    ///   - typical: the value (microseconds) the spread is measured from; the median of `values`
    ///     unless given. A curve whose low end matters as much as its high one (latency from low
    ///     load to saturation) passes its lowest value, so that end is not flattened into the floor.
    /// - Returns: the axis in the chosen unit, what divides microseconds into it, and the unit's name.
    package static func forLatency(microseconds values: [Double], thresholdsMilliseconds: [Double] = [], typical: Double? = nil)
        -> (scale: AxisScale, divisor: Double, unit: String)
    {
        let positive = values.filter { $0 > 0 }.sorted()
        let dataMaximum = positive.last ?? 1000
        let shownThresholds = thresholdsMilliseconds.map { $0 * 1000 }.filter { $0 > 0 && $0 <= dataMaximum * thresholdStretch }
        let maximum = max(dataMaximum, shownThresholds.max() ?? 0)
        let (divisor, unit) = maximum >= 2_000_000 ? (1_000_000.0, "s") : (1_000.0, "ms")
        let median = typical ?? (positive.isEmpty ? maximum : positive[positive.count / 2])
        if median > 0 && maximum / median >= logarithmicSpread {
            let minimum = min(positive.first ?? median, shownThresholds.min() ?? .infinity)
            return (.logarithmic(from: minimum / divisor, to: maximum / divisor), divisor, unit)
        }
        return (.linear(to: maximum / divisor), divisor, unit)
    }
}

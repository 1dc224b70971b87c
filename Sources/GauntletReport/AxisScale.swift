import Foundation

/// One axis of a chart: the data range it shows, how values map onto it, and ticks at
/// readable values (1, 2, 5 × 10ⁿ on a linear axis; powers of ten, with 2 and 5 between
/// them when the range is short, on a logarithmic one).
package struct AxisScale: Equatable {
    package enum Kind: Equatable { case linear, logarithmic }

    package struct Tick: Equatable {
        package var value: Double
        package var label: String
    }

    package let kind: Kind
    /// The shown range, in data units (positive on a logarithmic axis).
    package let lower: Double
    package let upper: Double
    package let ticks: [Tick]

    /// Where `value` falls along the axis, from 0 (lower end) to 1 (upper end); values outside
    /// the range land outside 0…1, and a non-positive value on a logarithmic axis lands at 0.
    package func fraction(_ value: Double) -> Double {
        switch kind {
        case .linear:
            return upper == lower ? 0 : (value - lower) / (upper - lower)
        case .logarithmic:
            guard value > 0 else { return 0 }
            return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
        }
    }

    /// A linear axis from `minimum` (0 unless told) up to a round value at or above `maximum`,
    /// with about `targetTicks` intervals.
    /// - Parameter counts: the values are whole counts, so no tick falls between two integers.
    package static func linear(from minimum: Double = 0, to maximum: Double, targetTicks: Int = 5, counts: Bool = false) -> AxisScale {
        let top = maximum > minimum ? maximum : minimum + 1
        var step = niceStep((top - minimum) / Double(max(1, targetTicks)))
        if counts { step = max(1, step.rounded(.up)) }
        let lower = (minimum / step).rounded(.down) * step
        let upper = (top / step - 1e-9).rounded(.up) * step
        var ticks: [Tick] = []
        var index = 0.0
        while lower + index * step <= upper + step * 1e-6 {
            let value = lower + index * step
            ticks.append(Tick(value: value, label: label(value, step: step)))
            index += 1
        }
        return AxisScale(kind: .linear, lower: lower, upper: upper, ticks: ticks)
    }

    /// A logarithmic axis over whole decades around `minimum`…`maximum` (both positive).
    package static func logarithmic(from minimum: Double, to maximum: Double) -> AxisScale {
        let low = pow(10, log10(max(minimum, 1e-9)).rounded(.down))
        var high = pow(10, log10(max(maximum, minimum)).rounded(.up))
        if high <= low { high = low * 10 }
        let decades = Int((log10(high) - log10(low)).rounded())
        let multiples: [Double] = decades <= 2 ? [1, 2, 5] : decades <= 4 ? [1, 3] : [1]
        var ticks: [Tick] = []
        for decade in 0...decades {
            let base = low * pow(10, Double(decade))
            for multiple in multiples where base * multiple <= high * (1 + 1e-9) {
                let value = base * multiple
                ticks.append(Tick(value: value, label: label(value, step: value)))
            }
        }
        return AxisScale(kind: .logarithmic, lower: low, upper: high, ticks: ticks)
    }

    /// The percentile axis of an HdrHistogram plot: x = log₁₀(1 / (1 − p)), so 90%, 99%,
    /// 99.9% … sit one unit apart and the tail gets the room it deserves.
    package static func percentile(nines: Int) -> AxisScale {
        let nines = max(1, nines)
        var ticks = [Tick(value: 0, label: "0%")]
        for nine in 1...nines {
            let percent = 100 - 100 / pow(10, Double(nine))
            ticks.append(Tick(value: Double(nine), label: label(percent, step: 100 / pow(10, Double(nine))) + "%"))
        }
        return AxisScale(kind: .linear, lower: 0, upper: Double(nines), ticks: ticks)
    }

    /// The position of percentile `p` (0–100) on a ``percentile(nines:)`` axis.
    package static func percentilePosition(_ percentile: Double) -> Double {
        let remaining = 1 - percentile / 100
        return remaining <= 0 ? .infinity : log10(1 / remaining)
    }

    /// A step of 1, 2, 2.5 or 5 × 10ⁿ close to `rough`.
    package static func niceStep(_ rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let magnitude = pow(10, log10(rough).rounded(.down))
        let mantissa = rough / magnitude
        let nice: Double = mantissa <= 1 ? 1 : mantissa <= 2 ? 2 : mantissa <= 2.5 ? 2.5 : mantissa <= 5 ? 5 : 10
        return nice * magnitude
    }

    /// A number with up to `digits` decimals and no trailing zeros: `99.99`, `50`.
    package static func compact(_ value: Double, digits: Int = 4) -> String {
        var text = value.formatted(fractionDigits: digits)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// A tick label with as many decimals as the step needs and no more: `0.05`, `2.5`, `1200`, `15k`.
    package static func label(_ value: Double, step: Double) -> String {
        if value == 0 { return "0" }
        if abs(value) >= 10_000 && (value / 1_000).rounded() == value / 1_000 {
            return label(value / 1_000, step: max(1, step / 1_000)) + "k"
        }
        var decimals = 0
        var scaled = abs(step)
        while decimals < 6 && scaled > 0 && (scaled - scaled.rounded()).magnitude > 1e-9 * max(1, scaled) {
            scaled *= 10
            decimals += 1
        }
        var text = value.formatted(fractionDigits: decimals)
        if text.hasPrefix("-") && Double(text) == 0 { text.removeFirst() }
        return text
    }
}

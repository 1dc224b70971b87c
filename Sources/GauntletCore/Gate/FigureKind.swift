/// What a figure measures. The kind fixes the unit of the figure's value and which threshold units
/// fit it, so `latency.p99 < 5%` is refused rather than compared as if it meant something.
public enum FigureKind: String, Sendable, CaseIterable {
    /// A time in milliseconds. Thresholds need a duration unit (`50ms`, `1.5s`): a bare `50` could
    /// mean seconds or milliseconds, and guessing wrong changes an objective a thousandfold.
    case duration
    /// A share from 0 to 1. Thresholds are a percentage (`0.1%`) or a bare fraction (`0.001`).
    case fraction
    /// Per second. Thresholds are `/s`, `/m`, `/h`, or a bare number read as per second.
    case rate
    /// A number of things (requests, errors). Thresholds are bare numbers.
    case count
    /// Currency units of the scenario's cost section. Thresholds are bare numbers.
    case currency

    /// The threshold in this kind's unit, or why it does not fit a figure of this kind.
    /// - Parameter figure: the name shown in the message, e.g. `predict.latency.p99`.
    func value(of threshold: Threshold, figure: String) -> Result<Double, ObjectiveError> {
        let column = threshold.unitColumn ?? threshold.column
        func refuse(_ message: String) -> Result<Double, ObjectiveError> {
            .failure(ObjectiveError(column: column, message: message))
        }
        let value = threshold.value
        switch (self, threshold.unit) {
        case (.duration, .microseconds?): return .success(value / 1_000)
        case (.duration, .milliseconds?): return .success(value)
        case (.duration, .seconds?): return .success(value * 1_000)
        case (.duration, .minutes?): return .success(value * 60_000)
        case (.duration, nil):
            return refuse("'\(figure)' is a duration; give the threshold a unit (us, µs, ms, s or m), e.g. \(threshold.text)ms")
        case (.fraction, nil):
            guard value <= 1 else {
                return refuse("'\(figure)' is a fraction from 0 to 1, and \(threshold.text) is above 1 (did you mean \(threshold.text)%?)")
            }
            return .success(value)
        case (.fraction, .percent?):
            guard value <= 100 else { return refuse("'\(figure)' cannot exceed 100%, and the threshold is \(threshold.text)") }
            return .success(value / 100)
        case (.rate, nil), (.rate, .perSecond?): return .success(value)
        case (.rate, .perMinute?): return .success(value / 60)
        case (.rate, .perHour?): return .success(value / 3_600)
        case (.count, nil), (.currency, nil): return .success(value)
        default:
            let unit = threshold.text.drop { $0.isNumber || $0 == "." || $0.isWhitespace }
            return refuse("unit '\(unit)' does not fit '\(figure)', \(phrase); expected \(expectedUnits)")
        }
    }

    /// The unit a figure of this kind is measured and saved in: `ms`, `fraction`, `per second`,
    /// `count` or `currency`.
    public var unit: String {
        switch self {
        case .duration: "ms"
        case .fraction: "fraction"
        case .rate: "per second"
        case .count: "count"
        case .currency: "currency"
        }
    }

    /// The kind as a phrase, for messages: "a duration".
    var phrase: String {
        switch self {
        case .duration: "a duration"
        case .fraction: "a fraction"
        case .rate: "a rate"
        case .count: "a count"
        case .currency: "a cost in currency units"
        }
    }

    private var expectedUnits: String {
        switch self {
        case .duration: "us, µs, ms, s or m"
        case .fraction: "a percentage (0.1%) or a bare fraction (0.001)"
        case .rate: "/s, /m, /h, or a bare number per second"
        case .count, .currency: "a bare number"
        }
    }
}

import Histogram

/// Every latency-like figure is recorded in microseconds, 1 µs to 1 hour, at three
/// significant digits, so any two histograms of a run (workers, windows, machines) merge exactly.
public typealias LatencyHistogram = Histogram<UInt64>

public enum LatencyHistogramLayout {
    public static let lowestMicroseconds: UInt64 = 1
    public static let highestMicroseconds: UInt64 = 3_600_000_000
    public static let significantDigits: SignificantDigits = .three

    public static func make() -> LatencyHistogram {
        LatencyHistogram(
            lowestDiscernibleValue: lowestMicroseconds,
            highestTrackableValue: highestMicroseconds,
            numberOfSignificantValueDigits: significantDigits)
    }

    /// The per-second series' histograms: two significant digits (values within 1%), so each is
    /// about 27 KB instead of 190 KB. Workers close, merge and read three of them every second,
    /// on the thread that sends; at three digits that took long enough to delay sends.
    /// They only merge with each other; run-wide figures keep `make()`'s three digits.
    public static func makePerSecond() -> LatencyHistogram {
        LatencyHistogram(
            lowestDiscernibleValue: lowestMicroseconds,
            highestTrackableValue: highestMicroseconds,
            numberOfSignificantValueDigits: perSecondSignificantDigits)
    }

    public static let perSecondSignificantDigits: SignificantDigits = .two

    /// Whether `histogram` has the run-wide layout (`perSecond: false`) or the per-second one, so
    /// it merges exactly with the histograms this run records.
    public static func matches(_ histogram: LatencyHistogram, perSecond: Bool = false) -> Bool {
        histogram.lowestDiscernibleValue == lowestMicroseconds
            && histogram.highestTrackableValue >= highestMicroseconds
            && histogram.numberOfSignificantValueDigits == (perSecond ? perSecondSignificantDigits : significantDigits)
    }
}

extension Histogram where Count == UInt64 {
    /// Records a span given in nanoseconds, rounded to the nearest microsecond and
    /// clamped to the trackable range rather than dropped.
    @inlinable
    public mutating func recordNanoseconds(_ nanoseconds: Nanoseconds) {
        let micros = Swift.min((nanoseconds + 500) / 1_000, LatencyHistogramLayout.highestMicroseconds)
        _ = record(micros)
    }
}

extension Histogram where Count == UInt64 {
    /// The value at `percentile` as the highest value of its bucket (HdrHistogram's convention),
    /// not capped at the exact maximum recorded, which the V2 encoding does not keep: so a
    /// figure read from a saved histogram equals the live one.
    public func bucketTop(atPercentile percentile: Double) -> UInt64 {
        highestEquivalentForValue(valueAtPercentile(percentile))
    }
}

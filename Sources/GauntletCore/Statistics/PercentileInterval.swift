/// A distribution-free confidence interval for a percentile, read from a histogram: the order
/// statistics at ranks n·q ∓ z·√(n·q·(1 − q)) (the normal approximation to the binomial count of
/// samples below the true quantile). It needs no assumption about the latency's shape, which is
/// why a capacity step judges `p99 < 20ms` on this interval's upper end rather than on the p99
/// as measured.
public struct PercentileInterval: Sendable, Codable, Equatable {
    /// In milliseconds, as the histogram's figures are read (bucket tops).
    public var value: Double
    public var lower: Double
    public var upper: Double
    public var samples: UInt64

    public init(value: Double, lower: Double, upper: Double, samples: UInt64) {
        self.value = value
        self.lower = lower
        self.upper = upper
        self.samples = samples
    }

    /// Two-sided 95%.
    public static let defaultZ = 1.959963984540054

    /// The 1-based ranks of the interval's ends for `percentile` (0–100) of `samples` values,
    /// clamped to the sample.
    public static func ranks(percentile: Double, samples: UInt64, z: Double = defaultZ) -> (lower: UInt64, upper: UInt64) {
        precondition(samples > 0)
        let n = Double(samples), q = percentile / 100
        let spread = z * (n * q * (1 - q)).squareRoot()
        let lower = max(1, (n * q - spread).rounded(.down))
        let upper = min(n, (n * q + spread).rounded(.up) + 1)
        return (UInt64(lower), UInt64(max(lower, upper)))
    }

    /// The interval of a histogram recorded in microseconds; nil for an empty one.
    public init?(_ histogram: LatencyHistogram, percentile: Double, z: Double = defaultZ) {
        let count = histogram.totalCount
        guard count > 0 else { return nil }
        let (lowerRank, upperRank) = Self.ranks(percentile: percentile, samples: count, z: z)
        func valueAt(rank: UInt64) -> Double {
            Double(histogram.bucketTop(atPercentile: 100 * Double(rank) / Double(count))) / 1_000
        }
        self.init(
            value: Double(histogram.bucketTop(atPercentile: percentile)) / 1_000,
            lower: valueAt(rank: lowerRank), upper: valueAt(rank: upperRank), samples: count)
    }
}

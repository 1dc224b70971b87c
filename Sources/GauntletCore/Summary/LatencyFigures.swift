/// The standard percentiles of one histogram, in milliseconds.
public struct LatencyFigures: Sendable, Codable, Equatable {
    public var count: UInt64
    public var p50: Double
    public var p90: Double
    public var p95: Double
    public var p99: Double
    public var p999: Double
    public var max: Double
    public var mean: Double

    /// The figures shown in every table, in order, with their labels.
    public var shown: [(label: String, milliseconds: Double)] {
        [("p50", p50), ("p90", p90), ("p95", p95), ("p99", p99), ("p99.9", p999), ("max", max)]
    }

    /// Reads the figures from a histogram recorded in microseconds.
    public init(_ histogram: LatencyHistogram) {
        let count = histogram.totalCount
        self.count = count
        func ms(_ percentile: Double) -> Double {
            count == 0 ? 0 : Double(histogram.bucketTop(atPercentile: percentile)) / 1_000
        }
        p50 = ms(50)
        p90 = ms(90)
        p95 = ms(95)
        p99 = ms(99)
        p999 = ms(99.9)
        max = ms(100)
        mean = count == 0 ? 0 : histogram.mean / 1_000
    }
}

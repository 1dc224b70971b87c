import Foundation

/// How much larger B's figure is than A's across block pairs (p99 latency, say), as a ratio
/// with a confidence interval and the number of pairs behind it.
///
/// Each pair k is one block of the same traffic replayed for A and for B back to back, so the
/// drift of the machine between blocks cancels in d_k = ln(q_B,k / q_A,k). The ratio is
/// exp(Hodges–Lehmann estimate of d) and its interval exp(the signed-rank interval of d)
/// (``HodgesLehmannEstimate``); the p-value is Wilcoxon's signed-rank test of d centred on 0
/// (``WilcoxonSignedRankTest``). Pairs, not requests, are the unit: consecutive latencies are
/// correlated, so per-request intervals would be too narrow.
///
/// Fewer than 6 pairs give no 95% interval: the comparison is inconclusive, not "no difference".
public struct PairedRatioEstimate: Sendable, Equatable {
    public let pairs: Int
    /// exp(median of Walsh averages of d): B's figure over A's.
    public let ratio: Double
    /// Nil with too few pairs for the confidence asked for.
    public let interval: ClosedRange<Double>?
    /// The signed-rank test of d, whose p-value goes to Holm–Bonferroni with the other claims.
    public let test: WilcoxonSignedRankTest
    /// The estimate on the log scale, with its method and achieved coverage.
    public let logEstimate: HodgesLehmannEstimate

    /// Nil when there are no pairs or a figure is not a positive finite number (a ratio of
    /// zeros means nothing; compare such figures by their difference).
    public init?(baseline: [Double], candidate: [Double], confidence: Double = 0.95) {
        precondition(baseline.count == candidate.count, "one baseline and one candidate figure per pair")
        guard (baseline + candidate).allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        let differences = zip(baseline, candidate).map { log($1 / $0) }
        guard let estimate = HodgesLehmannEstimate(differences, confidence: confidence) else { return nil }
        pairs = differences.count
        logEstimate = estimate
        ratio = exp(estimate.estimate)
        interval = estimate.interval.map { exp($0.lowerBound)...exp($0.upperBound) }
        test = WilcoxonSignedRankTest(differences)
    }

    public var pValue: Double { test.pValue }

    /// Whether the interval excludes 1, i.e. B's figure differs from A's at this confidence.
    /// False when there is no interval.
    public var differs: Bool { interval.map { !$0.contains(1) } ?? false }
}

import Foundation

/// Wilcoxon's signed-rank test that paired differences are centred on zero, two-sided.
///
/// Zero differences are dropped (Wilcoxon's own rule, scipy's `zero_method="wilcox"`); the rest
/// are ranked by magnitude, tied magnitudes sharing their mean rank, and T⁺ sums the ranks of
/// the positive ones.
/// - Exact, p = min(1, 2·P(T⁺ ≤ min(T⁺, n(n+1)/2 − T⁺))) from ``SignedRankDistribution``, when
///   at most ``exactLimit`` differences remain and none was zero or tied: the exact distribution
///   assumes distinct integer ranks.
/// - Otherwise the normal approximation with the tie correction to the variance and a continuity
///   correction: z = max(0, |T⁺ − μ| − ½)/σ, μ = n(n+1)/4,
///   σ² = n(n+1)(2n+1)/24 − Σ(t³ − t)/48 over groups of t tied magnitudes (scipy's
///   `correction=True`, except that scipy lets |T⁺ − μ| − ½ go negative when |T⁺ − μ| < ½).
/// No non-zero difference is no evidence: p = 1.
public struct WilcoxonSignedRankTest: Sendable, Equatable {
    public enum Method: String, Sendable, Equatable {
        case exact
        case normalApproximation = "normal approximation"
    }

    /// R's and scipy's switch: the exact distribution up to 50 differences.
    public static let exactLimit = 50

    /// Non-zero differences, the n of the test.
    public let count: Int
    /// Zero differences, dropped.
    public let zeros: Int
    /// Whether two non-zero differences had the same magnitude.
    public let hasTies: Bool
    /// T⁺, the sum of the ranks of the positive differences (half-integers with ties).
    public let positiveRankSum: Double
    public let method: Method
    /// The two-sided p-value.
    public let pValue: Double

    public init(_ differences: [Double]) {
        precondition(differences.allSatisfy(\.isFinite), "differences must be finite")
        let nonZero = differences.filter { $0 != 0 }
        count = nonZero.count
        zeros = differences.count - nonZero.count
        let ordered = nonZero.sorted { abs($0) < abs($1) }
        var rankSum = 0.0
        var tieCorrection = 0.0
        var start = 0
        while start < ordered.count {
            var end = start
            while end + 1 < ordered.count && abs(ordered[end + 1]) == abs(ordered[start]) { end += 1 }
            let rank = Double(start + end + 2) / 2  // the mean of the 1-based ranks start+1 … end+1
            rankSum += rank * Double(ordered[start...end].count { $0 > 0 })
            let tied = Double(end - start + 1)
            tieCorrection += tied * tied * tied - tied
            start = end + 1
        }
        positiveRankSum = rankSum
        hasTies = tieCorrection > 0
        let n = count
        if n == 0 {
            method = .exact
            pValue = 1
        } else if n <= Self.exactLimit && !hasTies && zeros == 0 {
            method = .exact
            let t = Int(rankSum)
            let distribution = SignedRankDistribution(count: n)
            pValue = min(1, 2 * distribution.cdf(min(t, distribution.maximum - t)))
        } else {
            method = .normalApproximation
            let size = Double(n)
            let mean = size * (size + 1) / 4
            let variance = size * (size + 1) * (2 * size + 1) / 24 - tieCorrection / 48
            let z = max(0, abs(rankSum - mean) - 0.5) / variance.squareRoot()
            pValue = NormalDistribution.twoSidedTail(z)
        }
    }
}

import Foundation

/// The Hodges–Lehmann estimate of the centre of paired differences, the median of the Walsh
/// averages (dᵢ + dⱼ)/2 over i ≤ j, with the confidence interval that inverts Wilcoxon's
/// signed-rank test (Hollander & Wolfe, Nonparametric Statistical Methods, §3.2).
///
/// With the m = n(n+1)/2 Walsh averages sorted, the interval is [W₍c₎, W₍m+1−c₎] where c is the
/// largest integer with P(T⁺ ≤ c − 1) ≤ (1 − confidence)/2:
/// - exact, from ``SignedRankDistribution``, for n ≤ ``WilcoxonSignedRankTest/exactLimit``; its
///   coverage 1 − 2·P(T⁺ ≤ c − 1) is at least the confidence asked for, and is reported;
/// - above that, c = ⌊m/2 + ½ − z·σ⌋ with σ² = n(n+1)(2n+1)/24 (continuity-corrected normal).
/// When even c = 1 is too wide a tail (n < 6 at 95%: 2·2⁻⁵ > 0.05) there is no interval.
/// The interval is exact for continuous data; ties (equal differences, zeros) leave it the
/// standard interval with approximate coverage. Zeros are kept: they are data about the centre.
public struct HodgesLehmannEstimate: Sendable, Equatable {
    public enum IntervalMethod: String, Sendable, Equatable {
        case exact
        case normalApproximation = "normal approximation"
    }

    public let count: Int
    /// The median of the Walsh averages.
    public let estimate: Double
    /// The confidence asked for.
    public let confidence: Double
    /// Nil when too few values for an interval at this confidence.
    public let interval: ClosedRange<Double>?
    /// The interval's own coverage under the null distribution (exact method: ≥ confidence).
    public let achievedConfidence: Double?
    public let intervalMethod: IntervalMethod

    /// Nil when there are no values.
    public init?(_ values: [Double], confidence: Double = 0.95) {
        guard !values.isEmpty else { return nil }
        precondition(values.allSatisfy(\.isFinite), "values must be finite")
        precondition(confidence > 0 && confidence < 1, "confidence is a probability strictly between 0 and 1")
        let n = values.count
        self.count = n
        self.confidence = confidence
        var walsh: [Double] = []
        walsh.reserveCapacity(n * (n + 1) / 2)
        for i in 0..<n {
            for j in i..<n { walsh.append((values[i] + values[j]) / 2) }
        }
        walsh.sort()
        let m = walsh.count
        estimate = m % 2 == 1 ? walsh[m / 2] : (walsh[m / 2 - 1] + walsh[m / 2]) / 2
        let tail = (1 - confidence) / 2
        let c: Int
        let achieved: Double
        if n <= WilcoxonSignedRankTest.exactLimit {
            intervalMethod = .exact
            let distribution = SignedRankDistribution(count: n)
            var below = 0
            while distribution.cdf(below) <= tail { below += 1 }
            c = below
            achieved = 1 - 2 * distribution.cdf(c - 1)
        } else {
            intervalMethod = .normalApproximation
            let size = Double(n)
            let sigma = (size * (size + 1) * (2 * size + 1) / 24).squareRoot()
            let z = NormalDistribution.twoSidedCritical(confidence: confidence)
            c = Int((Double(m) / 2 + 0.5 - z * sigma).rounded(.down))
            achieved = 1 - 2 * NormalDistribution.cdf((Double(c) - 0.5 - Double(m) / 2) / sigma)
        }
        if c >= 1 {
            interval = walsh[c - 1]...walsh[m - c]
            achievedConfidence = achieved
        } else {
            interval = nil
            achievedConfidence = nil
        }
    }
}

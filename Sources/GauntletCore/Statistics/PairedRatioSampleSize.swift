import Foundation

/// How many block pairs a paired ratio (``PairedRatioEstimate``) needs before its 95% interval can
/// keep within a relative objective's margin, and the smallest ratio a number of pairs can tell
/// from 1 — so an inconclusive `latency.p99 <= baseline * 1.10` says what would decide it.
///
/// On the log scale the pairs' differences d have spread σ; the interval's half-width is about
/// z_{α/2}·σ/√n. With no real difference, the upper bound falls below ln m with power 1 − β when
///   n = [(z_{α/2} + z_β)·σ / ln m]² / ARE,
/// where ARE = 3/π is the signed-rank interval's efficiency relative to the mean's for normal
/// differences (the interval is the signed-rank one, not a t interval). σ is estimated robustly
/// (1.4826 × the median absolute deviation): one block hit by a machine hiccup must not make the
/// design look hopeless, nor a quiet run make it look easy. A normal approximation: a planning
/// figure, checked by simulation, not a guarantee.
public struct PairedRatioSampleSize: Sendable, Equatable {
    public static let defaultPower = 0.8
    /// Asymptotic relative efficiency of the signed-rank procedures to the t's, under normality.
    static let efficiency = 3 / Double.pi

    /// σ, the spread of the pairs' log ratios.
    public let spread: Double
    public let confidence: Double
    public let power: Double

    /// Nil when the spread is not a positive finite number (identical pairs need no planning).
    public init?(spread: Double, confidence: Double = 0.95, power: Double = defaultPower) {
        guard spread > 0 && spread.isFinite else { return nil }
        precondition(confidence > 0 && confidence < 1 && power > 0 && power < 1, "confidence and power are probabilities")
        self.spread = spread
        self.confidence = confidence
        self.power = power
    }

    private var zSum: Double { NormalDistribution.twoSidedCritical(confidence: confidence) + NormalDistribution.quantile(power) }

    /// Pairs needed for the interval to stay below (or above) the margin `ratio` when the two do
    /// not differ: 1.10 for `<= baseline * 1.10`. Nil for a margin of 1, which no sample can show.
    public func pairs(toShow ratio: Double) -> Int? {
        let distance = abs(log(ratio))
        guard distance > 0 && distance.isFinite else { return nil }
        let root = zSum * spread / distance
        return max(6, Int((root * root / Self.efficiency).rounded(.up)))
    }

    /// The smallest ratio above 1 that `pairs` pairs tell from 1 with this power.
    public func smallestRatio(pairs: Int) -> Double {
        precondition(pairs > 0, "at least one pair")
        return exp(zSum * spread / (Double(pairs) * Self.efficiency).squareRoot())
    }

    /// 1.4826 × the median absolute deviation from the median: σ for normal data, and one wild
    /// value moves it little. Nil when it is zero (more than half the values equal).
    public static func robustSpread(_ values: [Double]) -> Double? {
        guard !values.isEmpty, values.allSatisfy(\.isFinite) else { return nil }
        let centre = median(values)
        let spread = 1.4826 * median(values.map { abs($0 - centre) })
        return spread > 0 ? spread : nil
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
    }
}

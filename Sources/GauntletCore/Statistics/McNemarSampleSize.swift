import Foundation

/// How many distinct labelled rows McNemar's test needs to show a difference in accuracy δ,
/// given the discordant rate ψ (the share of rows where exactly one candidate is right), and
/// the reverse questions: what power a given number of rows has, and the smallest difference
/// it can show.
///
/// Connor (1987), "Sample size for testing differences in proportions for the paired-sample
/// design", Biometrics 43:207–211:
///   n = [z_{α/2}·√ψ + z_β·√(ψ − δ²)]² / δ²,
/// so at n rows the power is Φ((√n·|δ| − z_{α/2}·√ψ) / √(ψ − δ²)). For ψ = 0.05, δ = 0.01,
/// α = 0.05 and power 0.8 that is 3,923 rows; 450 rows have power 0.16 there, so they cannot
/// show a 1-point difference.
public struct McNemarSampleSize: Sendable, Equatable {
    public static let defaultAlpha = 0.05
    public static let defaultPower = 0.8

    /// ψ, the expected share of discordant rows.
    public let discordantRate: Double
    /// δ, the difference in accuracy to be shown (a fraction: 0.01 is one point).
    public let difference: Double
    public let alpha: Double
    public let power: Double
    /// Connor's n before rounding up.
    public let exactRows: Double

    /// Nil when no paired data can have this discordance and difference: 0 < |δ| ≤ ψ ≤ 1 is needed
    /// (the discordant rows split into b and c with (c − b)/n = δ and (b + c)/n = ψ).
    public init?(discordantRate: Double, difference: Double, alpha: Double = defaultAlpha, power: Double = defaultPower) {
        guard Self.feasible(discordantRate, difference) else { return nil }
        precondition(alpha > 0 && alpha < 1 && power > 0 && power < 1, "alpha and power are probabilities")
        self.discordantRate = discordantRate
        self.difference = difference
        self.alpha = alpha
        self.power = power
        let zAlpha = NormalDistribution.twoSidedCritical(confidence: 1 - alpha)
        let zBeta = NormalDistribution.quantile(power)
        let root = zAlpha * discordantRate.squareRoot() + zBeta * (discordantRate - difference * difference).squareRoot()
        exactRows = root * root / (difference * difference)
    }

    /// The distinct rows needed, rounded up.
    public var rows: Int { Int(exactRows.rounded(.up)) }

    /// Whether `rows` distinct rows reach the power asked for.
    public func isMet(byRows rows: Int) -> Bool { rows >= self.rows }

    /// The power of McNemar's test at `rows` distinct rows to show `difference`; nil when the
    /// discordance and difference are not feasible (see ``init(discordantRate:difference:alpha:power:)``).
    public static func power(rows: Int, discordantRate: Double, difference: Double, alpha: Double = defaultAlpha) -> Double? {
        guard feasible(discordantRate, difference), rows >= 0 else { return nil }
        let zAlpha = NormalDistribution.twoSidedCritical(confidence: 1 - alpha)
        let spread = (discordantRate - difference * difference).squareRoot()
        // δ = ψ = 1 leaves no spread: every row discordant the same way, so any rows at all show it.
        guard spread > 0 else { return rows > 0 ? 1 : 0 }
        let zBeta = (Double(rows).squareRoot() * abs(difference) - zAlpha * discordantRate.squareRoot()) / spread
        return NormalDistribution.cdf(zBeta)
    }

    /// The smallest difference |δ| that `rows` distinct rows show with the power asked for, at
    /// discordant rate ψ; nil when even δ = ψ (every discordant row going one way) is out of reach.
    public static func minimumDetectableDifference(
        rows: Int, discordantRate: Double, alpha: Double = defaultAlpha, power target: Double = defaultPower
    ) -> Double? {
        precondition(discordantRate > 0 && discordantRate <= 1, "a discordant rate is in (0, 1]")
        guard let most = power(rows: rows, discordantRate: discordantRate, difference: discordantRate, alpha: alpha),
            most >= target
        else { return nil }
        // Power rises with |δ| on (0, ψ]: bisect to well below any difference worth reporting.
        var low = 0.0, high = discordantRate
        while high - low > 1e-9 * discordantRate {
            let middle = (low + high) / 2
            if power(rows: rows, discordantRate: discordantRate, difference: middle, alpha: alpha)! >= target {
                high = middle
            } else {
                low = middle
            }
        }
        return high
    }

    private static func feasible(_ discordantRate: Double, _ difference: Double) -> Bool {
        difference != 0 && abs(difference) <= discordantRate && discordantRate <= 1
    }
}

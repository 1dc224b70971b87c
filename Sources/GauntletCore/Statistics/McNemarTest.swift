import Foundation

/// McNemar's test of equal accuracy for two candidates judged on the same rows: only the
/// discordant rows count, b (only A right) against c (only B right), which under the null
/// hypothesis are b + c fair coin tosses.
///
/// - Below ``exactBelow`` discordant rows, the exact binomial test:
///   p = min(1, 2·P(X ≤ min(b, c))), X ~ Binomial(b + c, ½).
/// - From there on, χ² with Edwards' continuity correction, χ² = (|b − c| − 1)²/(b + c), and
///   p = P(χ²₁ ≥ χ²) = 2·(1 − Φ(√χ²)). |b − c| − 1 stops at 0: when b = c the statistic is 0 and
///   p = 1, as the exact test says (statsmodels squares −1 there and reports 1/(b + c)).
///
/// No discordant rows is no evidence of a difference: p = 1.
public struct McNemarTest: Sendable, Equatable {
    public enum Method: String, Sendable, Equatable {
        case exactBinomial = "exact binomial"
        case chiSquaredWithContinuityCorrection = "chi-squared with continuity correction"
    }

    /// The usual rule (e.g. Fagerland et al. 2013; statsmodels' documentation): exact below 25
    /// discordant rows, where the χ² approximation is poor.
    public static let exactBelow = 25

    /// b: rows only A got right.
    public let onlyA: Int
    /// c: rows only B got right.
    public let onlyB: Int
    public let method: Method
    /// min(b, c) for the exact test, χ² for the approximation.
    public let statistic: Double
    /// The two-sided p-value.
    public let pValue: Double

    public init(onlyA b: Int, onlyB c: Int) {
        precondition(b >= 0 && c >= 0, "counts cannot be negative")
        onlyA = b
        onlyB = c
        let discordant = b + c
        if discordant < Self.exactBelow {
            method = .exactBinomial
            statistic = Double(min(b, c))
            pValue = discordant == 0
                ? 1 : min(1, 2 * BinomialDistribution(trials: discordant, probability: 0.5).cdf(min(b, c)))
        } else {
            method = .chiSquaredWithContinuityCorrection
            let corrected = Double(max(0, abs(b - c) - 1))
            statistic = corrected * corrected / Double(discordant)
            pValue = NormalDistribution.twoSidedTail(statistic.squareRoot())
        }
    }

    public init(_ table: PairedCorrectness) {
        self.init(onlyA: table.onlyA, onlyB: table.onlyB)
    }
}

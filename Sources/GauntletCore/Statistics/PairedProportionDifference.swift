import Foundation

/// The difference in accuracy between two candidates on the same rows, Δ = acc(B) − acc(A)
/// = (c − b)/n, with a confidence interval that accounts for the pairing.
///
/// - ``Method/newcombe`` (the default): Newcombe's hybrid score interval, method 10 of
///   R. G. Newcombe, "Improved confidence intervals for the difference between binomial
///   proportions based on paired data", Statistics in Medicine 17:2635–2650 (1998). Wilson score
///   intervals (l, u) for each accuracy, combined by "square and add" with the correlation φ of
///   the two candidates' correctness:
///   L = Δ − √((p_B − l_B)² − 2φ(p_B − l_B)(u_A − p_A) + (u_A − p_A)²),
///   U = Δ + √((u_B − p_B)² − 2φ(u_B − p_B)(p_A − l_A) + (p_A − l_A)²),
///   φ = C/√((a+b)(c+d)(a+c)(b+d)) with C = ad − bc shrunk toward 0 by n/2 when positive
///   (C = ad − bc − n/2 above n/2, 0 between 0 and n/2, ad − bc below 0), and φ = 0 when a
///   margin is empty. It stays inside [−1, 1], is never empty, and keeps near-nominal coverage
///   at small n and near 0 or 1 (Fagerland, Lydersen & Laake 2013 recommend it).
/// - ``Method/wald``: Δ ± z·√(b + c − (b − c)²/n)/n. Simple, but it collapses to a point when
///   b = c = 0 and undercovers when discordant rows are few.
///
/// Both were checked against an independent implementation (Fixtures/statistics), and Newcombe's
/// also against the worked values of Fagerland et al.'s R package `contingencytables`.
public struct PairedProportionDifference: Sendable, Equatable {
    public enum Method: String, Sendable, Equatable {
        case newcombe = "Newcombe hybrid score"
        case wald = "Wald"
    }

    public static let defaultMethod = Method.newcombe
    public static let defaultConfidence = 0.95

    public let table: PairedCorrectness
    /// acc(B) − acc(A): positive when B is more accurate.
    public let estimate: Double
    public let interval: ClosedRange<Double>
    public let confidence: Double
    public let method: Method

    /// Nil when there are no rows.
    public init?(_ table: PairedCorrectness, confidence: Double = defaultConfidence, method: Method = defaultMethod) {
        guard table.rows > 0 else { return nil }
        self.table = table
        self.confidence = confidence
        self.method = method
        let z = NormalDistribution.twoSidedCritical(confidence: confidence)
        let n = Double(table.rows)
        let b = Double(table.onlyA), c = Double(table.onlyB)
        estimate = (c - b) / n
        switch method {
        case .wald:
            let half = z * max(0, b + c - (b - c) * (b - c) / n).squareRoot() / n
            interval = (estimate - half)...(estimate + half)
        case .newcombe:
            interval = Self.newcombe(table, z: z, estimate: estimate)
        }
    }

    private static func newcombe(_ table: PairedCorrectness, z: Double, estimate: Double) -> ClosedRange<Double> {
        let n = Double(table.rows)
        let a = Double(table.bothRight), b = Double(table.onlyA), c = Double(table.onlyB), d = Double(table.bothWrong)
        let pA = (a + b) / n, pB = (a + c) / n
        let (lA, uA) = WilsonScoreInterval.bounds(successes: a + b, of: n, z: z)
        let (lB, uB) = WilsonScoreInterval.bounds(successes: a + c, of: n, z: z)
        let margins = (a + b) * (c + d) * (a + c) * (b + d)
        var phi = 0.0
        if margins > 0 {
            let cross = a * d - b * c
            let shrunk = cross > n / 2 ? cross - n / 2 : (cross >= 0 ? 0 : cross)
            phi = shrunk / margins.squareRoot()
        }
        // |φ| ≤ 1 keeps each sum of squares non-negative; max(0, …) only absorbs rounding.
        let below = max(0, (pB - lB) * (pB - lB) - 2 * phi * (pB - lB) * (uA - pA) + (uA - pA) * (uA - pA))
        let above = max(0, (uB - pB) * (uB - pB) - 2 * phi * (uB - pB) * (pA - lA) + (pA - lA) * (pA - lA))
        return (estimate - below.squareRoot())...(estimate + above.squareRoot())
    }
}

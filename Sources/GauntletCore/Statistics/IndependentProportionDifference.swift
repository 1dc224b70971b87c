/// The difference between two proportions from independent samples, Δ = p_B − p_A (say the error
/// rates or accuracies of two separate runs), with Newcombe's hybrid score interval: method 10 of
/// R. G. Newcombe, "Interval estimation for the difference between independent proportions:
/// comparison of eleven methods", Statistics in Medicine 17:873–890 (1998). Wilson score
/// intervals (l, u) for each proportion, combined by "square and add":
/// L = Δ − √((p_B − l_B)² + (u_A − p_A)²), U = Δ + √((u_B − p_B)² + (p_A − l_A)²).
///
/// It stays inside [−1, 1], is never a point (unlike Wald's at 0 of n), and keeps near-nominal
/// coverage with small counts and proportions near 0 or 1, which is where error rates live.
/// It is the paired interval (``PairedProportionDifference``) with the correlation φ set to 0.
///
/// It assumes every trial is an independent draw: requests whose failures come in bursts, or rows
/// sent several times, are fewer independent trials than they look, and the interval is then too
/// narrow (docs/comparison.md). Checked against statsmodels'
/// `confint_proportions_2indep(method="newcomb")` (Fixtures/statistics).
public struct IndependentProportionDifference: Sendable, Equatable {
    public static let defaultConfidence = 0.95

    public let successesA: UInt64
    public let trialsA: UInt64
    public let successesB: UInt64
    public let trialsB: UInt64
    /// p_B − p_A: positive when B's proportion is the larger.
    public let estimate: Double
    public let interval: ClosedRange<Double>
    public let confidence: Double

    /// Nil when either side has no trials.
    public init?(
        successesA: UInt64, of trialsA: UInt64, successesB: UInt64, of trialsB: UInt64, confidence: Double = defaultConfidence
    ) {
        guard trialsA > 0, trialsB > 0 else { return nil }
        precondition(successesA <= trialsA && successesB <= trialsB, "successes cannot exceed trials")
        self.successesA = successesA
        self.trialsA = trialsA
        self.successesB = successesB
        self.trialsB = trialsB
        self.confidence = confidence
        let z = NormalDistribution.twoSidedCritical(confidence: confidence)
        let pA = Double(successesA) / Double(trialsA), pB = Double(successesB) / Double(trialsB)
        let (lA, uA) = WilsonScoreInterval.bounds(successes: Double(successesA), of: Double(trialsA), z: z)
        let (lB, uB) = WilsonScoreInterval.bounds(successes: Double(successesB), of: Double(trialsB), z: z)
        estimate = pB - pA
        let below = ((pB - lB) * (pB - lB) + (uA - pA) * (uA - pA)).squareRoot()
        let above = ((uB - pB) * (uB - pB) + (pA - lA) * (pA - lA)).squareRoot()
        interval = (estimate - below)...(estimate + above)
    }
}

/// Holm's step-down adjustment of several p-values claimed in one report (S. Holm, "A simple
/// sequentially rejective multiple test procedure", Scand. J. Statist. 6:65–70, 1979): the
/// chance of any false claim among them stays at most α, with more power than Bonferroni.
///
/// With the m p-values sorted ascending, p₍ᵢ₎ is adjusted to max_{j ≤ i} min(1, (m − j + 1)·p₍ⱼ₎);
/// a hypothesis is rejected when its adjusted p-value is at most α, which is the step-down rule
/// "reject while p₍ᵢ₎ ≤ α/(m − i + 1)". Results are in the order of the input.
public struct HolmBonferroni: Sendable, Equatable {
    public let pValues: [Double]
    public let alpha: Double
    public let adjusted: [Double]

    public init(pValues: [Double], alpha: Double = 0.05) {
        precondition(pValues.allSatisfy { $0 >= 0 && $0 <= 1 }, "p-values are probabilities")
        self.pValues = pValues
        self.alpha = alpha
        let m = pValues.count
        // Ties keep their input order, so equal p-values get equal adjusted values either way.
        let order = pValues.indices.sorted { (pValues[$0], $0) < (pValues[$1], $1) }
        var adjusted = [Double](repeating: 0, count: m)
        var running = 0.0
        for (rank, index) in order.enumerated() {
            running = max(running, min(1, Double(m - rank) * pValues[index]))
            adjusted[index] = running
        }
        self.adjusted = adjusted
    }

    /// Whether each hypothesis is rejected at α, in the order of the input.
    public var rejected: [Bool] { adjusted.map { $0 <= alpha } }
}

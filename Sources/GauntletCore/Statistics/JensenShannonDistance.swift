import Foundation

/// The Jensen–Shannon distance between two distributions of predicted classes, in bits: the
/// square root of JSD(P‖Q) = ½·KL(P‖M) + ½·KL(Q‖M) with M = (P + Q)/2 and base-2 logarithms.
///
/// 0 for the same distribution, 1 for distributions with no class in common; symmetric, a metric,
/// and finite with empty classes (0·log 0 = 0), so no floor is needed. The same number as
/// `scipy.spatial.distance.jensenshannon(p, q, base=2)`.
public enum JensenShannonDistance {
    /// The distance between two vectors of counts (or weights) over the same classes, in the
    /// same order; each is normalised to proportions. Nil when either sums to zero.
    public static func between(_ p: [Double], _ q: [Double]) -> Double? {
        precondition(p.count == q.count, "the same classes on both sides")
        precondition((p + q).allSatisfy { $0 >= 0 && $0.isFinite }, "counts are finite and not negative")
        let totalP = p.reduce(0, +), totalQ = q.reduce(0, +)
        guard totalP > 0, totalQ > 0 else { return nil }
        var divergence = 0.0
        for (x, y) in zip(p, q) {
            let pi = x / totalP, qi = y / totalQ
            let mi = (pi + qi) / 2
            if pi > 0 { divergence += pi * log2(pi / mi) }
            if qi > 0 { divergence += qi * log2(qi / mi) }
        }
        // Rounding can leave a hair below zero for identical distributions.
        return max(0, divergence / 2).squareRoot()
    }

    /// The distance between two tallies of predicted classes, aligned on the union of their classes.
    public static func between(_ a: [String: UInt64], _ b: [String: UInt64]) -> Double? {
        let classes = Set(a.keys).union(b.keys).sorted()
        return between(classes.map { Double(a[$0] ?? 0) }, classes.map { Double(b[$0] ?? 0) })
    }
}

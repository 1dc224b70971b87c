import Foundation

/// The population stability index between A's and B's distributions of predicted classes:
/// PSI = Σᵢ (bᵢ − aᵢ)·ln(bᵢ/aᵢ) over class proportions. Symmetric in A and B; by the usual rule
/// of thumb, below 0.1 is little shift, 0.1–0.25 some, above 0.25 a large one.
///
/// A class one side never predicted would make a term infinite, so each proportion is first
/// raised to at least ``defaultFloor`` (10⁻⁴: one in ten thousand, below the resolution of the few
/// thousand rows a comparison has), without renormalising. The floor bounds what one empty class
/// can add: (p − 10⁻⁴)·ln(p/10⁻⁴) when the other side has proportion p, 0.31 for p = 5%.
public enum PopulationStabilityIndex {
    public static let defaultFloor = 1e-4

    /// PSI between two vectors of counts over the same classes, in the same order. Nil when
    /// either sums to zero.
    public static func between(_ a: [Double], _ b: [Double], floor: Double = defaultFloor) -> Double? {
        precondition(a.count == b.count, "the same classes on both sides")
        precondition((a + b).allSatisfy { $0 >= 0 && $0.isFinite }, "counts are finite and not negative")
        precondition(floor > 0, "the floor keeps logarithms finite, so it is positive")
        let totalA = a.reduce(0, +), totalB = b.reduce(0, +)
        guard totalA > 0, totalB > 0 else { return nil }
        return zip(a, b).reduce(0) { sum, pair in
            let ai = max(pair.0 / totalA, floor), bi = max(pair.1 / totalB, floor)
            return sum + (bi - ai) * log(bi / ai)
        }
    }

    /// PSI between two tallies of predicted classes, aligned on the union of their classes.
    public static func between(_ a: [String: UInt64], _ b: [String: UInt64], floor: Double = defaultFloor) -> Double? {
        let classes = Set(a.keys).union(b.keys).sorted()
        return between(classes.map { Double(a[$0] ?? 0) }, classes.map { Double(b[$0] ?? 0) }, floor: floor)
    }
}

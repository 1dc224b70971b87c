/// The exact null distribution of Wilcoxon's signed-rank statistic T⁺ (the sum of the ranks
/// 1…n that carry a plus sign, each sign a fair coin): P(T⁺ ≤ t) for t = 0…n(n+1)/2.
///
/// Built by adding one rank at a time, P_r(t) = ½·P_{r−1}(t) + ½·P_{r−1}(t − r). Every value is a
/// count over 2ⁿ, so the doubles are exact while the counts fit 53 bits (n ≤ 53) and accurate to
/// rounding beyond; the cost is O(n³), about 10⁵ steps at n = 50.
public struct SignedRankDistribution: Sendable, Equatable {
    /// n, the number of ranks.
    public let count: Int
    /// cumulative[t] = P(T⁺ ≤ t).
    private let cumulative: [Double]

    public init(count: Int) {
        precondition(count >= 0, "the number of ranks cannot be negative")
        self.count = count
        var probabilities = [1.0]
        for rank in stride(from: 1, through: count, by: 1) {
            var next = [Double](repeating: 0, count: probabilities.count + rank)
            for (t, probability) in probabilities.enumerated() {
                next[t] += 0.5 * probability
                next[t + rank] += 0.5 * probability
            }
            probabilities = next
        }
        var running = 0.0
        cumulative = probabilities.map { running += $0; return running }
    }

    /// The largest value T⁺ takes, n(n+1)/2.
    public var maximum: Int { count * (count + 1) / 2 }

    /// P(T⁺ ≤ t).
    public func cdf(_ t: Int) -> Double {
        if t < 0 { return 0 }
        return t >= maximum ? 1 : cumulative[t]
    }
}

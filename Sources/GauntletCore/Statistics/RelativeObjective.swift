/// An objective relative to the baseline, judged on the bound of a confidence interval and never
/// on the point estimate:
/// - `latency.p99 <= baseline * 1.10` is a ``Relation/factor(_:)`` of 1.10 on the interval of the
///   ratio B/A;
/// - `accuracy >= baseline - 0.005` is an ``Relation/offset(_:)`` of −0.005 on the interval of the
///   difference B − A.
///
/// It passes when every value in the interval meets it, fails when none does, and is
/// inconclusive otherwise, or when there is no interval (too few pairs).
public struct RelativeObjective: Sendable, Equatable {
    public enum Relation: Sendable, Equatable {
        /// B compared with baseline × factor: judged on the ratio B/A.
        case factor(Double)
        /// B compared with baseline + offset: judged on the difference B − A.
        case offset(Double)
    }

    public enum Verdict: String, Sendable, Equatable {
        case pass, fail, inconclusive
    }

    public var comparator: Comparator
    public var relation: Relation

    public init(_ comparator: Comparator, _ relation: Relation) {
        self.comparator = comparator
        self.relation = relation
    }

    /// What the ratio (for a factor) or the difference (for an offset) is compared with.
    public var threshold: Double {
        switch relation {
        case .factor(let factor): factor
        case .offset(let offset): offset
        }
    }

    /// The verdict on `interval`, the ratio's interval for a factor and the difference's for an offset.
    public func verdict(on interval: ClosedRange<Double>?) -> Verdict {
        guard let interval else { return .inconclusive }
        let low = interval.lowerBound, high = interval.upperBound, t = threshold
        let everyValueMeets: Bool, noValueMeets: Bool
        switch comparator {
        // Order comparators hold on an interval's values exactly when they hold at both ends,
        // and fail on all of them when they fail at both ends.
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            everyValueMeets = comparator.holds(low, t) && comparator.holds(high, t)
            noValueMeets = !comparator.holds(low, t) && !comparator.holds(high, t)
        case .equal:
            everyValueMeets = low == t && high == t
            noValueMeets = !interval.contains(t)
        case .notEqual:
            everyValueMeets = !interval.contains(t)
            noValueMeets = low == t && high == t
        }
        return everyValueMeets ? .pass : noValueMeets ? .fail : .inconclusive
    }
}

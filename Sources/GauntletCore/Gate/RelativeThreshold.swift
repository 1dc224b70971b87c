/// The threshold of a relative objective, made from the baseline candidate's figure on the same
/// traffic: `latency.p99 <= baseline * 1.10` is a ratio, `accuracy >= baseline - 0.005` an offset.
///
/// `gauntlet compare` judges it on an interval, never on a point: the objective passes when the
/// whole interval of the candidate's figure (as a ratio to, or a difference from, the baseline's)
/// lies on the passing side of this threshold, fails when the whole of it lies beyond, and is
/// inconclusive otherwise.
public enum RelativeThreshold: Sendable, Equatable, CustomStringConvertible {
    /// The baseline's figure times this factor (> 0).
    case ratio(Double)
    /// The baseline's figure plus this signed amount, in the figure's unit (ms, a fraction, per second, …).
    case offset(Double)

    /// The threshold a candidate's figure is held to when the baseline's is `baseline`.
    public func threshold(forBaseline baseline: Double) -> Double {
        switch self {
        case .ratio(let factor): baseline * factor
        case .offset(let amount): baseline + amount
        }
    }

    /// `× 1.1`, `+ 0.001`, `- 5`: in the figure's unit.
    public var description: String {
        switch self {
        case .ratio(let factor): "× \(factor.compact)"
        case .offset(let amount): amount < 0 ? "- \((-amount).compact)" : "+ \(amount.compact)"
        }
    }
}

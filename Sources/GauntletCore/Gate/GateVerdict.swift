/// The verdict of one objective, or of the gate over all of a run's objectives.
public enum GateVerdict: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Met, with room to spare beyond any warn threshold.
    case pass
    /// Met, but inside the warn band; or an advisory objective was missed.
    case warn
    /// Missed.
    case fail
    /// Not enough data to say (rule 6 of docs/measurement.md): too few samples, or a figure the run did
    /// not produce. Never a pass.
    case inconclusive

    /// Weighs a run's objective results into the gate's verdict.
    ///
    /// When no objective is marked key, every objective gates. When some are, those gate and
    /// the rest are advisory: an advisory fail or inconclusive counts only as a warn. Then any
    /// gating fail makes the gate fail; else any inconclusive makes it inconclusive; else any
    /// warn makes it warn; else it passes. No objectives at all is a pass: nothing was asked.
    public init(_ results: some Sequence<ObjectiveResult>) {
        self = Self.combine(results.map { (verdict: $0.verdict, key: $0.objective.key) })
    }

    /// The weighing behind ``init(_:)``, over bare verdicts and key marks.
    public static func combine(_ outcomes: [(verdict: GateVerdict, key: Bool)]) -> GateVerdict {
        let someKey = outcomes.contains { $0.key }
        let weighed = outcomes.map { outcome in
            let advisory = someKey && !outcome.key
            return advisory && (outcome.verdict == .fail || outcome.verdict == .inconclusive) ? .warn : outcome.verdict
        }
        if weighed.contains(.fail) { return .fail }
        if weighed.contains(.inconclusive) { return .inconclusive }
        if weighed.contains(.warn) { return .warn }
        return .pass
    }

    /// The process exit code for this verdict (the exit codes in README.md): 0 for pass, and for warn unless
    /// `strict`; 1 for fail, inconclusive, and warn when `strict`.
    public func exitCode(strict: Bool = false) -> Int32 {
        switch self {
        case .pass: 0
        case .warn: strict ? 1 : 0
        case .fail, .inconclusive: 1
        }
    }

    public var description: String { rawValue }
}

/// The gate's verdict over a whole run, as a result holds it: one of the gate's verdicts, or
/// `none` when the run had no objectives (figures only, nothing judged).
public enum RunVerdict: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case pass, warn, fail, inconclusive, none

    /// The verdict of a run whose objectives weighed to `gate`; nil means it had none.
    public init(_ gate: GateVerdict?) {
        switch gate {
        case .pass?: self = .pass
        case .warn?: self = .warn
        case .fail?: self = .fail
        case .inconclusive?: self = .inconclusive
        case nil: self = .none
        }
    }

    /// The gate's verdict, or nil for a run without objectives.
    public var gate: GateVerdict? { GateVerdict(rawValue: rawValue) }

    /// The process exit code: a run without objectives passes (nothing was asked), the rest as
    /// ``GateVerdict/exitCode(strict:)``.
    public func exitCode(strict: Bool) -> Int32 { gate?.exitCode(strict: strict) ?? 0 }

    /// PASS, WARN, FAIL, INCONCLUSIVE, NO OBJECTIVES.
    public var word: String { self == .none ? "NO OBJECTIVES" : rawValue.uppercased() }

    public var description: String { rawValue }
}

extension GateVerdict {
    /// A fail or an inconclusive: the objective was not shown to hold.
    public var isMiss: Bool { self == .fail || self == .inconclusive }
}

/// What a run must include, beyond requests, for a figure to exist at all.
///
/// Structured rather than prose, so a run's plan can be checked against it before anything is
/// sent (``FigureInputs``), and the evaluator can still say it when a figure is missing.
public enum FigureRequirement: Sendable, Equatable, CustomStringConvertible {
    /// Model quality: requests whose data names its expected answer, and answers that carry a prediction.
    case labels
    /// Cost: a `cost` section that prices the serving capacity.
    case cost
    /// Outage figures: the target unreachable for a while during the run, then serving again.
    /// Not known before the run, so never refused in advance.
    case outage
    /// Token figures: requests with an `openai` body, whose answers are read for tokens.
    case tokens

    public var description: String {
        switch self {
        case .labels: "requests whose expected label is known, and responses that carry a prediction"
        case .cost: "a 'cost' section in the scenario"
        case .tokens: "requests with an 'openai' body, whose answers are read for tokens"
        case .outage: "an outage of the target during the run (connections failing, then a success); none was seen"
        }
    }
}

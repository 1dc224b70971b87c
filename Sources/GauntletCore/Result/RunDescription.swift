/// What a result needs besides the measurements: what the run was asked to do, and what must
/// hold. Built from the scenario for a live run, and from the scenario a saved result echoes
/// for a merge, so both are judged alike.
public struct RunDescription: Sendable {
    /// The scenario as written; nil for `run --url`.
    public var echo: RunResult.ScenarioEcho?
    public var plan: RunPlan
    public var phases: [LoadPlan.PhaseSpan]
    /// Validated objectives, in scenario order.
    public var objectives: [Objective]
    public var cost: CostSection?
    /// Predictions one successful request of each template carries (0 for a request that is
    /// no prediction, such as a health check), for the cost per prediction.
    public var predictionsPerRequest: [String: UInt64]
    public var server: RunResult.ServerUsage?
    public var segment: SegmentRecord?

    public init(
        echo: RunResult.ScenarioEcho?, plan: RunPlan, phases: [LoadPlan.PhaseSpan], objectives: [Objective],
        cost: CostSection?, predictionsPerRequest: [String: UInt64], server: RunResult.ServerUsage? = nil,
        segment: SegmentRecord? = nil
    ) {
        self.echo = echo
        self.plan = plan
        self.phases = phases
        self.objectives = objectives
        self.cost = cost
        self.predictionsPerRequest = predictionsPerRequest
        self.server = server
        self.segment = segment
    }

    /// The predictions each of `scenario`'s request templates carries; a replay's one template
    /// (`replay`) carries the cost section's figure, else 1.
    public static func predictionsPerRequest(of scenario: Scenario, templateNames: [String]) -> [String: UInt64] {
        guard let cost = scenario.cost else { return [:] }
        if scenario.replay != nil {
            return Dictionary(uniqueKeysWithValues: templateNames.map { ($0, UInt64(cost.predictionsPerRequest ?? 1)) })
        }
        return Dictionary(
            uniqueKeysWithValues: scenario.requests.map { ($0.name, CostFigures.predictionsPerRequest($0, cost: cost)) })
    }
}

/// What a relative objective of a comparison will be judged on, said before anything is sent:
/// the block pairs and the requests behind each block's figure, or for accuracy the distinct
/// labelled rows. (A scenario with fewer than the 6 blocks an interval needs is refused.)
public struct RelativeObjectiveForecast: Sendable, Equatable, CustomStringConvertible {
    public var objective: Objective
    public var pairs: Int
    /// The measured requests each candidate is sent per block, on average.
    public var requestsPerBlock: Double

    public init(objective: Objective, plan: BlockPlan, forecast: SampleForecast) {
        self.objective = objective
        pairs = plan.blocks.count
        requestsPerBlock = pairs > 0 ? forecast.scheduled / Double(pairs) : 0
    }

    /// `latency.p99 <= baseline * 1.10: judged on 12 block pairs of about 1,500 requests per candidate`.
    public var description: String {
        if objective.expression.figure == "accuracy" {
            return "\(objective.expression): judged on the distinct labelled rows both candidates answer"
        }
        return "\(objective.expression): judged on \(pairs) block pairs of about \(SampleText.count(requestsPerBlock)) requests per candidate"
    }
}

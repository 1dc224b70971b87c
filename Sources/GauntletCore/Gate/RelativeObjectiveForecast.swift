/// What a relative objective of a comparison will be judged on, said before anything is sent:
/// the block pairs and the requests behind each block's figure, or for accuracy the distinct
/// labelled rows. (A scenario with fewer than the 6 blocks an interval needs is refused.) A
/// percentile whose blocks are too small to hold it is a warning.
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

    /// The percentile a latency figure names (99 for `latency.p99`); nil for other figures.
    var percentile: Double? {
        let figure = objective.expression.figure
        guard let range = figure.range(of: ".p"), figure.hasPrefix("latency") || figure.hasPrefix("service_time") else { return nil }
        return Double(figure[range.upperBound...])
    }

    /// Requests a block needs for its percentile to be more than its slowest request: 1/(1 − p)
    /// (p99: 100). Below that, each pair compares two maxima, and one hiccup decides it.
    public var requestsNeededPerBlock: Double? { percentile.map { (1 / (1 - $0 / 100)).rounded(.up) } }

    public var warning: String? {
        guard let needed = requestsNeededPerBlock, requestsPerBlock < needed else { return nil }
        let figure = objective.expression.qualifiedFigure
        return "each block's \(figure) will rest on about \(SampleText.count(requestsPerBlock)) requests per candidate: with fewer than "
            + "\(SampleText.count(needed)) it is the block's slowest request, and one hiccup decides a pair: "
            + "make the blocks longer (compare: block) or raise the rate"
    }

    /// `latency.p99 <= baseline * 1.10: judged on 12 block pairs of about 1,500 requests per candidate`.
    public var description: String {
        if objective.expression.figure == "accuracy" {
            return "\(objective.expression): judged on the distinct labelled rows both candidates answer"
        }
        return "\(objective.expression): judged on \(pairs) block pairs of about \(SampleText.count(requestsPerBlock)) requests per candidate"
            + (warning == nil ? "" : " · warning")
    }
}

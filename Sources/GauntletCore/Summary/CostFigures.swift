/// What each prediction costs: the hourly price of the serving capacity over the predictions it
/// served per hour in the measurement window. The inputs are kept beside the result.
public struct CostFigures: Sendable, Equatable, Codable {
    public var hourlyPrice: Double
    public var instances: Int
    public var currency: String
    /// Successful requests times the predictions each carried.
    public var predictions: UInt64
    public var windowSeconds: Double
    public var predictionsPerSecond: Double
    public var costPerPrediction: Double
    public var costPerMillionPredictions: Double
    /// Whether the objectives held while these predictions were served; nil without objectives.
    public var meetsObjectives: Bool?
    /// With generative requests: the output tokens of successful answers, and the price of a
    /// million of them over the same window; nil for a run with none.
    public var outputTokens: UInt64?
    public var costPerMillionOutputTokens: Double?

    /// Adds the price of output tokens, when the run produced any.
    public mutating func priceTokens(_ tokens: UInt64) {
        guard tokens > 0 else { return }
        outputTokens = tokens
        costPerMillionOutputTokens = hourlyPrice * Double(instances) * windowSeconds / 3600 / Double(tokens) * 1_000_000
    }

    public init?(cost: CostSection, predictions: UInt64, windowSeconds: Double, meetsObjectives: Bool?) {
        guard predictions > 0, windowSeconds > 0 else { return nil }
        hourlyPrice = cost.hourlyPrice
        instances = cost.instances
        currency = cost.currency
        self.predictions = predictions
        self.windowSeconds = windowSeconds
        predictionsPerSecond = Double(predictions) / windowSeconds
        let spent = cost.hourlyPrice * Double(cost.instances) * windowSeconds / 3600
        costPerPrediction = spent / Double(predictions)
        costPerMillionPredictions = costPerPrediction * 1_000_000
        self.meetsObjectives = meetsObjectives
    }

    /// Predictions one request of `template` carries: none for a request without a body (a
    /// health probe is no prediction); else the cost section's figure, else the rows a V2 body
    /// carries (its batch), else 1.
    public static func predictionsPerRequest(_ template: RequestTemplate, cost: CostSection) -> UInt64 {
        guard let body = template.body else { return 0 }
        if let fixed = cost.predictionsPerRequest { return UInt64(fixed) }
        if case .inferV2(let v2) = body { return UInt64(v2.rows) }
        return 1
    }
}

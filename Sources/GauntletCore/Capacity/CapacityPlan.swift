/// What a capacity plan is asked (`capacity: plan:`): the traffic to serve and what an instance costs.
public struct CapacityPlanInputs: Sendable, Equatable {
    /// Requests per second at the busiest time.
    public var peakRate: Double
    /// Requests per second over a day; nil: only the peak is costed.
    public var averageRate: Double?
    /// Spare share of each instance's capacity kept free at peak: 0.3 plans for peak × 1.3.
    public var headroom: Double
    /// Instances added on top, for failures and deploys (N+1 is one spare).
    public var spares: Int
    /// Price of one instance per hour, in ``currency``.
    public var hourlyPrice: Double
    public var currency: String
    /// Predictions one request carries, for the cost per prediction; 1 unless the scenario says.
    public var predictionsPerRequest: Int

    public init(
        peakRate: Double, averageRate: Double? = nil, headroom: Double = 0, spares: Int = 0, hourlyPrice: Double,
        currency: String = "USD", predictionsPerRequest: Int = 1
    ) {
        self.peakRate = peakRate
        self.averageRate = averageRate
        self.headroom = headroom
        self.spares = spares
        self.hourlyPrice = hourlyPrice
        self.currency = currency
        self.predictionsPerRequest = predictionsPerRequest
    }

    /// A plan larger than this is taken for a typo in the peak rather than a fleet.
    public static let maximumInstances = 100_000
    public static let maximumHeadroom = 10.0
    public static let maximumSpares = 10_000
}

/// Instances and cost for a peak, from the rate one instance sustains (the lower end of R_max):
///
///     instances = ⌈peak × (1 + headroom) / rate per instance⌉ + spares
///     cost per 1M predictions = hourly price × instances × 10⁶ / (3600 × rate served × predictions per request)
///
/// The fleet is sized for the peak; at the average rate the same fleet serves less, so each
/// prediction costs more (unless the fleet scales down, which this plan does not assume).
public struct CapacityPlan: Sendable, Codable, Equatable {
    public var ratePerInstance: Double
    public var peakRate: Double
    public var averageRate: Double?
    public var headroom: Double
    public var spares: Int
    /// Instances the peak needs before spares.
    public var instancesForPeak: Int
    /// With spares: what to run.
    public var instances: Int
    /// How busy each instance is at peak, as a share of its rate: at most 1 / (1 + headroom).
    public var utilisationAtPeak: Double
    public var utilisationAtAverage: Double?
    public var hourlyPrice: Double
    public var hourlyCost: Double
    public var currency: String
    public var predictionsPerRequest: Int
    public var costPerMillionPredictionsAtPeak: Double
    public var costPerMillionPredictionsAtAverage: Double?

    /// Why no plan could be made.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// - Parameter ratePerInstance: the highest rate one instance passed at.
    public init(_ inputs: CapacityPlanInputs, ratePerInstance: Double) throws(Refusal) {
        guard ratePerInstance > 0, ratePerInstance.isFinite else {
            throw Refusal(description: "no step passed, so there is no rate per instance to plan with")
        }
        guard inputs.peakRate > 0, inputs.peakRate.isFinite else {
            throw Refusal(description: "the peak rate must be above zero")
        }
        if let average = inputs.averageRate {
            guard average > 0, average <= inputs.peakRate else {
                throw Refusal(description: "the average rate (\(average.compact)/s) must be above zero and at most the peak (\(inputs.peakRate.compact)/s)")
            }
        }
        guard inputs.headroom >= 0, inputs.headroom <= CapacityPlanInputs.maximumHeadroom else {
            throw Refusal(description: "headroom must be from 0% to \(Int(CapacityPlanInputs.maximumHeadroom * 100))%")
        }
        guard inputs.hourlyPrice >= 0, inputs.hourlyPrice.isFinite else {
            throw Refusal(description: "the price per instance-hour must be zero or more")
        }
        let needed = inputs.peakRate * (1 + inputs.headroom) / ratePerInstance
        // A tolerance so that 3.0000000001 instances, a rounding error of the division, stays 3.
        let whole = (needed - 1e-9).rounded(.up)
        guard whole + Double(inputs.spares) <= Double(CapacityPlanInputs.maximumInstances) else {
            throw Refusal(description:
                "a peak of \(inputs.peakRate.compact)/s needs \(whole.formatted(fractionDigits: 0)) instances of \(ratePerInstance.formatted(fractionDigits: 1))/s, more than \(CapacityPlanInputs.maximumInstances): check the peak's unit (/s, /m, /h)")
        }
        self.ratePerInstance = ratePerInstance
        peakRate = inputs.peakRate
        averageRate = inputs.averageRate
        headroom = inputs.headroom
        spares = inputs.spares
        instancesForPeak = max(1, Int(whole))
        instances = instancesForPeak + inputs.spares
        let fleetRate = Double(instances) * ratePerInstance
        utilisationAtPeak = inputs.peakRate / fleetRate
        utilisationAtAverage = inputs.averageRate.map { $0 / fleetRate }
        hourlyPrice = inputs.hourlyPrice
        hourlyCost = inputs.hourlyPrice * Double(instances)
        currency = inputs.currency
        predictionsPerRequest = inputs.predictionsPerRequest
        let hourlyCost = self.hourlyCost
        let perPrediction = Double(inputs.predictionsPerRequest)
        func costPerMillion(at rate: Double) -> Double { hourlyCost * 1e6 / (3600 * rate * perPrediction) }
        costPerMillionPredictionsAtPeak = costPerMillion(at: inputs.peakRate)
        costPerMillionPredictionsAtAverage = inputs.averageRate.map(costPerMillion)
    }
}

import Foundation

/// Everything `gauntlet capacity` produced, as saved to `reports/<scenario>-capacity-<UTC>.json`
/// (schema `gauntlet.capacity/v1`): how it searched, every step with its figures and verdict,
/// R_max as an interval, the knee of the latency curve, and the plan for a peak.
public struct CapacityResult: Codable, Sendable {
    public static let currentSchema = "gauntlet.capacity/v1"

    public var schema: String
    public var scenario: RunResult.ScenarioEcho?
    public var environment: RunResult.EnvironmentInfo
    /// `rate` (the open-loop search) or `concurrency` (a closed-loop sweep).
    public var mode: String
    public var settings: Settings
    /// The target as written, or the embedded reference server's address and configuration.
    public var target: String
    public var serverConfiguration: String?
    public var objectives: [String]
    public var steps: [CapacityStep]
    /// The highest rate that met every objective, as an interval; the search's answer (rate mode).
    public var rateMax: RateInterval?
    public var finish: CapacitySearch.Finish?
    /// The offered rate past which the median latency more than doubles its low-load value.
    public var knee: Double?
    /// For a concurrency sweep: the level with the most successful requests per second among those
    /// that passed.
    public var bestConcurrency: Int?
    public var plan: CapacityPlan?
    /// Why the plan asked for could not be made.
    public var planRefusal: String?
    /// Stopped before the search ended: the steps so far stand, R_max is as far as it got.
    public var partial: Bool
    public var headline: String
    /// For one candidate's search inside a comparison: its name, and whether it is the baseline.
    public var candidate: String?
    public var baseline: Bool?
    /// A scenario with candidates: each one's search, in the scenario's order. The top level then
    /// holds no steps of its own, only the comparison's answer.
    public var candidates: [CapacityResult]?
    /// The candidate whose plan costs least per 1M predictions at peak (with a plan), else the one
    /// with the highest R_max; nil when none found a passing rate.
    public var best: String?

    public struct Settings: Codable, Sendable, Equatable {
        public var startRate: Double?
        public var maxRate: Double?
        public var resolution: String?
        public var concurrency: [Int]?
        public var stepSeconds: Double
        public var warmupSeconds: Double
        public var extensions: Int
        public var lateAfterMilliseconds: Double
        public var arrivals: String
        /// Gamma arrivals: their gaps' shape; nil for the others.
        public var burstiness: Double?
        public var connections: Int
        public var workers: Int

        public init(
            startRate: Double?, maxRate: Double?, resolution: String?, concurrency: [Int]?, stepSeconds: Double,
            warmupSeconds: Double, extensions: Int, lateAfterMilliseconds: Double, arrivals: String, connections: Int,
            workers: Int, burstiness: Double? = nil
        ) {
            self.burstiness = burstiness
            self.startRate = startRate
            self.maxRate = maxRate
            self.resolution = resolution
            self.concurrency = concurrency
            self.stepSeconds = stepSeconds
            self.warmupSeconds = warmupSeconds
            self.extensions = extensions
            self.lateAfterMilliseconds = lateAfterMilliseconds
            self.arrivals = arrivals
            self.connections = connections
            self.workers = workers
        }
    }

    public init(
        scenario: RunResult.ScenarioEcho?, environment: RunResult.EnvironmentInfo, mode: String, settings: Settings,
        target: String, serverConfiguration: String?, objectives: [String], steps: [CapacityStep],
        rateMax: RateInterval?, finish: CapacitySearch.Finish?, plan: CapacityPlan?, planRefusal: String?, partial: Bool,
        candidates: [CapacityResult]? = nil
    ) {
        schema = Self.currentSchema
        self.scenario = scenario
        self.environment = environment
        self.mode = mode
        self.settings = settings
        self.target = target
        self.serverConfiguration = serverConfiguration
        self.objectives = objectives
        self.steps = steps
        self.rateMax = rateMax
        self.finish = finish
        self.plan = plan
        self.planRefusal = planRefusal
        self.partial = partial
        self.candidates = candidates
        knee = Self.knee(of: steps)
        bestConcurrency = mode == "concurrency"
            ? steps.filter { $0.outcome == .pass }.max { $0.okRate < $1.okRate }?.concurrency : nil
        headline = ""
        best = candidates.flatMap(Self.best(of:))
        headline = candidates == nil ? Self.headline(of: self) : Self.comparisonHeadline(of: self)
    }

    /// Whether the search found what it was asked: a rate that passed (or, for a sweep, a level that
    /// passed), and it ended on its own. Exit 0 then; 1 otherwise.
    public var found: Bool {
        if let candidates { return !partial && !candidates.isEmpty && candidates.allSatisfy(\.found) }
        if mode == "concurrency" { return !partial && bestConcurrency != nil }
        return !partial && rateMax?.low != nil && (finish == .resolved || finish == .passedAtMaximum)
    }

    public var exitCode: Int32 { found ? 0 : 1 }

    /// What one candidate sustains within the objectives: R_max's lower end, or a sweep's best ok rate.
    public var sustainedRate: Double? {
        if mode == "concurrency" { return steps.first { $0.concurrency == bestConcurrency }?.okRate }
        return rateMax?.low
    }

    /// Cheapest per 1M predictions at peak when every candidate found has a plan; else the highest rate.
    static func best(of candidates: [CapacityResult]) -> String? {
        let found = candidates.filter { $0.sustainedRate != nil }
        if !found.isEmpty, found.allSatisfy({ $0.plan != nil }) {
            return found.min { $0.plan!.costPerMillionPredictionsAtPeak < $1.plan!.costPerMillionPredictionsAtPeak }?.candidate
        }
        return found.max { $0.sustainedRate! < $1.sustainedRate! }?.candidate
    }

    static func comparisonHeadline(of result: CapacityResult) -> String {
        let prefix = result.partial ? "PARTIAL (interrupted): " : ""
        let candidates = result.candidates ?? []
        guard let best = candidates.first(where: { $0.candidate == result.best }) else {
            return prefix + "No candidate met every objective at any rate tried."
        }
        let others = candidates.filter { $0.candidate != best.candidate }
        func summary(_ candidate: CapacityResult) -> String {
            guard let rate = candidate.sustainedRate else { return "\(candidate.candidate ?? "?"): no rate passed" }
            let cost = candidate.plan.map { plan in
                ", \(plan.costPerMillionPredictionsAtPeak.formatted(fractionDigits: plan.costPerMillionPredictionsAtPeak < 1 ? 4 : 2)) \(plan.currency) per 1M predictions at peak on \(plan.instances) instance\(plan.instances == 1 ? "" : "s")"
            } ?? ""
            return "\(candidate.candidate ?? "?") sustains \(CapacityStep.rateText(rate))\(cost)"
        }
        let lead = best.plan != nil ? "Cheapest at the objectives: " : "Most capacity within the objectives: "
        return prefix + lead + summary(best) + (others.isEmpty ? "." : "; " + others.map(summary).joined(separator: "; ") + ".")
    }

    /// The last rate before the median latency first exceeds twice its value at the lowest valid
    /// rate: where the queue starts to grow. The median, not p99: one step's p99 rests on a few
    /// dozen requests and jumps with a single stall, which put the knee of a real search at 800/s
    /// when the latency turned up at 3,500/s.
    static func knee(of steps: [CapacityStep]) -> Double? {
        let curve = steps.filter { $0.valid && $0.offeredRate != nil && $0.p50 != nil }
            .sorted { $0.offeredRate! < $1.offeredRate! }
        guard let base = curve.first?.p50?.value, base > 0 else { return nil }
        guard let bend = curve.firstIndex(where: { $0.p50!.value > 2 * base }), bend > 0 else { return nil }
        return curve[bend - 1].offeredRate
    }

    static func headline(of result: CapacityResult) -> String {
        let prefix = result.partial ? "PARTIAL (interrupted): " : ""
        if result.mode == "concurrency" {
            guard let best = result.steps.first(where: { $0.concurrency == result.bestConcurrency }) else {
                return prefix + "No concurrency level met every objective."
            }
            return prefix + "Concurrency \(best.concurrency!) served the most while meeting every objective: \(best.okRate.formatted(fractionDigits: 1)) ok/s, p99 \(best.p99.map { $0.value.formatted(fractionDigits: 2) } ?? "–") ms."
        }
        let rate = CapacityStep.rateText
        let interval = result.rateMax ?? RateInterval(low: nil, high: nil, highOutcome: nil)
        let why: String
        switch interval.highOutcome {
        case .invalid?: why = "the generator did not send the load asked for (the step was invalid), so R_max may be higher"
        case .inconclusive?: why = "its verdict stayed open after every extension"
        case .fail?: why = "an objective failed"
        default: why = ""
        }
        switch (interval.low, interval.high) {
        case (let low?, let high?):
            let resolved = result.finish == .resolved ? "" : " (not yet resolved)"
            return prefix + "R_max is between \(rate(low)) and \(rate(high))\(resolved): \(rate(low)) met every objective; at \(rate(high)) \(why)."
        case (let low?, nil):
            return prefix + "R_max is at least \(rate(low)): every step passed, up to the highest rate tried. Raise capacity max_rate to find the limit."
        case (nil, let high?):
            return prefix + "No rate met every objective: even \(rate(high)), the first tried, did not pass (\(why)). Lower capacity start_rate."
        case (nil, nil):
            return prefix + "No step was measured."
        }
    }

    public func encoded() throws -> Data { try ResultJSON.encoder().encode(self) }

    public static func decode(_ data: Data) throws -> CapacityResult {
        let result = try ResultJSON.decoder().decode(CapacityResult.self, from: data)
        guard result.schema == currentSchema else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "schema '\(result.schema)' is not \(currentSchema)"))
        }
        return result
    }
}

extension RunResult {
    /// How one objective fared, as saved.
    public struct ObjectiveRecord: Codable, Sendable {
        public var objective: String
        public var figure: String
        public var unit: String
        public var comparator: String
        public var threshold: Double
        public var warnThreshold: Double?
        public var key: Bool
        public var measured: Double?
        public var samples: UInt64
        public var margin: Double?
        public var verdict: GateVerdict
        public var reason: String?

        public init(
            objective: String, figure: String, unit: String, comparator: String, threshold: Double,
            warnThreshold: Double?, key: Bool, measured: Double?, samples: UInt64, margin: Double?, verdict: GateVerdict,
            reason: String?
        ) {
            self.objective = objective
            self.figure = figure
            self.unit = unit
            self.comparator = comparator
            self.threshold = threshold
            self.warnThreshold = warnThreshold
            self.key = key
            self.measured = measured
            self.samples = samples
            self.margin = margin
            self.verdict = verdict
            self.reason = reason
        }
    }
}

extension RunResult.ObjectiveRecord {
    /// The saved form of an objective's result.
    public init(_ result: ObjectiveResult) {
        self.init(
            objective: result.objective.expression.description,
            figure: result.objective.expression.qualifiedFigure,
            unit: result.objective.definition.kind.unit,
            comparator: result.objective.expression.comparator.rawValue,
            threshold: result.threshold, warnThreshold: result.objective.warnThreshold, key: result.objective.key,
            measured: result.measured, samples: result.samples, margin: result.margin,
            verdict: result.verdict, reason: result.reason)
    }

    /// Whether this objective decides the gate: every objective when none is key, else only the key ones.
    public func gates(anyKey: Bool) -> Bool { !anyKey || key }
}

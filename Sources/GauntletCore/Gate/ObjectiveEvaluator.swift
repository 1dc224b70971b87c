/// How one objective fared against a run.
public struct ObjectiveResult: Sendable, Equatable {
    public var objective: Objective
    /// The objective's own verdict, before any key/advisory weighing (see ``GateVerdict/init(_:)``).
    public var verdict: GateVerdict
    /// The figure as measured, in the figure's unit; nil when the run did not produce it.
    public var measured: Double?
    /// How many observations ``measured`` rests on; 0 when the run did not produce the figure.
    public var samples: UInt64
    /// How far ``measured`` sits on the passing side of the threshold, in the figure's unit:
    /// positive is room to spare, negative is how far past it (see ``Comparator/margin(_:_:)``).
    public var margin: Double?
    /// Why the verdict is inconclusive; nil for any other verdict.
    public var reason: String?

    public init(
        objective: Objective, verdict: GateVerdict, measured: Double?, samples: UInt64,
        margin: Double?, reason: String? = nil
    ) {
        self.objective = objective
        self.verdict = verdict
        self.measured = measured
        self.samples = samples
        self.margin = margin
        self.reason = reason
    }

    /// The threshold in the figure's unit.
    public var threshold: Double { objective.threshold }
}

/// The gate's third step: judges validated objectives against the figures a run produced.
///
/// An objective is *inconclusive*, never passed, when its figure rests on too few samples
/// (fewer than ``FigureDefinition/minimumSamples``: `ceil(10 / (1 − p/100))` for a percentile
/// `p`, one for `max`, `mean`, rates, fractions, counts and costs) or when the run did not
/// produce the figure at all. Otherwise it is *fail* when the comparator does not hold against
/// the threshold, *warn* when it holds against the threshold but not against the warn threshold,
/// and *pass* when it holds against both.
///
/// A relative objective (`latency.p99 <= baseline * 1.10`) is never judged here: one run's figure
/// says nothing about the baseline's, and its threshold is a factor or an offset, not a value to
/// compare with. It comes out *inconclusive*, with the figure as measured and the reason;
/// `gauntlet compare` judges it on the interval of the paired difference.
public enum ObjectiveEvaluator {
    /// Judges each objective on its own; ``GateVerdict/init(_:)`` weighs them together.
    public static func evaluate(_ objectives: [Objective], against table: FigureTable) -> [ObjectiveResult] {
        objectives.map { evaluate($0, against: table) }
    }

    /// Judges one objective.
    public static func evaluate(_ objective: Objective, against table: FigureTable) -> ObjectiveResult {
        let expression = objective.expression
        let name = expression.qualifiedFigure
        if objective.isRelative {
            let figure = table[expression.figure, scope: expression.scope].flatMap { $0.value.isNaN ? nil : $0 }
            return ObjectiveResult(
                objective: objective, verdict: .inconclusive, measured: figure?.value, samples: figure?.samples ?? 0,
                margin: nil,
                reason: "'\(expression)' is relative to the baseline candidate: it is judged by gauntlet compare, on the interval's bound")
        }
        guard let figure = table[expression.figure, scope: expression.scope], !figure.value.isNaN else {
            let requirement = objective.definition.requires.map { "; it needs \($0)" } ?? ""
            return ObjectiveResult(
                objective: objective, verdict: .inconclusive, measured: nil, samples: 0, margin: nil,
                reason: "the run did not produce '\(name)'\(requirement)")
        }
        let comparator = expression.comparator
        let margin = comparator.margin(figure.value, objective.threshold)
        func result(_ verdict: GateVerdict, reason: String? = nil) -> ObjectiveResult {
            ObjectiveResult(
                objective: objective, verdict: verdict, measured: figure.value, samples: figure.samples,
                margin: margin, reason: reason)
        }
        let needed = objective.definition.minimumSamples
        guard figure.samples >= needed else {
            let noun = needed == 1 ? "sample" : "samples"
            return result(
                .inconclusive,
                reason: "'\(name)' rests on \(figure.samples) of the \(needed) \(noun) it needs to be judged")
        }
        guard comparator.holds(figure.value, objective.threshold) else { return result(.fail) }
        if let warn = objective.warnThreshold, !comparator.holds(figure.value, warn) { return result(.warn) }
        return result(.pass)
    }
}

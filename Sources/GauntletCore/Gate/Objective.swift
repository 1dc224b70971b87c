/// An objective the validator accepted: its figure exists, its scope is a request the scenario
/// declares, and its thresholds fit the figure's kind and are converted into the figure's unit.
///
/// A relative objective (``relative`` set) compares a candidate with the baseline candidate; only
/// `gauntlet compare` can judge it, and ``ObjectiveEvaluator`` leaves it inconclusive.
public struct Objective: Sendable, Equatable, CustomStringConvertible {
    /// The objective as parsed, for reports.
    public var expression: ObjectiveExpression
    /// The catalogue entry of the figure: its kind and the samples it needs.
    public var definition: FigureDefinition
    /// The threshold in the figure's unit: milliseconds, a fraction, per second, a count or currency.
    /// For a relative objective, the factor or the signed offset of ``relative``: no threshold a
    /// figure can be compared with on its own.
    public var threshold: Double
    /// How the threshold is made from the baseline candidate's figure; nil for an absolute objective.
    public var relative: RelativeThreshold?
    /// The warn threshold as written, if any; always on the passing side of ``threshold``.
    public var warn: Threshold?
    /// The warn threshold in the figure's unit.
    public var warnThreshold: Double?
    /// Whether the objective gates on its own while the objectives not marked key are advisory.
    public var key: Bool
    /// Ends the run as soon as this objective fails, after a grace; nil when it only judges the end.
    public var abort: AbortRule?

    public init(
        expression: ObjectiveExpression, definition: FigureDefinition, threshold: Double,
        warn: Threshold? = nil, warnThreshold: Double? = nil, key: Bool = false, abort: AbortRule? = nil,
        relative: RelativeThreshold? = nil
    ) {
        self.expression = expression
        self.definition = definition
        self.threshold = threshold
        self.relative = relative
        self.warn = warn
        self.warnThreshold = warnThreshold
        self.key = key
        self.abort = abort
    }

    /// Whether the objective is judged against the baseline candidate rather than a fixed threshold.
    public var isRelative: Bool { relative != nil || expression.baseline != nil }

    /// `latency.p99 < 50ms (warn 40ms, key)`.
    public var description: String {
        let notes = [warn.map { "warn \($0)" }, key ? "key" : nil, abort.map { _ in "abort on fail" }].compactMap { $0 }
        return notes.isEmpty ? expression.description : "\(expression) (\(notes.joined(separator: ", ")))"
    }
}

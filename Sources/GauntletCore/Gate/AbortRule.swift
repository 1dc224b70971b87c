/// An objective that ends the run as soon as it fails (`abort_on_fail: true`), once `grace`
/// of the measurement has passed: a build that is clearly failing does not hold a CI runner
/// for the whole duration. Like k6's `abortOnFail` with `delayAbortEval`.
public struct AbortRule: Sendable, Equatable {
    /// How long into the measurement (after the warm-up) the objective is first judged.
    public var grace: Nanoseconds

    public static let defaultGrace: Nanoseconds = 10 * TimeUnit.nanosecondsPerSecond

    public init(grace: Nanoseconds = AbortRule.defaultGrace) {
        self.grace = grace
    }

    /// Run-wide figures known second by second; per-request, quality and cost figures are
    /// assembled only at the end.
    static let liveFamilies = ["latency.", "ok_latency.", "service_time."]
    static let liveFigures = ["error_rate", "errors", "throughput", "achieved_rate"]

    /// Why `expression` cannot abort a run, or nil when it can.
    public static func problem(with expression: ObjectiveExpression) -> String? {
        if expression.baseline != nil {
            return "abort_on_fail judges one run as it goes, and a relative objective is judged only once the candidates have been compared"
        }
        let live = "abort_on_fail judges the run as it goes, so it needs a run-wide figure measured second by second: "
            + "latency.*, ok_latency.*, service_time.*, error_rate, errors (with < or <=), throughput or achieved_rate"
        guard expression.scope == nil else { return live + "; '\(expression.qualifiedFigure)' is one request's" }
        let figure = expression.figure
        guard liveFamilies.contains(where: figure.hasPrefix) || liveFigures.contains(figure) else {
            return live + "; '\(figure)' is known only at the end"
        }
        // A count only grows: `errors > N` fails early and may pass later, so it cannot abort.
        if figure == "errors" && ![.less, .lessOrEqual].contains(expression.comparator) {
            return "abort_on_fail on errors needs < or <=: a count that must grow may still pass later"
        }
        return nil
    }
}

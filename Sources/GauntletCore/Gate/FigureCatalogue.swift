/// The figures objectives may name, each with its kind and how much data it needs.
///
/// A table, so a new figure is one row: add it to ``standard`` (or build a catalogue of your own)
/// and the validator, the suggestions and the evaluator's sample rule all follow.
public struct FigureCatalogue: Sendable {
    /// Every figure, in the order people read them.
    public let definitions: [FigureDefinition]
    private let index: [String: FigureDefinition]

    public init(_ definitions: [FigureDefinition]) {
        self.definitions = definitions
        index = Dictionary(definitions.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The figure called `name` (unscoped: `latency.p99`, not `predict.latency.p99`).
    public subscript(name: String) -> FigureDefinition? { index[name] }

    /// The statistics of a latency histogram that objectives can name.
    public static let histogramStatistics = ["p50", "p90", "p95", "p99", "p99.9", "max", "mean"]

    /// The figures a run produces today and the ones the quality and cost stages will add.
    /// Durations are in milliseconds, fractions between 0 and 1, rates per second.
    public static let standard = FigureCatalogue(
        // From each request's intended send time: what a user waited (rule 2 of docs/measurement.md).
        histogram("latency", perRequest: true)
            // The same for successful requests only: what admitted requests waited under overload.
            + histogram("ok_latency", perRequest: false)
            // From each request's actual send: what the server and network took.
            + histogram("service_time", perRequest: true)
            // How late the generator started sends; a big lag means the generator, not the server, was slow.
            + histogram("schedule_lag", statistics: ["p99"], perRequest: false)
            // Generative answers: time to first token (from the intended send time), every gap
            // between tokens, and time per output token after the first.
            + histogram("ttft", perRequest: true, requires: .tokens)
            + histogram("itl", perRequest: true, requires: .tokens)
            + histogram("tpot", perRequest: true, requires: .tokens)
            + [
                // Output tokens of successful answers per second, and successful answers per
                // second that met every `goodput` limit (vLLM's goodput).
                FigureDefinition(name: "output_tokens_per_second", kind: .rate, perRequest: true, requires: .tokens),
                FigureDefinition(name: "goodput", kind: .rate, perRequest: true, requires: .tokens),
                FigureDefinition(name: "cost_per_1m_output_tokens", kind: .currency, perRequest: false, requires: .cost),
                // Failed requests of every kind ÷ requests completed in the measurement window.
                FigureDefinition(name: "error_rate", kind: .fraction, perRequest: true),
                // Successful requests per second over the window.
                FigureDefinition(name: "throughput", kind: .rate, perRequest: true),
                // Requests completed per second, successful or not.
                FigureDefinition(name: "achieved_rate", kind: .rate, perRequest: true),
                FigureDefinition(name: "requests", kind: .count, perRequest: true),
                FigureDefinition(name: "errors", kind: .count, perRequest: true),
                // The longest outage (first connection failure to first success) and the longest
                // recovery (the target answering again to its first success), over the run.
                FigureDefinition(name: "downtime", kind: .duration, perRequest: false, requires: .outage),
                FigureDefinition(name: "recovery_time", kind: .duration, perRequest: false, requires: .outage),
                // Model quality over labelled predictions; precision, recall and f1 are macro averages.
                FigureDefinition(name: "accuracy", kind: .fraction, perRequest: true, requires: .labels),
                FigureDefinition(name: "precision", kind: .fraction, perRequest: true, requires: .labels),
                FigureDefinition(name: "recall", kind: .fraction, perRequest: true, requires: .labels),
                FigureDefinition(name: "f1", kind: .fraction, perRequest: true, requires: .labels),
                // Hourly price of the serving capacity ÷ predictions served per hour (rule 9).
                FigureDefinition(name: "cost_per_prediction", kind: .currency, perRequest: false, requires: .cost),
                FigureDefinition(name: "cost_per_1m_predictions", kind: .currency, perRequest: false, requires: .cost),
            ])

    /// One figure per statistic of a histogram: `latency.p50`, `latency.p99.9`, `latency.max`, ….
    public static func histogram(
        _ base: String, statistics: [String] = histogramStatistics, perRequest: Bool, requires: FigureRequirement? = nil
    ) -> [FigureDefinition] {
        statistics.map { statistic in
            guard let samples = minimumSamples(statistic: statistic) else {
                preconditionFailure("'\(statistic)' is not a statistic the gate can judge")
            }
            return FigureDefinition(
                name: "\(base).\(statistic)", kind: .duration, perRequest: perRequest, minimumSamples: samples,
                requires: requires)
        }
    }

    /// The fewest samples a histogram statistic needs before it can pass or fail.
    ///
    /// A percentile `p` needs at least `ceil(10 / (1 − p/100))` samples, so that at least ten of
    /// them lie above it and one outlier cannot decide it: p50 → 20, p90 → 100, p99 → 1000,
    /// p99.9 → 10000. `max` and `mean` need one. Computed in integers from the digits as written,
    /// so p90 is exactly 100 rather than whatever `1 − 0.9` rounds to.
    /// - Returns: nil when `statistic` is not `max`, `mean` or a percentile below 100.
    public static func minimumSamples(statistic: String) -> UInt64? {
        if statistic == "max" || statistic == "mean" { return 1 }
        guard ObjectiveScanner.isPercentile(statistic) else { return nil }
        let digits = statistic.dropFirst()
        let decimals = digits.split(separator: ".").dropFirst().first?.count ?? 0
        guard decimals <= 6, let scaled = UInt64(digits.filter { $0 != "." }) else { return nil }
        var scale: UInt64 = 1
        for _ in 0..<decimals { scale *= 10 }
        guard scaled < 100 * scale else { return nil }
        let tail = 100 * scale - scaled  // (100 − p), in units of 1/scale
        return (1_000 * scale + tail - 1) / tail
    }
}

/// One figure an objective can name.
public struct FigureDefinition: Sendable, Equatable {
    /// The unscoped name: `latency.p99`, `error_rate`.
    public var name: String
    public var kind: FigureKind
    /// Whether the figure also exists per request, written `<request>.<name>`.
    public var perRequest: Bool
    /// The fewest observations the figure's value must rest on before it can pass or fail;
    /// with fewer, its objective is inconclusive (rule 6 of docs/measurement.md). One for rates,
    /// fractions, counts and costs: they need at least one request.
    public var minimumSamples: UInt64
    /// What the run must include for the figure to exist: checked against a plan before it is
    /// sent, and said when a run did not produce the figure.
    public var requires: FigureRequirement?

    public init(
        name: String, kind: FigureKind, perRequest: Bool, minimumSamples: UInt64 = 1, requires: FigureRequirement? = nil
    ) {
        self.name = name
        self.kind = kind
        self.perRequest = perRequest
        self.minimumSamples = minimumSamples
        self.requires = requires
    }
}

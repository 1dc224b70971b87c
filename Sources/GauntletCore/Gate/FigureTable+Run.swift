extension FigureTable {
    /// Every figure the gate can read, assembled once from a run's measurements: the run-wide
    /// figures of its summary, model quality, cost, and each request template's figures under
    /// its name (`predict.latency.p99`, `predict.accuracy`).
    public init(measurements: RunMeasurements, summary: RunSummary, cost: CostFigures?) {
        self.init(summary)
        add(QualityFigures(measurements.quality))
        if let cost {
            self["cost_per_prediction"] = Figure(value: cost.costPerPrediction, samples: cost.predictions)
            self["cost_per_1m_predictions"] = Figure(value: cost.costPerMillionPredictions, samples: cost.predictions)
            if let perMillion = cost.costPerMillionOutputTokens, let tokens = cost.outputTokens {
                self["cost_per_1m_output_tokens"] = Figure(value: perMillion, samples: tokens)
            }
        }
        for (name, recorder) in measurements.byRequest {
            let measured = recorder.measured
            add(LatencyFigures(recorder.latency), as: "latency", scope: name)
            add(LatencyFigures(recorder.serviceTime), as: "service_time", scope: name)
            addRequests(
                completed: measured.completed, ok: measured.ok, errors: measured.errors,
                windowSeconds: summary.rate.windowSeconds, scope: name)
            add(QualityFigures(measurements.quality.only(template: name)), scope: name)
            if let tokens = recorder.tokens {
                add(TokenFigures(tokens, windowSeconds: summary.rate.windowSeconds, limits: summary.plan.goodput ?? GoodputLimits()),
                    completed: measured.completed, scope: name)
            }
        }
    }

    /// Adds `ttft.*`, `itl.*`, `tpot.*` (each resting on its histogram's count), and
    /// `output_tokens_per_second` and `goodput`, which rest on the requests `completed`, as
    /// `throughput` does: a run whose every answer failed has a goodput of 0 that fails its objective.
    public mutating func add(_ tokens: TokenFigures, completed: UInt64, scope: String? = nil) {
        add(tokens.ttft, as: "ttft", scope: scope)
        add(tokens.itl, as: "itl", scope: scope)
        add(tokens.tpot, as: "tpot", scope: scope)
        self["output_tokens_per_second", scope: scope] = Figure(value: tokens.outputTokensPerSecond, samples: completed)
        self["goodput", scope: scope] = Figure(value: tokens.goodput.perSecond, samples: completed)
    }

    /// Adds `accuracy`, `precision`, `recall` and `f1`, each resting on the labelled predictions;
    /// nothing without them, so an objective on them is inconclusive.
    public mutating func add(_ quality: QualityFigures?, scope: String? = nil) {
        guard let quality else { return }
        for (name, value) in [("accuracy", quality.accuracy), ("precision", quality.precision),
                              ("recall", quality.recall), ("f1", quality.f1)] {
            self[name, scope: scope] = Figure(value: value, samples: quality.predictions)
        }
    }

    /// The figures a run summary holds: latency, service-time and schedule-lag statistics, and
    /// the counts and rates of the measurement window.
    ///
    /// A summary has no per-request, model-quality or cost figures yet, so objectives on those
    /// stay inconclusive until the stages that measure them fill them in.
    public init(_ summary: RunSummary) {
        self.init()
        add(summary.latency, as: "latency")
        if let successLatency = summary.successLatency { add(successLatency, as: "ok_latency") }
        add(summary.serviceTime, as: "service_time")
        add(summary.scheduleLag.figures, as: "schedule_lag")
        addRequests(
            completed: summary.requests.completed, ok: summary.requests.ok, errors: summary.requests.errors,
            windowSeconds: summary.rate.windowSeconds)
        if let tokens = summary.tokens { add(tokens, completed: summary.requests.completed) }
        // Each rests on the outages seen: with none, an objective on them is inconclusive.
        if let worst = summary.worstOutage, let count = summary.outages?.count {
            self["downtime"] = Figure(value: worst.downtime * 1_000, samples: UInt64(count))
            self["recovery_time"] = Figure(value: worst.recovery * 1_000, samples: UInt64(count))
        }
    }

    /// Adds one figure per statistic of a histogram (`latency.p50` … `latency.max`, `latency.mean`),
    /// each resting on the histogram's count.
    /// - Parameters:
    ///   - base: the figure family, e.g. `latency` or `service_time`.
    ///   - scope: the request the histogram is for; nil for the whole run.
    public mutating func add(_ figures: LatencyFigures, as base: String, scope: String? = nil) {
        let statistics: [(String, Double)] = [
            ("p50", figures.p50), ("p90", figures.p90), ("p95", figures.p95), ("p99", figures.p99),
            ("p99.9", figures.p999), ("max", figures.max), ("mean", figures.mean),
        ]
        for (statistic, value) in statistics {
            self["\(base).\(statistic)", scope: scope] = Figure(value: value, samples: figures.count)
        }
    }

    /// Adds `requests`, `errors`, `error_rate`, `throughput` and `achieved_rate`, each resting on the
    /// requests completed in the window: a run whose every request failed has a throughput of 0
    /// that fails its objective, while a run that completed none is inconclusive.
    public mutating func addRequests(
        completed: UInt64, ok: UInt64, errors: UInt64, windowSeconds: Double, scope: String? = nil
    ) {
        let window = windowSeconds > 0 ? windowSeconds : .nan
        let figures: [(String, Double)] = [
            ("requests", Double(completed)),
            ("errors", Double(errors)),
            ("error_rate", completed == 0 ? 0 : Double(errors) / Double(completed)),
            ("throughput", Double(ok) / window),
            ("achieved_rate", Double(completed) / window),
        ]
        for (name, value) in figures {
            self[name, scope: scope] = Figure(value: value, samples: completed)
        }
    }
}

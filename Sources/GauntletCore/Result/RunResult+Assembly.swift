import Foundation

extension RunResult {
    /// Assembles a result from raw measurements: every figure, the histograms, quality, cost, and
    /// the gate's verdict on the description's objectives. The one place a result is made, for a
    /// live run and for merged segments alike.
    public init(measurements: RunMeasurements, description: RunDescription, host: String = ProcessInfo.processInfo.hostName) {
        let summary = RunSummary(plan: description.plan, measurements: measurements)
        var cost = CostFigures(measurements: measurements, description: description, windowSeconds: summary.rate.windowSeconds)
        if let tokens = measurements.recorder.tokens { cost?.priceTokens(tokens.outputTokens) }
        let table = FigureTable(measurements: measurements, summary: summary, cost: cost)
        let results = ObjectiveEvaluator.evaluate(description.objectives, against: table)
        let gate = results.isEmpty ? nil : GateVerdict(results)
        cost?.meetsObjectives = gate.map { !$0.isMiss }

        schema = Self.currentSchema
        scenario = description.echo
        environment = EnvironmentInfo(
            host: host, cores: ProcessInfo.processInfo.activeProcessorCount,
            os: ProcessInfo.processInfo.operatingSystemVersionString, gauntletVersion: GauntletVersion.current,
            startedAt: measurements.startedAt, endedAt: measurements.endedAt, idlePolling: measurements.idlePolling)
        self.summary = summary
        phases = description.phases.enumerated().map { index, span in
            PhaseResult(span, figures: measurements.byPhase.indices.contains(index)
                ? ScopeFigures(measurements.byPhase[index], windowSeconds: span.endSeconds - span.startSeconds, goodput: summary.plan.goodput)
                : nil)
        }
        // A request's own confusion matrix is enough here; the rows stay in the run-wide counts.
        requests = Dictionary(uniqueKeysWithValues: measurements.byRequest.map { name, recorder in
            (name, ScopeFigures(
                recorder, quality: QualityFigures(measurements.quality.only(template: name).withoutRows),
                windowSeconds: summary.rate.windowSeconds, goodput: summary.plan.goodput))
        })
        let recorder = measurements.recorder
        histograms = HistogramSet(
            latency: recorder.latency.base64EncodedV2(), serviceTime: recorder.serviceTime.base64EncodedV2(),
            scheduleLag: recorder.scheduleLag.base64EncodedV2(), successLatency: recorder.successLatency.base64EncodedV2(),
            byRequest: measurements.byRequest.mapValues(ScopeHistograms.init),
            byPhase: measurements.byPhase.isEmpty ? nil : measurements.byPhase.map(ScopeHistograms.init),
            bySecond: measurements.seriesHistograms)
        histograms.tokens = recorder.tokens.map(TokenHistograms.init)
        objectives = results.map(ObjectiveRecord.init)
        verdict = RunVerdict(gate)
        strict = nil
        aborted = nil
        self.cost = cost
        quality = QualityFigures(measurements.quality)
        failureSamples = measurements.failures.samples.isEmpty ? nil : measurements.failures.all
        server = description.server
        schedule = measurements.schedule
        segment = description.segment
        mergedFrom = nil
    }
}

extension CostFigures {
    /// Cost over the measurement window, counting each successful request's predictions.
    public init?(measurements: RunMeasurements, description: RunDescription, windowSeconds: Double) {
        guard let section = description.cost else { return nil }
        var predictions: UInt64 = 0
        for (name, recorder) in measurements.byRequest {
            predictions += recorder.measured.ok * (description.predictionsPerRequest[name] ?? 1)
        }
        self.init(cost: section, predictions: predictions, windowSeconds: windowSeconds, meetsObjectives: nil)
    }
}

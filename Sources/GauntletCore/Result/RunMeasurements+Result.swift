import Foundation

extension RunMeasurements {
    /// The raw measurements a saved result holds, rebuilt so they can be merged with other
    /// segments' and judged again: histograms decoded, counts as saved.
    /// - Throws: ``ResultReadError`` naming what the result lacks (it was written before results
    ///   kept everything a merge needs) or what does not decode.
    public init(_ result: RunResult) throws(ResultReadError) {
        let histograms = result.histograms
        guard let successLatency = histograms.successLatency, let bySecond = histograms.bySecond else {
            throw ResultReadError("it was written before reports kept what a merge needs (per-second and success-latency histograms)")
        }
        let plan = result.summary.plan
        let warmupEnd = Nanoseconds((plan.warmupSeconds * 1e9).rounded())
        func histogram(_ text: String, _ what: String, perSecond: Bool = false) throws(ResultReadError) -> LatencyHistogram {
            let decoded: LatencyHistogram
            do { decoded = try LatencyHistogram(base64EncodedV2: text) } catch {
                throw ResultReadError("histogram \(what) does not decode: \(error)")
            }
            guard LatencyHistogramLayout.matches(decoded, perSecond: perSecond) else {
                throw ResultReadError(
                    "histogram \(what) has other settings (\(decoded.numberOfSignificantValueDigits.rawValue) significant digits, "
                        + "\(decoded.lowestDiscernibleValue)–\(decoded.highestTrackableValue) µs) than this version records, so it cannot merge exactly")
            }
            return decoded
        }
        func tokenRecorder(_ figures: TokenFigures?, _ saved: RunResult.TokenHistograms?, _ what: String) throws(ResultReadError) -> TokenRecorder? {
            guard let figures else { return nil }
            guard let saved else { throw ResultReadError("\(what) has token figures but no token histograms") }
            return TokenRecorder(
                ttft: try histogram(saved.ttft, "\(what) ttft"), itl: try histogram(saved.itl, "\(what) itl"),
                tpot: try histogram(saved.tpot, "\(what) tpot"), requests: figures.requests, outputTokens: figures.outputTokens,
                outputCountedByServer: figures.outputCountedByServer, inputTokens: figures.inputTokens ?? 0,
                inputCounted: figures.inputTokensCounted ?? 0, good: figures.goodput.requests)
        }
        func scopeRecorder(_ figures: RunResult.ScopeFigures, _ saved: RunResult.ScopeHistograms, _ what: String) throws(ResultReadError) -> Recorder {
            guard let statusCodes = figures.statusCodes, let lateSends = figures.lateSends,
                  let success = saved.successLatency, let lag = saved.scheduleLag
            else { throw ResultReadError("\(what) lacks the counts or histograms a merge needs") }
            return Recorder(
                measurementStart: warmupEnd, latency: try histogram(saved.latency, "\(what) latency"),
                successLatency: try histogram(success, "\(what) success latency"),
                serviceTime: try histogram(saved.serviceTime, "\(what) service time"),
                scheduleLag: try histogram(lag, "\(what) schedule lag"),
                measured: OutcomeCounts(completed: figures.completed, ok: figures.ok, errorsByKind: figures.errorsByKind, statusCodes: statusCodes),
                warmup: OutcomeCounts(completed: figures.warmup ?? 0, ok: figures.warmup ?? 0, errorsByKind: [:], statusCodes: [:]),
                lateSends: lateSends, lastMeasuredFinish: 0, tokens: try tokenRecorder(figures.tokens, saved.tokens, what))
        }

        let summary = result.summary
        let requests = summary.requests
        let window = Nanoseconds((summary.rate.windowSeconds * 1e9).rounded())
        recorder = Recorder(
            measurementStart: warmupEnd, latency: try histogram(histograms.latency, "latency"),
            successLatency: try histogram(successLatency, "success latency"),
            serviceTime: try histogram(histograms.serviceTime, "service time"),
            scheduleLag: try histogram(histograms.scheduleLag, "schedule lag"),
            measured: OutcomeCounts(completed: requests.completed, ok: requests.ok, errorsByKind: requests.errorsByKind, statusCodes: requests.statusCodes),
            warmup: OutcomeCounts(completed: requests.warmup, ok: requests.warmup, errorsByKind: [:], statusCodes: [:]),
            // The window is the planned one or runs to the last measured answer: saved as its length.
            lateSends: summary.scheduleLag.lateSends, lastMeasuredFinish: warmupEnd + window,
            tokens: try tokenRecorder(summary.tokens, histograms.tokens, "tokens"))

        var byRequest: [String: Recorder] = [:]
        for (name, figures) in result.requests {
            guard let saved = histograms.byRequest[name] else { throw ResultReadError("request '\(name)' has no histograms") }
            byRequest[name] = try scopeRecorder(figures, saved, "of request '\(name)'")
        }
        self.byRequest = byRequest
        byPhase = []
        if !result.phases.isEmpty {
            guard let savedPhases = histograms.byPhase, savedPhases.count == result.phases.count else {
                throw ResultReadError("it lacks per-phase histograms")
            }
            for (index, phase) in result.phases.enumerated() {
                guard let figures = phase.figures else { throw ResultReadError("phase '\(phase.name)' lacks its counts") }
                byPhase.append(try scopeRecorder(figures, savedPhases[index], "of phase '\(phase.name)'"))
            }
        }
        quality = result.quality?.confusion ?? QualityCounts()
        failures = FailureSamples(result.failureSamples ?? [])
        guard bySecond.count == summary.series.count else {
            throw ResultReadError("it has \(summary.series.count) seconds in its series but \(bySecond.count) per-second histograms")
        }
        for (point, saved) in zip(summary.series, bySecond) where point.second != saved.second {
            throw ResultReadError("second \(point.second) of its series has the histograms of second \(saved.second)")
        }
        for saved in bySecond {
            for (text, what) in [(saved.latency, "latency"), (saved.successLatency, "success latency"),
                                 (saved.serviceTime, "service time"), (saved.scheduleLag, "schedule lag"),
                                 (saved.ttft ?? saved.latency, "ttft"), (saved.itl ?? saved.latency, "itl")] {
                _ = try histogram(text, "\(what) of second \(saved.second)", perSecond: true)
            }
        }
        series = summary.series
        seriesHistograms = bySecond
        sent = requests.sent
        schedule = result.schedule ?? ScheduleDigest()
        cancelled = requests.cancelled
        generatorCPU = Nanoseconds((summary.generator.cpuSeconds * 1e9).rounded())
        elapsed = Nanoseconds((summary.generator.elapsedSeconds * 1e9).rounded())
        interrupted = summary.interrupted
        startedAt = summary.startedAt
        endedAt = summary.endedAt
        idlePolling = result.environment.idlePolling
        outages = summary.outages ?? []
        httpVersions = requests.httpVersions ?? [:]
    }

    /// Adds another segment's measurements of the same run (same start, same phases): histograms
    /// bucket by bucket, counts by addition, seconds by their number. The result does not depend
    /// on the order segments are merged in.
    public mutating func merge(_ other: RunMeasurements) throws(HistogramCodecError) {
        precondition(byPhase.count == other.byPhase.count, "segments of one run share its phases")
        recorder.merge(other.recorder)
        for (name, theirs) in other.byRequest {
            if byRequest[name] == nil {
                byRequest[name] = theirs
            } else {
                byRequest[name]!.merge(theirs)
            }
        }
        for index in byPhase.indices { byPhase[index].merge(other.byPhase[index]) }
        quality.merge(other.quality)
        failures.merge(other.failures)
        var seconds: [Int: (point: SecondPoint, histograms: SecondHistograms)] = [:]
        for (point, saved) in zip(series, seriesHistograms) { seconds[point.second] = (point, saved) }
        for (point, saved) in zip(other.series, other.seriesHistograms) {
            guard let mine = seconds[point.second] else {
                seconds[point.second] = (point, saved)
                continue
            }
            var merged = try WorkerSecond(mine.point, histograms: mine.histograms)
            merged.absorb(try WorkerSecond(point, histograms: saved))
            var mergedPoint = merged.point
            mergedPoint.offeredRate = Self.sum(mine.point.offeredRate, point.offeredRate)
            seconds[point.second] = (mergedPoint, merged.encodedHistograms)
        }
        let ordered = seconds.keys.sorted().map { seconds[$0]! }
        series = ordered.map(\.point)
        seriesHistograms = ordered.map(\.histograms)
        sent += other.sent
        schedule.merge(other.schedule)
        cancelled += other.cancelled
        generatorCPU += other.generatorCPU
        elapsed = max(elapsed, other.elapsed)
        interrupted = interrupted || other.interrupted
        startedAt = min(startedAt, other.startedAt)
        endedAt = max(endedAt, other.endedAt)
        idlePolling = IdlePolling.combined([idlePolling, other.idlePolling].compactMap { $0 })
        outages = Outage.merged(outages + other.outages)
        httpVersions.merge(other.httpVersions, uniquingKeysWith: +)
    }

    private static func sum(_ lhs: Double?, _ rhs: Double?) -> Double? {
        switch (lhs, rhs) {
        case (nil, nil): nil
        default: (lhs ?? 0) + (rhs ?? 0)
        }
    }
}

/// Why a saved result cannot be read back into measurements.
public struct ResultReadError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

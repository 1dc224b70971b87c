/// One step of a capacity search as the report keeps it: what was offered, what came back, the
/// percentiles with their confidence intervals, the generator's health, and the verdict with why.
public struct CapacityStep: Sendable, Codable, Equatable {
    /// 1-based, in the order measured.
    public var number: Int
    public var stage: CapacitySearch.Stage
    /// Open-loop requests per second asked for; for a concurrency sweep, nil.
    public var offeredRate: Double?
    /// Closed-loop requests kept in flight; nil for a rate step.
    public var concurrency: Int?
    /// Times the step was measured again and merged, because its verdict was still open.
    public var extensions: Int
    /// Measured seconds, over the step and its extensions.
    public var measuredSeconds: Double
    /// Requests the schedule asked for in the measured windows (open loop).
    public var scheduled: UInt64?
    public var completed: UInt64
    public var ok: UInt64
    public var errors: UInt64
    /// 503 answers: the target shedding load.
    public var shed: UInt64
    /// Finished requests per second over the measured windows.
    public var achievedRate: Double
    /// Successful requests per second.
    public var okRate: Double
    /// Latency from each request's intended send time, with 95% order-statistic intervals.
    public var p50: PercentileInterval?
    public var p90: PercentileInterval?
    public var p99: PercentileInterval?
    public var serviceTimeP50Milliseconds: Double
    public var scheduleLagP99Milliseconds: Double
    /// Sends that started more than ``lateAfterMilliseconds`` after their time.
    public var lateSends: UInt64
    public var lateAfterMilliseconds: Double
    /// The most requests in flight in any second, and the connections the generator had.
    public var peakInFlight: UInt64?
    public var connections: Int
    public var generatorCPUSeconds: Double
    /// The embedded server's CPU over the step and its peak resident memory so far; nil for an
    /// external target.
    public var serverCPUSeconds: Double?
    public var serverPeakResidentBytes: UInt64?
    /// Median latency in each third of the last measurement, for the stability rule.
    public var windowMedianMilliseconds: [Double]
    public var stable: Bool
    public var objectives: [CapacityObjectiveResult]
    public var outcome: CapacitySearch.Outcome
    /// Why the outcome is what it is, in words; empty for a plain pass.
    public var reasons: [String]
    /// Whether the generator sent what was asked (see ``CapacitySection/lateAfter``).
    public var valid: Bool

    /// Every stored property as it is; for building a step outside the search (tests, tools). The
    /// search itself builds steps from what it measured, with the init in the extension below.
    public init(
        number: Int, stage: CapacitySearch.Stage, offeredRate: Double?, concurrency: Int?, extensions: Int,
        measuredSeconds: Double, scheduled: UInt64?, completed: UInt64, ok: UInt64, errors: UInt64, shed: UInt64,
        achievedRate: Double, okRate: Double, p50: PercentileInterval?, p90: PercentileInterval?, p99: PercentileInterval?,
        serviceTimeP50Milliseconds: Double, scheduleLagP99Milliseconds: Double, lateSends: UInt64, lateAfterMilliseconds: Double,
        peakInFlight: UInt64?, connections: Int, generatorCPUSeconds: Double, serverCPUSeconds: Double?,
        serverPeakResidentBytes: UInt64?, windowMedianMilliseconds: [Double], stable: Bool, objectives: [CapacityObjectiveResult],
        outcome: CapacitySearch.Outcome, reasons: [String], valid: Bool
    ) {
        self.number = number
        self.stage = stage
        self.offeredRate = offeredRate
        self.concurrency = concurrency
        self.extensions = extensions
        self.measuredSeconds = measuredSeconds
        self.scheduled = scheduled
        self.completed = completed
        self.ok = ok
        self.errors = errors
        self.shed = shed
        self.achievedRate = achievedRate
        self.okRate = okRate
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.serviceTimeP50Milliseconds = serviceTimeP50Milliseconds
        self.scheduleLagP99Milliseconds = scheduleLagP99Milliseconds
        self.lateSends = lateSends
        self.lateAfterMilliseconds = lateAfterMilliseconds
        self.peakInFlight = peakInFlight
        self.connections = connections
        self.generatorCPUSeconds = generatorCPUSeconds
        self.serverCPUSeconds = serverCPUSeconds
        self.serverPeakResidentBytes = serverPeakResidentBytes
        self.windowMedianMilliseconds = windowMedianMilliseconds
        self.stable = stable
        self.objectives = objectives
        self.outcome = outcome
        self.reasons = reasons
        self.valid = valid
    }

    /// The names as saved (snake case by ``ResultJSON``). Spelled out for the two CPU figures only:
    /// `generatorCPUSeconds` is written `generator_cpu_seconds`, which the decoder turns back into
    /// `generatorCpuSeconds`, so without these keys a saved report could not be read again.
    enum CodingKeys: String, CodingKey {
        case number, stage, offeredRate, concurrency, extensions, measuredSeconds, scheduled, completed, ok, errors, shed
        case achievedRate, okRate, p50, p90, p99, serviceTimeP50Milliseconds, scheduleLagP99Milliseconds, lateSends
        case lateAfterMilliseconds, peakInFlight, connections
        case generatorCPUSeconds = "generatorCpuSeconds"
        case serverCPUSeconds = "serverCpuSeconds"
        case serverPeakResidentBytes, windowMedianMilliseconds, stable, objectives, outcome, reasons, valid
    }

    public var rateLabel: String {
        if let concurrency { return "concurrency \(concurrency)" }
        return Self.rateText(offeredRate ?? 0)
    }

    /// `50/s`, `487.5/s`, `1234/s`: whole rates without decimals, others to 0.1 below 100/s.
    public static func rateText(_ rate: Double) -> String {
        if rate == rate.rounded(), rate < 1e15 { return "\(Int(rate))/s" }
        return "\(rate.formatted(fractionDigits: rate < 100 || rate != rate.rounded() && rate < 1_000 ? 1 : 0))/s"
    }
}

/// How one objective fared in a step: as measured, and on the interval's two ends.
public struct CapacityObjectiveResult: Sendable, Codable, Equatable {
    public var objective: String
    /// pass: it holds on the adverse bound; fail: it fails on the favourable bound; inconclusive: between.
    public var verdict: GateVerdict
    public var key: Bool
    /// In the figure's unit (``FigureKind/unit``): milliseconds for a latency, a fraction for an error rate.
    public var threshold: Double
    public var measured: Double?
    /// The interval's ends when the figure has one (a percentile, a fraction); else nil.
    public var lower: Double?
    public var upper: Double?
    public var samples: UInt64
    public var reason: String?

    /// Every stored property as it is; the judge makes these, and tests build them to stand for one.
    public init(
        objective: String, verdict: GateVerdict, key: Bool, threshold: Double, measured: Double?, lower: Double?,
        upper: Double?, samples: UInt64, reason: String?
    ) {
        self.objective = objective
        self.verdict = verdict
        self.key = key
        self.threshold = threshold
        self.measured = measured
        self.lower = lower
        self.upper = upper
        self.samples = samples
        self.reason = reason
    }
}

extension CapacityStep {
    /// The step as the report keeps it, from what it measured and how it was judged.
    /// - Parameters:
    ///   - outcome: the judgement's, or what the search made of it (undecided after the last
    ///     extension is inconclusive); `reasons` likewise.
    public init(
        number: Int, stage: CapacitySearch.Stage, offeredRate: Double?, concurrency: Int?, extensions: Int,
        measured: CapacityStepJudge.Measured, judgement: CapacityStepJudge.Judgement, outcome: CapacitySearch.Outcome,
        reasons: [String], lateAfter: Nanoseconds, serverCPUSeconds: Double?, serverPeakResidentBytes: UInt64?
    ) {
        let recorder = measured.measurements.recorder
        let summary = measured.summary
        self.init(
            number: number, stage: stage, offeredRate: offeredRate, concurrency: concurrency, extensions: extensions,
            measuredSeconds: summary.plan.durationSeconds, scheduled: measured.scheduled, completed: recorder.measured.completed,
            ok: recorder.measured.ok, errors: recorder.measured.errors, shed: recorder.measured.statusCodes[503] ?? 0,
            achievedRate: summary.rate.achieved, okRate: summary.rate.successful,
            p50: PercentileInterval(recorder.latency, percentile: 50), p90: PercentileInterval(recorder.latency, percentile: 90),
            p99: PercentileInterval(recorder.latency, percentile: 99), serviceTimeP50Milliseconds: summary.serviceTime.p50,
            scheduleLagP99Milliseconds: summary.scheduleLag.figures.p99, lateSends: judgement.lateSends,
            lateAfterMilliseconds: lateAfter.nanosecondsAsMilliseconds, peakInFlight: measured.lastSeries.compactMap(\.inFlight).max(),
            connections: measured.connections, generatorCPUSeconds: summary.generator.cpuSeconds, serverCPUSeconds: serverCPUSeconds,
            serverPeakResidentBytes: serverPeakResidentBytes, windowMedianMilliseconds: judgement.windowMedians,
            stable: judgement.stable, objectives: judgement.objectives, outcome: outcome, reasons: reasons, valid: judgement.valid)
    }
}

import Foundation

/// What the engine hands on when a run ends: raw, mergeable measurements, no verdicts.
///
/// Every part merges exactly (histograms bucket by bucket, counts by addition), which is how
/// workers' measurements become a run's, and segments' become one run's (``merge(_:)``).
public struct RunMeasurements: Sendable {
    /// Merged across workers and requests.
    public var recorder: Recorder
    /// Merged across workers, by request template name.
    public var byRequest: [String: Recorder]
    /// By load phase, in the plan's order; a request counts in the phase its intended send
    /// time falls in. Empty when the engine was given no phases.
    public var byPhase: [Recorder]
    /// Predictions against expected labels, in the measurement window.
    public var quality: QualityCounts
    /// A few failed requests per request and failure, as they were seen.
    public var failures: FailureSamples
    /// One point per second of the run, warm-up included, and the histograms behind each.
    public var series: [SecondPoint]
    public var seriesHistograms: [SecondHistograms]
    /// Requests started, warm-up included.
    public var sent: UInt64
    /// The open-loop arrivals sent, as an order-independent fingerprint.
    public var schedule: ScheduleDigest
    /// Requests still in flight when the run was interrupted (never recorded).
    public var cancelled: UInt64
    /// CPU time the generator's worker threads used.
    public var generatorCPU: Nanoseconds
    /// From the run's start until the last worker finished.
    public var elapsed: Nanoseconds
    public var interrupted: Bool
    public var startedAt: Date
    public var endedAt: Date
    /// Whether idle CPUs were kept polling while it ran; nil when not known (a saved result).
    public var idlePolling: IdlePolling?
    /// When the target could not be reached, merged across workers; empty when it always could.
    public var outages: [Outage]
    /// Answers in the measurement window by the HTTP version they came in (`1.1`, `2`); empty
    /// when not known (a result saved before it was kept).
    public var httpVersions: [String: UInt64]

    public init(
        recorder: Recorder, byRequest: [String: Recorder] = [:], byPhase: [Recorder] = [],
        quality: QualityCounts = QualityCounts(), failures: FailureSamples = FailureSamples(), series: [SecondPoint], seriesHistograms: [SecondHistograms] = [],
        sent: UInt64, schedule: ScheduleDigest = ScheduleDigest(), cancelled: UInt64,
        generatorCPU: Nanoseconds, elapsed: Nanoseconds, interrupted: Bool, startedAt: Date, endedAt: Date,
        idlePolling: IdlePolling? = nil, outages: [Outage] = [], httpVersions: [String: UInt64] = [:]
    ) {
        self.recorder = recorder
        self.byRequest = byRequest
        self.byPhase = byPhase
        self.quality = quality
        self.failures = failures
        self.series = series
        self.seriesHistograms = seriesHistograms
        self.sent = sent
        self.schedule = schedule
        self.cancelled = cancelled
        self.generatorCPU = generatorCPU
        self.elapsed = elapsed
        self.interrupted = interrupted
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.idlePolling = idlePolling
        self.outages = outages
        self.httpVersions = httpVersions
    }
}

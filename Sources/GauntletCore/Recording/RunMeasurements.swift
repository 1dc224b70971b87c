import Foundation

/// What the engine hands on when a run ends: raw, mergeable measurements, no verdicts.
public struct RunMeasurements: Sendable {
    /// Merged across workers and requests.
    public var recorder: Recorder
    /// Merged across workers, by request template name.
    public var byRequest: [String: Recorder]
    /// Predictions against expected labels, in the measurement window.
    public var quality: QualityCounts
    /// One point per second of the run, warm-up included.
    public var series: [SecondPoint]
    /// Requests started, warm-up included.
    public var sent: UInt64
    /// Requests still in flight when the run was interrupted (never recorded).
    public var cancelled: UInt64
    /// CPU time the generator's worker threads used.
    public var generatorCPU: Nanoseconds
    /// From the run's start until the last worker finished.
    public var elapsed: Nanoseconds
    public var interrupted: Bool
    public var startedAt: Date
    public var endedAt: Date

    public init(
        recorder: Recorder, byRequest: [String: Recorder] = [:], quality: QualityCounts = QualityCounts(),
        series: [SecondPoint], sent: UInt64, cancelled: UInt64,
        generatorCPU: Nanoseconds, elapsed: Nanoseconds, interrupted: Bool, startedAt: Date, endedAt: Date
    ) {
        self.recorder = recorder
        self.byRequest = byRequest
        self.quality = quality
        self.series = series
        self.sent = sent
        self.cancelled = cancelled
        self.generatorCPU = generatorCPU
        self.elapsed = elapsed
        self.interrupted = interrupted
        self.startedAt = startedAt
        self.endedAt = endedAt
    }
}

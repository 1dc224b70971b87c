/// Everything one worker measures, merged exactly across workers at the end.
///
/// Requests due before `measurementStart` (the warm-up) are counted apart and
/// kept out of every histogram, so objectives are judged on the measurement window alone.
public struct Recorder: Sendable {
    /// A send that starts later than this after its intended time counts as late.
    public static let lateSendThreshold: Nanoseconds = 1 * TimeUnit.nanosecondsPerMillisecond

    public let measurementStart: Nanoseconds
    /// Latency from the intended send time (µs).
    public private(set) var latency = LatencyHistogramLayout.make()
    /// Latency from the intended send time of successful requests only (µs): under overload, what
    /// the admitted requests waited, apart from the quick refusals (k6's expected_response:true).
    public private(set) var successLatency = LatencyHistogramLayout.make()
    /// Latency from the actual send (µs).
    public private(set) var serviceTime = LatencyHistogramLayout.make()
    /// How late sends started (µs).
    public private(set) var scheduleLag = LatencyHistogramLayout.make()
    public private(set) var measured = OutcomeCounts()
    public private(set) var warmup = OutcomeCounts()
    /// Measured sends that started more than `lateSendThreshold` after their intended time.
    public private(set) var lateSends: UInt64 = 0
    /// The latest finish of a measured request; 0 before any.
    public private(set) var lastMeasuredFinish: Nanoseconds = 0

    public init(measurementStart: Nanoseconds) {
        self.measurementStart = measurementStart
    }

    /// A recorder rebuilt from saved parts (a result's counts and histograms), to merge it with others.
    public init(
        measurementStart: Nanoseconds, latency: LatencyHistogram, successLatency: LatencyHistogram,
        serviceTime: LatencyHistogram, scheduleLag: LatencyHistogram, measured: OutcomeCounts, warmup: OutcomeCounts,
        lateSends: UInt64, lastMeasuredFinish: Nanoseconds
    ) {
        self.measurementStart = measurementStart
        self.latency = latency
        self.successLatency = successLatency
        self.serviceTime = serviceTime
        self.scheduleLag = scheduleLag
        self.measured = measured
        self.warmup = warmup
        self.lateSends = lateSends
        self.lastMeasuredFinish = lastMeasuredFinish
    }

    public mutating func record(_ completion: Completion) {
        guard completion.intended >= measurementStart else {
            warmup.count(status: completion.status, error: completion.error)
            return
        }
        measured.count(status: completion.status, error: completion.error)
        latency.recordNanoseconds(completion.latency)
        if completion.error == nil { successLatency.recordNanoseconds(completion.latency) }
        serviceTime.recordNanoseconds(completion.serviceTime)
        let lag = completion.scheduleLag
        scheduleLag.recordNanoseconds(lag)
        if lag > Self.lateSendThreshold { lateSends += 1 }
        if completion.finished > lastMeasuredFinish { lastMeasuredFinish = completion.finished }
    }

    /// Adds another worker's figures; percentiles of the result are exact for the union.
    public mutating func merge(_ other: Recorder) {
        precondition(other.measurementStart == measurementStart, "workers of one run share the window")
        latency.add(other.latency)
        successLatency.add(other.successLatency)
        serviceTime.add(other.serviceTime)
        scheduleLag.add(other.scheduleLag)
        measured.merge(other.measured)
        warmup.merge(other.warmup)
        lateSends += other.lateSends
        lastMeasuredFinish = max(lastMeasuredFinish, other.lastMeasuredFinish)
    }
}

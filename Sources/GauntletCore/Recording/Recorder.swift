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
    /// Token figures of generative requests (``TokenReading``); nil when none were read for tokens.
    public private(set) var tokens: TokenRecorder?

    /// - Parameter readsTokens: whether its requests are read for tokens, so its token figures
    ///   exist (empty) even when no answer succeeds.
    public init(measurementStart: Nanoseconds, readsTokens: Bool = false) {
        self.measurementStart = measurementStart
        tokens = readsTokens ? TokenRecorder() : nil
    }

    /// A recorder rebuilt from saved parts (a result's counts and histograms), to merge it with others.
    public init(
        measurementStart: Nanoseconds, latency: LatencyHistogram, successLatency: LatencyHistogram,
        serviceTime: LatencyHistogram, scheduleLag: LatencyHistogram, measured: OutcomeCounts, warmup: OutcomeCounts,
        lateSends: UInt64, lastMeasuredFinish: Nanoseconds, tokens: TokenRecorder? = nil
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
        self.tokens = tokens
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

    /// A completion with its token figures when it was read for them: counted as ``record(_:)``
    /// does, and, when it succeeded in the measurement window, its tokens, gaps and goodput too.
    public mutating func record(
        _ completion: Completion, tokens outcome: TokenOutcome?, gaps: some Sequence<Nanoseconds>, limits: GoodputLimits
    ) {
        record(completion)
        guard let outcome, completion.intended >= measurementStart, completion.error == nil else { return }
        if tokens == nil { tokens = TokenRecorder() }
        tokens!.record(outcome, gaps: gaps, good: limits.admits(outcome, latency: completion.latency))
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
        if let theirs = other.tokens {
            if tokens == nil { tokens = TokenRecorder() }
            tokens!.merge(theirs)
        }
    }
}

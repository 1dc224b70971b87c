/// What one worker saw in one second; the worker fills it, closes it, and starts the next.
/// The histograms are per-second ones (``LatencyHistogramLayout/makePerSecond()``).
public struct WorkerSecond: Sendable {
    public private(set) var second: Int
    public private(set) var sent: UInt64 = 0
    public private(set) var completed: UInt64 = 0
    public private(set) var errors: UInt64 = 0
    public private(set) var lateSends: UInt64 = 0
    public private(set) var errorsByKind: [ErrorKind: UInt64] = [:]
    /// Requests this worker had in flight when it closed the second.
    public var inFlight: UInt64 = 0
    /// Of the requests finished in this second, from their intended send time.
    public private(set) var latency = LatencyHistogramLayout.makePerSecond()
    /// The same, of the successful ones.
    public private(set) var successLatency = LatencyHistogramLayout.makePerSecond()
    /// Of the requests finished in this second, from their actual send.
    public private(set) var serviceTime = LatencyHistogramLayout.makePerSecond()
    /// Of the requests sent in this second.
    public private(set) var scheduleLag = LatencyHistogramLayout.makePerSecond()
    /// Of the generative answers that succeeded in this second: made at the first one, so a run
    /// without them closes its seconds as it did.
    public private(set) var tokens: SecondTokens?

    /// One second's token figures: TTFT of the answers finished in it, their gaps, their tokens.
    public struct SecondTokens: Sendable {
        public internal(set) var ttft = LatencyHistogramLayout.makePerSecond()
        public internal(set) var itl = LatencyHistogramLayout.makePerSecond()
        public internal(set) var outputTokens: UInt64 = 0

        mutating func reset() {
            ttft.reset()
            itl.reset()
            outputTokens = 0
        }

        mutating func absorb(_ other: SecondTokens) {
            ttft.add(other.ttft)
            itl.add(other.itl)
            outputTokens += other.outputTokens
        }
    }

    public init(second: Int) { self.second = second }

    /// A saved second again, to be merged with the same second of other segments.
    /// - Throws: when a histogram does not decode.
    public init(_ point: SecondPoint, histograms: SecondHistograms) throws(HistogramCodecError) {
        second = point.second
        sent = point.sent
        completed = point.completed
        errors = point.errors
        lateSends = point.lateSends ?? 0
        for (name, count) in point.errorsByKind ?? [:] {
            errorsByKind[ErrorKind(rawValue: name) ?? .other, default: 0] += count
        }
        inFlight = point.inFlight ?? 0
        latency = try LatencyHistogram(base64EncodedV2: histograms.latency)
        successLatency = try LatencyHistogram(base64EncodedV2: histograms.successLatency)
        serviceTime = try LatencyHistogram(base64EncodedV2: histograms.serviceTime)
        scheduleLag = try LatencyHistogram(base64EncodedV2: histograms.scheduleLag)
        if let ttft = histograms.ttft, let itl = histograms.itl {
            tokens = SecondTokens(
                ttft: try LatencyHistogram(base64EncodedV2: ttft), itl: try LatencyHistogram(base64EncodedV2: itl),
                outputTokens: point.outputTokens ?? 0)
        }
    }

    /// Counts a send that started `scheduleLag` after its intended time.
    public mutating func countSend(scheduleLag lag: Nanoseconds) {
        sent += 1
        scheduleLag.recordNanoseconds(lag)
        if lag > Recorder.lateSendThreshold { lateSends += 1 }
    }

    public mutating func record(_ completion: Completion) {
        completed += 1
        if let error = completion.error {
            errors += 1
            errorsByKind[error, default: 0] += 1
        } else {
            successLatency.recordNanoseconds(completion.latency)
        }
        latency.recordNanoseconds(completion.latency)
        serviceTime.recordNanoseconds(completion.serviceTime)
    }

    /// A generative answer that succeeded in this second: its first token, its gaps, its tokens.
    public mutating func recordTokens(_ outcome: TokenOutcome, gaps: some Sequence<Nanoseconds>) {
        if tokens == nil { tokens = SecondTokens() }
        if let first = outcome.timeToFirstToken { tokens!.ttft.recordNanoseconds(first) }
        for gap in gaps { tokens!.itl.recordNanoseconds(gap) }
        tokens!.outputTokens += UInt64(max(0, outcome.outputTokens))
    }

    /// Starts `second` afresh, keeping the histograms' storage.
    public mutating func restart(at second: Int) {
        self.second = second
        sent = 0
        completed = 0
        errors = 0
        lateSends = 0
        errorsByKind.removeAll(keepingCapacity: true)
        inFlight = 0
        latency.reset()
        successLatency.reset()
        serviceTime.reset()
        scheduleLag.reset()
        tokens?.reset()
    }

    /// Adds another worker's (or segment's) same second.
    public mutating func absorb(_ other: WorkerSecond) {
        sent += other.sent
        completed += other.completed
        errors += other.errors
        lateSends += other.lateSends
        errorsByKind.merge(other.errorsByKind, uniquingKeysWith: +)
        inFlight += other.inFlight
        latency.add(other.latency)
        successLatency.add(other.successLatency)
        serviceTime.add(other.serviceTime)
        scheduleLag.add(other.scheduleLag)
        if let theirs = other.tokens {
            if tokens == nil { tokens = SecondTokens() }
            tokens!.absorb(theirs)
        }
    }

    /// The second as a run-wide point, its percentiles read from the merged histograms.
    public var point: SecondPoint {
        func top(_ histogram: LatencyHistogram, _ percentile: Double) -> UInt64 {
            histogram.totalCount == 0 ? 0 : histogram.bucketTop(atPercentile: percentile)
        }
        return SecondPoint(
            second: second, sent: sent, completed: completed, errors: errors,
            p50Microseconds: top(latency, 50), p99Microseconds: top(latency, 99),
            p90Microseconds: top(latency, 90),
            serviceTimeP50Microseconds: top(serviceTime, 50),
            serviceTimeP90Microseconds: top(serviceTime, 90),
            serviceTimeP99Microseconds: top(serviceTime, 99),
            scheduleLagP99Microseconds: top(scheduleLag, 99),
            scheduleLagMaxMicroseconds: top(scheduleLag, 100),
            lateSends: lateSends,
            errorsByKind: Dictionary(uniqueKeysWithValues: errorsByKind.map { ($0.key.rawValue, $0.value) }),
            inFlight: inFlight, tokens: tokens.map { tokens in
                SecondPoint.Tokens(
                    ttftP50Microseconds: top(tokens.ttft, 50), ttftP99Microseconds: top(tokens.ttft, 99),
                    itlP50Microseconds: top(tokens.itl, 50), itlP99Microseconds: top(tokens.itl, 99),
                    outputTokens: tokens.outputTokens)
            })
    }

    /// The second's histograms in the V2 encoding, for the saved result.
    public var encodedHistograms: SecondHistograms {
        SecondHistograms(
            second: second, latency: latency.base64EncodedV2(), successLatency: successLatency.base64EncodedV2(),
            serviceTime: serviceTime.base64EncodedV2(), scheduleLag: scheduleLag.base64EncodedV2(),
            ttft: tokens?.ttft.base64EncodedV2(), itl: tokens?.itl.base64EncodedV2())
    }
}

/// One second's histograms as saved: V2 encodings in base64, at the per-second precision.
public struct SecondHistograms: Sendable, Codable, Equatable {
    public var second: Int
    public var latency: String
    public var successLatency: String
    public var serviceTime: String
    public var scheduleLag: String
    /// Generative answers' TTFT and inter-token gaps in this second; absent without them.
    public var ttft: String? = nil
    public var itl: String? = nil
}

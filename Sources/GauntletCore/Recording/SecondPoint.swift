/// One second of a run, across all workers.
///
/// The fields after `p99Microseconds` were added after the first reports were written, so they
/// are optional: a report saved before them decodes with them absent, and charts say so.
public struct SecondPoint: Sendable, Equatable, Codable {
    /// Seconds since the run's start (warm-up included).
    public var second: Int
    /// Requests started in this second.
    public var sent: UInt64
    /// Requests finished in this second, failures included.
    public var completed: UInt64
    public var errors: UInt64
    /// Latency from the intended send time of the requests finished in this second, in µs (0 when none).
    public var p50Microseconds: UInt64
    public var p99Microseconds: UInt64
    /// Arrivals the open-loop schedule offered in this second (its rate, averaged over the second);
    /// nil in a closed-loop second.
    public var offeredRate: Double?
    public var p90Microseconds: UInt64?
    /// Service time (from the actual send) of the requests finished in this second, in µs (0 when none).
    public var serviceTimeP50Microseconds: UInt64?
    public var serviceTimeP90Microseconds: UInt64?
    public var serviceTimeP99Microseconds: UInt64?
    /// How late the sends started in this second began, in µs (0 when none was sent).
    public var scheduleLagP99Microseconds: UInt64?
    public var scheduleLagMaxMicroseconds: UInt64?
    /// Sends in this second that started more than `Recorder.lateSendThreshold` late.
    public var lateSends: UInt64?
    /// The failures finished in this second, by error kind; only kinds that occurred.
    public var errorsByKind: [String: UInt64]?
    /// Requests in flight as the second closed, across all workers.
    public var inFlight: UInt64?
    /// Generative answers that succeeded in this second; absent without them.
    public var tokens: Tokens?

    /// One second's token figures, from the answers that succeeded in it.
    public struct Tokens: Sendable, Equatable, Codable {
        /// Time to first token (from the intended send time) of those answers, in µs.
        public var ttftP50Microseconds: UInt64
        public var ttftP99Microseconds: UInt64
        /// Their gaps between tokens, in µs.
        public var itlP50Microseconds: UInt64
        public var itlP99Microseconds: UInt64
        /// Their output tokens: the second's tokens per second.
        public var outputTokens: UInt64
    }

    /// The second's output tokens, when it had generative answers.
    public var outputTokens: UInt64? { tokens?.outputTokens }

    public init(
        second: Int, sent: UInt64, completed: UInt64, errors: UInt64, p50Microseconds: UInt64, p99Microseconds: UInt64,
        offeredRate: Double? = nil, p90Microseconds: UInt64? = nil, serviceTimeP50Microseconds: UInt64? = nil,
        serviceTimeP90Microseconds: UInt64? = nil, serviceTimeP99Microseconds: UInt64? = nil,
        scheduleLagP99Microseconds: UInt64? = nil, scheduleLagMaxMicroseconds: UInt64? = nil, lateSends: UInt64? = nil,
        errorsByKind: [String: UInt64]? = nil, inFlight: UInt64? = nil, tokens: Tokens? = nil
    ) {
        self.tokens = tokens
        self.second = second
        self.sent = sent
        self.completed = completed
        self.errors = errors
        self.p50Microseconds = p50Microseconds
        self.p99Microseconds = p99Microseconds
        self.offeredRate = offeredRate
        self.p90Microseconds = p90Microseconds
        self.serviceTimeP50Microseconds = serviceTimeP50Microseconds
        self.serviceTimeP90Microseconds = serviceTimeP90Microseconds
        self.serviceTimeP99Microseconds = serviceTimeP99Microseconds
        self.scheduleLagP99Microseconds = scheduleLagP99Microseconds
        self.scheduleLagMaxMicroseconds = scheduleLagMaxMicroseconds
        self.lateSends = lateSends
        self.errorsByKind = errorsByKind
        self.inFlight = inFlight
    }
}

/// How a request's answers are read for tokens: not at all, as an OpenAI-compatible stream of
/// server-sent events (times per token), or as one OpenAI-compatible JSON answer (counts only,
/// its first token arriving with the whole answer).
public enum TokenReading: String, Sendable, Equatable, Codable {
    case none
    case stream
    case whole
}

/// What one generative request must meet to count towards goodput (vLLM's `--goodput`): each
/// limit set is a bound on that request's own figure. A request counts when it succeeded and met
/// every limit set; with none set, every successful request counts.
public struct GoodputLimits: Sendable, Equatable, Codable {
    /// Time to first token, from the intended send time.
    public var ttftMilliseconds: Double?
    /// The request's longest gap between two tokens (a stall mid-answer).
    public var itlMilliseconds: Double?
    /// Time per output token after the first.
    public var tpotMilliseconds: Double?
    /// End-to-end latency, from the intended send time.
    public var latencyMilliseconds: Double?

    public init(ttftMilliseconds: Double? = nil, itlMilliseconds: Double? = nil, tpotMilliseconds: Double? = nil,
                latencyMilliseconds: Double? = nil) {
        self.ttftMilliseconds = ttftMilliseconds
        self.itlMilliseconds = itlMilliseconds
        self.tpotMilliseconds = tpotMilliseconds
        self.latencyMilliseconds = latencyMilliseconds
    }

    /// Whether a successful request with these figures counts as good. A figure the request lacks
    /// (no second token, so no gap and no TPOT) cannot break its limit.
    public func admits(_ outcome: TokenOutcome, latency: Nanoseconds) -> Bool {
        func within(_ value: Nanoseconds?, _ limit: Double?) -> Bool {
            guard let limit, let value else { return true }
            return Double(value) <= limit * 1e6
        }
        // A request with no first token has no TTFT at all, so a TTFT limit cannot be met.
        if ttftMilliseconds != nil && outcome.timeToFirstToken == nil { return false }
        return within(outcome.timeToFirstToken, ttftMilliseconds) && within(outcome.longestGap, itlMilliseconds)
            && within(outcome.timePerOutputToken, tpotMilliseconds) && within(latency, latencyMilliseconds)
    }

    /// `ttft ≤ 500 ms, tpot ≤ 50 ms`: the limits set, for reports; "no limits" when none is.
    public var description: String {
        let parts = [("ttft", ttftMilliseconds), ("itl", itlMilliseconds), ("tpot", tpotMilliseconds),
                     ("latency", latencyMilliseconds)].compactMap { name, value in value.map { "\(name) ≤ \($0.compact) ms" } }
        return parts.isEmpty ? "no limits (every successful request)" : parts.joined(separator: ", ")
    }
}

/// The token figures of one finished generative request, times from its intended send time.
public struct TokenOutcome: Sendable, Equatable {
    /// From the intended send time to the first token; nil when no token came.
    public var timeToFirstToken: Nanoseconds?
    /// (last − first) ÷ (tokens − 1); nil with fewer than two tokens or a whole (non-streamed) answer.
    public var timePerOutputToken: Nanoseconds?
    /// The longest gap between two tokens; nil with fewer than two.
    public var longestGap: Nanoseconds?
    public var outputTokens: Int
    /// The prompt's tokens, when the server counted them (`usage.prompt_tokens`).
    public var inputTokens: Int?
    /// Whether `outputTokens` is the server's count (`usage`) rather than counted from chunks.
    public var outputFromUsage: Bool

    public init(timeToFirstToken: Nanoseconds?, timePerOutputToken: Nanoseconds?, longestGap: Nanoseconds?,
                outputTokens: Int, inputTokens: Int?, outputFromUsage: Bool) {
        self.timeToFirstToken = timeToFirstToken
        self.timePerOutputToken = timePerOutputToken
        self.longestGap = longestGap
        self.outputTokens = outputTokens
        self.inputTokens = inputTokens
        self.outputFromUsage = outputFromUsage
    }
}

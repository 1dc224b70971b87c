/// The token figures of a run's generative requests, merged exactly across workers and segments:
/// histograms bucket by bucket, counts by addition.
///
/// Only successful answers are recorded here (a failed stream's partial figures would flatter
/// or blur the server); failures count in the request counts by kind, as every failure does.
public struct TokenRecorder: Sendable {
    /// Time to first token, from the intended send time (µs).
    public internal(set) var ttft = LatencyHistogramLayout.make()
    /// Every gap between two consecutive tokens of an answer (µs).
    public internal(set) var itl = LatencyHistogramLayout.make()
    /// One time per output token per answer with two tokens or more (µs).
    public internal(set) var tpot = LatencyHistogramLayout.make()
    /// Successful answers read for tokens.
    public internal(set) var requests: UInt64 = 0
    public internal(set) var outputTokens: UInt64 = 0
    /// Answers whose output count is the server's own (`usage`), not counted from chunks.
    public internal(set) var outputCountedByServer: UInt64 = 0
    public internal(set) var inputTokens: UInt64 = 0
    /// Answers whose prompt the server counted (`usage.prompt_tokens`).
    public internal(set) var inputCounted: UInt64 = 0
    /// Answers that met every goodput limit.
    public internal(set) var good: UInt64 = 0

    public init() {}

    /// Saved parts, to merge with others.
    public init(ttft: LatencyHistogram, itl: LatencyHistogram, tpot: LatencyHistogram, requests: UInt64,
                outputTokens: UInt64, outputCountedByServer: UInt64, inputTokens: UInt64, inputCounted: UInt64,
                good: UInt64) {
        self.ttft = ttft
        self.itl = itl
        self.tpot = tpot
        self.requests = requests
        self.outputTokens = outputTokens
        self.outputCountedByServer = outputCountedByServer
        self.inputTokens = inputTokens
        self.inputCounted = inputCounted
        self.good = good
    }

    /// One successful answer: its figures, each inter-token gap, and whether it was good.
    public mutating func record(_ outcome: TokenOutcome, gaps: some Sequence<Nanoseconds>, good isGood: Bool) {
        requests += 1
        if let first = outcome.timeToFirstToken { ttft.recordNanoseconds(first) }
        for gap in gaps { itl.recordNanoseconds(gap) }
        if let perToken = outcome.timePerOutputToken { tpot.recordNanoseconds(perToken) }
        outputTokens += UInt64(max(0, outcome.outputTokens))
        if outcome.outputFromUsage { outputCountedByServer += 1 }
        if let input = outcome.inputTokens {
            inputTokens += UInt64(max(0, input))
            inputCounted += 1
        }
        if isGood { good += 1 }
    }

    public mutating func merge(_ other: TokenRecorder) {
        ttft.add(other.ttft)
        itl.add(other.itl)
        tpot.add(other.tpot)
        requests += other.requests
        outputTokens += other.outputTokens
        outputCountedByServer += other.outputCountedByServer
        inputTokens += other.inputTokens
        inputCounted += other.inputCounted
        good += other.good
    }

    /// Where the output counts came from: `usage` (the server's count for every answer), `chunks`
    /// (counted from the chunks with text, one token each) or `mixed`.
    public var outputCountSource: String {
        outputCountedByServer == requests ? "usage" : outputCountedByServer == 0 ? "chunks" : "mixed"
    }
}

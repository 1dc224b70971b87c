/// The figures of a run's generative answers (requests with an `openai` body): times per token
/// from HdrHistograms, token counts, throughput in tokens and goodput. Only successful answers
/// count here; broken streams are counted by kind among the errors.
public struct TokenFigures: Sendable, Codable, Equatable {
    /// Successful answers read for tokens, in the measurement window.
    public var requests: UInt64
    /// Time to first token, from each request's intended send time.
    public var ttft: LatencyFigures
    /// Inter-token latency: every gap between two consecutive tokens of an answer.
    public var itl: LatencyFigures
    /// Time per output token after the first, one value per answer with two tokens or more.
    public var tpot: LatencyFigures
    public var outputTokens: UInt64
    public var outputTokensPerRequest: Double
    /// Output tokens of successful answers per second over the measurement window.
    public var outputTokensPerSecond: Double
    /// Where the output counts came from: `usage` (the server's own count), `chunks` (one token
    /// per chunk with text, when the server sent no usage) or `mixed`.
    public var outputCountedFrom: String
    /// Answers whose output count is the server's (`usage`).
    public var outputCountedByServer: UInt64
    /// The prompts' tokens, summed over the answers whose server counted them (`usage`), and how
    /// many those were; nil when none was counted.
    public var inputTokens: UInt64?
    public var inputTokensCounted: UInt64?
    public var goodput: Goodput

    public struct Goodput: Sendable, Codable, Equatable {
        /// Successful answers that met every limit.
        public var requests: UInt64
        /// Those per second over the measurement window.
        public var perSecond: Double
        public var limits: GoodputLimits
    }

    public init(_ recorder: TokenRecorder, windowSeconds: Double, limits: GoodputLimits) {
        requests = recorder.requests
        ttft = LatencyFigures(recorder.ttft)
        itl = LatencyFigures(recorder.itl)
        tpot = LatencyFigures(recorder.tpot)
        outputTokens = recorder.outputTokens
        outputTokensPerRequest = recorder.requests == 0 ? 0 : Double(recorder.outputTokens) / Double(recorder.requests)
        let window = windowSeconds > 0 ? windowSeconds : .nan
        outputTokensPerSecond = Double(recorder.outputTokens) / window
        outputCountedFrom = recorder.outputCountSource
        outputCountedByServer = recorder.outputCountedByServer
        inputTokens = recorder.inputCounted == 0 ? nil : recorder.inputTokens
        inputTokensCounted = recorder.inputCounted == 0 ? nil : recorder.inputCounted
        goodput = Goodput(requests: recorder.good, perSecond: Double(recorder.good) / window, limits: limits)
    }
}

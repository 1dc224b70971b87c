extension RunResult {
    /// Every histogram a run recorded, as HdrHistogram V2 compressed encodings in base64, values
    /// in microseconds (1 µs to 1 h), readable by the HdrHistogram libraries of other languages.
    /// Run-wide, per request and per phase they keep 3 significant digits; per second, 2 (the
    /// workers close them every second on the sending thread). Together with the counts beside
    /// them, they are what `gauntlet merge` adds up exactly.
    public struct HistogramSet: Codable, Sendable {
        public var unit: String
        public var latency: String
        public var serviceTime: String
        public var scheduleLag: String
        /// Latency of successful requests only; absent in reports written before it was kept.
        public var successLatency: String?
        public var byRequest: [String: ScopeHistograms]
        /// One entry per phase, in the order of `phases`; absent in older reports.
        public var byPhase: [ScopeHistograms]?
        /// One entry per second of `summary.series`; absent in older reports.
        public var bySecond: [SecondHistograms]?
        /// The precision of the run-wide, per-request and per-phase histograms, and of the
        /// per-second ones; absent in older reports (which kept 3 and none).
        public var significantDigits: Int?
        public var perSecondSignificantDigits: Int?
        /// Generative answers' time to first token, inter-token gaps and time per output token;
        /// absent for a run with none.
        public var tokens: TokenHistograms?

        public init(
            latency: String, serviceTime: String, scheduleLag: String, successLatency: String?,
            byRequest: [String: ScopeHistograms], byPhase: [ScopeHistograms]?, bySecond: [SecondHistograms]?
        ) {
            unit = "microseconds"
            self.latency = latency
            self.serviceTime = serviceTime
            self.scheduleLag = scheduleLag
            self.successLatency = successLatency
            self.byRequest = byRequest
            self.byPhase = byPhase
            self.bySecond = bySecond
            significantDigits = Int(LatencyHistogramLayout.significantDigits.rawValue)
            perSecondSignificantDigits = Int(LatencyHistogramLayout.perSecondSignificantDigits.rawValue)
        }
    }

    /// The token histograms of generative answers (µs, the layout of every other histogram).
    public struct TokenHistograms: Codable, Sendable {
        public var ttft: String
        public var itl: String
        public var tpot: String

        public init(_ recorder: TokenRecorder) {
            ttft = recorder.ttft.base64EncodedV2()
            itl = recorder.itl.base64EncodedV2()
            tpot = recorder.tpot.base64EncodedV2()
        }
    }

    /// The histograms of one request template or one phase.
    public struct ScopeHistograms: Codable, Sendable {
        public var latency: String
        public var serviceTime: String
        /// Absent in reports written before they were kept per request.
        public var successLatency: String?
        public var scheduleLag: String?
        /// Its generative answers' token histograms, when it was read for tokens.
        public var tokens: TokenHistograms?

        public init(_ recorder: Recorder) {
            latency = recorder.latency.base64EncodedV2()
            serviceTime = recorder.serviceTime.base64EncodedV2()
            successLatency = recorder.successLatency.base64EncodedV2()
            scheduleLag = recorder.scheduleLag.base64EncodedV2()
            tokens = recorder.tokens.map(TokenHistograms.init)
        }
    }
}

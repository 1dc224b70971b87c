extension RunResult {
    /// Counts and latency figures of part of a run: one request template, or one phase.
    /// The counts are exact, so they add up across segments.
    public struct ScopeFigures: Codable, Sendable {
        public var completed: UInt64
        public var ok: UInt64
        public var errors: UInt64
        public var errorsByKind: [String: UInt64]
        /// Every HTTP status seen, failures included; absent in older reports.
        public var statusCodes: [String: UInt64]?
        /// Sends more than the late threshold behind their intended time; absent in older reports.
        public var lateSends: UInt64?
        /// Requests due in the warm-up (sent, kept out of every other figure); absent in older reports.
        public var warmup: UInt64?
        public var latency: LatencyFigures
        public var serviceTime: LatencyFigures
        public var successLatency: LatencyFigures?
        /// Latency of successful requests, or of all in an older report (see RunSummary.comparedLatency).
        public var comparedLatency: LatencyFigures { successLatency ?? latency }
        public var scheduleLag: LatencyFigures?
        /// Predictions against labels for this request's rows, when it had labelled data.
        public var quality: QualityFigures?
        /// Its generative answers' figures, when it was read for tokens.
        public var tokens: TokenFigures?

        public init(
            _ recorder: Recorder, quality: QualityFigures? = nil, windowSeconds: Double = 0, goodput: GoodputLimits? = nil
        ) {
            let measured = recorder.measured
            completed = measured.completed
            ok = measured.ok
            errors = measured.errors
            errorsByKind = measured.errorsByKindByName
            statusCodes = measured.statusCodesByName
            lateSends = recorder.lateSends
            warmup = recorder.warmup.completed
            latency = LatencyFigures(recorder.latency)
            serviceTime = LatencyFigures(recorder.serviceTime)
            successLatency = LatencyFigures(recorder.successLatency)
            scheduleLag = LatencyFigures(recorder.scheduleLag)
            self.quality = quality
            tokens = recorder.tokens.map { TokenFigures($0, windowSeconds: windowSeconds, limits: goodput ?? GoodputLimits()) }
        }
    }

    /// The figures of one request template, keyed by its name in `requests`.
    public typealias RequestFigures = ScopeFigures

    /// One load phase on the run's timeline and, in reports that keep them, its figures
    /// (requests are counted in the phase their intended send time falls in).
    public struct PhaseResult: Codable, Sendable {
        public var name: String
        /// Offsets from the run's start (warm-up included), in seconds.
        public var startSeconds: Double
        public var endSeconds: Double
        public var figures: ScopeFigures?

        public init(_ span: LoadPlan.PhaseSpan, figures: ScopeFigures?) {
            name = span.name
            startSeconds = span.startSeconds
            endSeconds = span.endSeconds
            self.figures = figures
        }

        public var span: LoadPlan.PhaseSpan { LoadPlan.PhaseSpan(name: name, startSeconds: startSeconds, endSeconds: endSeconds) }
    }
}

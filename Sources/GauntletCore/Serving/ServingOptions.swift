/// How the reference server batches, admits, times out and misbehaves: what `gauntlet serve`
/// takes as flags and a scenario's `server:` section sets for the embedded server.
public struct ServingOptions: Sendable, Equatable {
    /// Requests run together in one forward pass, at most (Triton's `max_batch_size`).
    public static let defaultMaxBatchSize = 16
    /// 0: a free executor takes whatever waits, so batching costs no latency at low load and
    /// batches grow by themselves when the executors are busy (Triton's default too).
    public static let defaultMaxQueueDelay: Nanoseconds = 0
    /// Requests that may wait for an executor; the next one is shed with 503.
    public static let defaultQueueCapacity = 256
    /// A request still waiting after this long is answered 503 instead of being run late.
    public static let defaultQueueDeadline: Nanoseconds = 1 * TimeUnit.nanosecondsPerSecond
    public static let defaultInferenceThreads = 1
    /// From a request's first byte to its last: slower clients get 408.
    public static let defaultRequestTimeout: Nanoseconds = 30 * TimeUnit.nanosecondsPerSecond
    /// A keep-alive connection with no request for this long is closed.
    public static let defaultIdleTimeout: Nanoseconds = 60 * TimeUnit.nanosecondsPerSecond
    /// SIGTERM waits this long for in-flight requests before closing connections anyway.
    public static let defaultDrainTimeout: Nanoseconds = 10 * TimeUnit.nanosecondsPerSecond

    public var maxBatchSize = defaultMaxBatchSize
    public var maxQueueDelay = defaultMaxQueueDelay
    public var queueCapacity = defaultQueueCapacity
    public var queueDeadline = defaultQueueDeadline
    public var inferenceThreads = defaultInferenceThreads
    public var requestTimeout = defaultRequestTimeout
    public var idleTimeout = defaultIdleTimeout
    public var drainTimeout = defaultDrainTimeout
    public var faults = FaultOptions()
    /// How the generative model's sequences are scheduled (the OpenAI endpoints).
    public var generation = GenerationOptions()

    public init() {}

    /// In words, for logs and reports: how it batches and queues, how it generates (when not as
    /// by default), and its faults.
    public var summary: String {
        "batching up to \(maxBatchSize) (queue delay \(DurationParser.format(maxQueueDelay))), "
            + "queue \(queueCapacity) (deadline \(DurationParser.format(queueDeadline))), "
            + "\(inferenceThreads) inference thread(s); "
            + (generation == GenerationOptions() ? "" : "generation: \(generation.summary); ") + "faults: \(faults.summary)"
    }

    /// The `gauntlet serve` flags that set these options, defaults left out.
    public var arguments: [String] {
        let defaults = ServingOptions()
        var flags: [String] = []
        func add(_ name: String, _ value: String, if differs: Bool) { if differs { flags += [name, value] } }
        add("--max-batch-size", String(maxBatchSize), if: maxBatchSize != defaults.maxBatchSize)
        add("--max-queue-delay", "\(maxQueueDelay)ns", if: maxQueueDelay != defaults.maxQueueDelay)
        add("--queue-capacity", String(queueCapacity), if: queueCapacity != defaults.queueCapacity)
        add("--queue-deadline", "\(queueDeadline)ns", if: queueDeadline != defaults.queueDeadline)
        add("--inference-threads", String(inferenceThreads), if: inferenceThreads != defaults.inferenceThreads)
        add("--request-timeout", "\(requestTimeout)ns", if: requestTimeout != defaults.requestTimeout)
        add("--idle-timeout", "\(idleTimeout)ns", if: idleTimeout != defaults.idleTimeout)
        add("--drain-timeout", "\(drainTimeout)ns", if: drainTimeout != defaults.drainTimeout)
        return flags + generation.arguments + faults.arguments
    }
}

/// How the reference server's generative endpoints spend time, as a continuous-batching server
/// does: up to `maxSequences` answers decode together, one token each per step; a step takes
/// `decodeStep` plus `decodePerSequence` for each sequence in it, plus `prefillPerToken` for each
/// prompt token of the sequences joining it. More sequences wait in the queue (`queue_capacity`,
/// `queue_deadline`) or are shed. So time to first token grows with the queue and the prompt, and
/// inter-token latency with the batch.
public struct GenerationOptions: Sendable, Equatable {
    public static let defaultMaxSequences = 8
    public static let defaultPrefillPerToken: Nanoseconds = 200_000
    public static let defaultDecodeStep: Nanoseconds = 10 * TimeUnit.nanosecondsPerMillisecond
    public static let defaultDecodePerSequence: Nanoseconds = 1 * TimeUnit.nanosecondsPerMillisecond
    /// The most tokens one answer may ask for.
    public static let maximumTokens = 4_096

    public var maxSequences = defaultMaxSequences
    public var prefillPerToken = defaultPrefillPerToken
    public var decodeStep = defaultDecodeStep
    public var decodePerSequence = defaultDecodePerSequence

    public init() {}

    public var summary: String {
        "up to \(maxSequences) sequences, step \(DurationParser.format(decodeStep)) + \(DurationParser.format(decodePerSequence))/sequence, "
            + "prefill \(DurationParser.format(prefillPerToken))/token"
    }

    public var arguments: [String] {
        let defaults = GenerationOptions()
        var flags: [String] = []
        if maxSequences != defaults.maxSequences { flags += ["--max-sequences", String(maxSequences)] }
        if prefillPerToken != defaults.prefillPerToken { flags += ["--prefill-per-token", "\(prefillPerToken)ns"] }
        if decodeStep != defaults.decodeStep { flags += ["--decode-step", "\(decodeStep)ns"] }
        if decodePerSequence != defaults.decodePerSequence { flags += ["--decode-per-sequence", "\(decodePerSequence)ns"] }
        return flags
    }

    /// How long a decode step with `sequences` in it takes, `promptTokens` of them joining it.
    public func stepTime(sequences: Int, promptTokens: Int) -> Nanoseconds {
        decodeStep + decodePerSequence * Nanoseconds(sequences) + prefillPerToken * Nanoseconds(promptTokens)
    }
}

/// Faults to rehearse a failing release with; all off by default.
public struct FaultOptions: Sendable, Equatable {
    /// Added to every batch's forward pass, holding its executor: a slower model.
    public var latency: LatencyDistribution?
    /// Share of infer requests answered 500 at once, 0…1.
    public var errorRate: Double = 0
    /// Every `every`, the server answers nothing for `duration`; answers due meanwhile wait.
    public var stall: Stall?
    /// Seeds the draws for latency and errors, so a rehearsal repeats.
    public var seed: UInt64 = 1
    /// Generative answers: added before each answer's first token (a slow prefill).
    public var firstTokenDelay: LatencyDistribution?
    /// Generative answers: the share of streams whose connection is closed mid-answer, 0…1.
    public var dropRate: Double = 0

    public struct Stall: Sendable, Equatable {
        public var every: Nanoseconds
        public var duration: Nanoseconds
        public init(every: Nanoseconds, duration: Nanoseconds) {
            self.every = every
            self.duration = duration
        }
    }

    public init() {}

    public var isActive: Bool { latency != nil || errorRate > 0 || stall != nil || firstTokenDelay != nil || dropRate > 0 }

    public var arguments: [String] {
        var flags: [String] = []
        if let latency { flags += ["--fault-latency", latency.argument] }
        if errorRate > 0 { flags += ["--fault-error-rate", String(errorRate)] }
        if let stall { flags += ["--fault-stall-every", "\(stall.every)ns", "--fault-stall-for", "\(stall.duration)ns"] }
        if let firstTokenDelay { flags += ["--fault-first-token-delay", firstTokenDelay.argument] }
        if dropRate > 0 { flags += ["--fault-drop-rate", String(dropRate)] }
        if isActive && seed != 1 { flags += ["--fault-seed", String(seed)] }
        return flags
    }

    /// Plain words for logs and reports.
    public var summary: String {
        var parts: [String] = []
        if let latency { parts.append("latency +\(latency)") }
        if errorRate > 0 { parts.append("errors \((errorRate * 100).formatted(fractionDigits: 2))%") }
        if let stall { parts.append("stall \(DurationParser.format(stall.duration)) every \(DurationParser.format(stall.every))") }
        if let firstTokenDelay { parts.append("first token +\(firstTokenDelay)") }
        if dropRate > 0 { parts.append("dropped streams \((dropRate * 100).formatted(fractionDigits: 2))%") }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }
}

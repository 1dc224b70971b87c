import ArgumentParser
import GauntletCore

/// `gauntlet serve`'s batching, admission, timeout and fault flags, read into `ServingOptions`
/// (the same options a scenario's `server:` section sets).
struct ServingFlags: ParsableArguments {
    @Option(help: "Threads running forward passes, off the event loop.")
    var inferenceThreads: Int = ServingOptions.defaultInferenceThreads

    @Option(help: "Requests run together in one batch, at most (Triton's max_batch_size).")
    var maxBatchSize: Int = ServingOptions.defaultMaxBatchSize

    @Option(help: "How long the oldest request may wait for a fuller batch, e.g. 500us (default 0: take what waits).")
    var maxQueueDelay: String?

    @Option(help: "Requests that may wait for an executor; beyond it they are shed with 503 + Retry-After.")
    var queueCapacity: Int = ServingOptions.defaultQueueCapacity

    @Option(help: "A request still waiting after this long is answered 503, e.g. 250ms (default 1s).")
    var queueDeadline: String?

    @Option(help: "A client must send a whole request within this long of its first byte, or get 408 (default 30s).")
    var requestTimeout: String?

    @Option(help: "Close keep-alive connections idle for this long (default 60s).")
    var idleTimeout: String?

    @Option(help: "On SIGTERM, wait this long for in-flight requests before closing anyway (default 10s).")
    var drainTimeout: String?

    @Option(help: "Generative model: answers decoded together, one token each per step; more wait in the queue.")
    var maxSequences: Int = GenerationOptions.defaultMaxSequences

    @Option(help: "Generative model: the time of a decode step with no sequence in it (default 10ms).")
    var decodeStep: String?

    @Option(help: "Generative model: what each sequence in a step adds to it (default 1ms).")
    var decodePerSequence: String?

    @Option(help: "Generative model: what each prompt token of a sequence joining a step adds to it (default 200us).")
    var prefillPerToken: String?

    @Option(help: "Fault: latency before each generative answer's first token, as --fault-latency takes it.")
    var faultFirstTokenDelay: String?

    @Option(help: "Fault: share of generative streams whose connection closes mid-answer, 0 to 1.")
    var faultDropRate: Double?

    @Option(help: "Fault: latency added to every batch, holding its executor: 20ms, uniform(10ms, 30ms), exponential(20ms), normal(20ms, 5ms).")
    var faultLatency: String?

    @Option(help: "Fault: share of infer requests answered 500 at once, 0 to 1.")
    var faultErrorRate: Double?

    @Option(help: "Fault: a stall at the end of every period this long, e.g. 5s (with --fault-stall-for).")
    var faultStallEvery: String?

    @Option(help: "Fault: how long each stall holds all infer answers back, e.g. 500ms.")
    var faultStallFor: String?

    @Option(help: "Seed for the fault draws, so a rehearsal repeats (default 1).")
    var faultSeed: UInt64?

    /// The options, or a `ValidationError` naming the flag at fault.
    func options() throws -> ServingOptions {
        var options = ServingOptions()
        options.inferenceThreads = inferenceThreads
        options.maxBatchSize = maxBatchSize
        options.queueCapacity = queueCapacity
        func duration(_ text: String?, _ flag: String, allowZero: Bool = false) throws -> Nanoseconds? {
            guard let text else { return nil }
            let value: Nanoseconds
            do { value = try DurationParser.nanoseconds(text) } catch { throw ValidationError("\(flag): \(error)") }
            guard allowZero || value > 0 else { throw ValidationError("\(flag) must be more than 0") }
            return value
        }
        options.maxQueueDelay = try duration(maxQueueDelay, "--max-queue-delay", allowZero: true) ?? options.maxQueueDelay
        options.queueDeadline = try duration(queueDeadline, "--queue-deadline") ?? options.queueDeadline
        options.requestTimeout = try duration(requestTimeout, "--request-timeout") ?? options.requestTimeout
        options.idleTimeout = try duration(idleTimeout, "--idle-timeout") ?? options.idleTimeout
        options.drainTimeout = try duration(drainTimeout, "--drain-timeout", allowZero: true) ?? options.drainTimeout
        options.generation.maxSequences = maxSequences
        options.generation.decodeStep = try duration(decodeStep, "--decode-step", allowZero: true) ?? options.generation.decodeStep
        options.generation.decodePerSequence =
            try duration(decodePerSequence, "--decode-per-sequence", allowZero: true) ?? options.generation.decodePerSequence
        options.generation.prefillPerToken =
            try duration(prefillPerToken, "--prefill-per-token", allowZero: true) ?? options.generation.prefillPerToken
        if let faultFirstTokenDelay {
            do { options.faults.firstTokenDelay = try LatencyDistribution(parsing: faultFirstTokenDelay) } catch {
                throw ValidationError("--fault-first-token-delay: \(error)")
            }
        }
        if let faultDropRate { options.faults.dropRate = faultDropRate }
        if let faultLatency {
            do { options.faults.latency = try LatencyDistribution(parsing: faultLatency) } catch {
                throw ValidationError("--fault-latency: \(error)")
            }
        }
        if let faultErrorRate { options.faults.errorRate = faultErrorRate }
        switch (try duration(faultStallEvery, "--fault-stall-every"), try duration(faultStallFor, "--fault-stall-for")) {
        case (nil, nil): break
        case (let every?, let length?):
            options.faults.stall = .init(every: every, duration: length)
        default: throw ValidationError("a stall needs both --fault-stall-every and --fault-stall-for")
        }
        if let faultSeed { options.faults.seed = faultSeed }
        if let problem = options.problem() { throw ValidationError("\(problem.field.flag) \(problem.message)") }
        return options
    }
}

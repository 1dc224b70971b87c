import Yams

extension ScenarioReader {
    /// The `server:` section: how the embedded reference server batches, sheds and fails.
    func serverSection(_ mapping: YAMLMapping) throws(ScenarioError) -> ServingOptions {
        try mapping.allowOnly([
            "max_batch_size", "max_queue_delay", "queue_capacity", "queue_deadline", "inference_threads",
            "request_timeout", "idle_timeout", "faults",
        ])
        var options = ServingOptions()
        func int(_ key: String, _ range: ClosedRange<Int>) throws(ScenarioError) -> Int? {
            try mapping.optional(key).map { (node) throws(ScenarioError) in try scalars.int(node, "server \(key)", in: range) }
        }
        func duration(_ key: String, allowZero: Bool = false) throws(ScenarioError) -> Nanoseconds? {
            try mapping.optional(key).map { (node) throws(ScenarioError) in
                try scalars.duration(node, "server \(key)", allowZero: allowZero)
            }
        }
        options.maxBatchSize = try int("max_batch_size", 1...4096) ?? options.maxBatchSize
        options.maxQueueDelay = try duration("max_queue_delay", allowZero: true) ?? options.maxQueueDelay
        options.queueCapacity = try int("queue_capacity", 1...1_000_000) ?? options.queueCapacity
        options.queueDeadline = try duration("queue_deadline") ?? options.queueDeadline
        options.inferenceThreads = try int("inference_threads", 1...256) ?? options.inferenceThreads
        options.requestTimeout = try duration("request_timeout") ?? options.requestTimeout
        options.idleTimeout = try duration("idle_timeout") ?? options.idleTimeout
        if let faults = try mapping.mapping("faults", context: "server faults") {
            options.faults = try faultSection(faults)
        }
        return options
    }

    func faultSection(_ mapping: YAMLMapping) throws(ScenarioError) -> FaultOptions {
        try mapping.allowOnly(["latency", "error_rate", "stall", "seed"])
        var faults = FaultOptions()
        if let node = mapping.optional("latency") {
            let text = try scalars.nonEmptyString(node, "fault latency")
            do { faults.latency = try LatencyDistribution(parsing: text) } catch {
                throw .at(node, file: file, error.description)
            }
        }
        faults.errorRate = try mapping.optional("error_rate").map { (node) throws(ScenarioError) in
            try scalars.double(node, "fault error_rate", minimum: 0, maximum: 1)
        } ?? 0
        if let stall = try mapping.mapping("stall", context: "fault stall") {
            try stall.allowOnly(["every", "for"])
            let every = try scalars.duration(try stall.required("every"), "stall every")
            let forNode = try stall.required("for")
            let duration = try scalars.duration(forNode, "stall for")
            guard duration < every else {
                throw .at(forNode, file: file, "a stall must be shorter than its period ('every'), or the server never answers")
            }
            faults.stall = .init(every: every, duration: duration)
        }
        if let node = mapping.optional("seed") {
            faults.seed = UInt64(try scalars.int(node, "fault seed", in: 0...Int.max))
        }
        return faults
    }
}

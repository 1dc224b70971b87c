import Yams

extension ScenarioReader {
    /// The `server:` section: how the embedded reference server batches, sheds and fails. Keys
    /// left out keep `base`'s values (a candidate's section starts from the scenario's); `faults`
    /// replaces the base's faults as a whole.
    func serverSection(_ mapping: YAMLMapping, base: ServingOptions = ServingOptions()) throws(ScenarioError) -> ServingOptions {
        try mapping.allowOnly([
            "max_batch_size", "max_queue_delay", "queue_capacity", "queue_deadline", "inference_threads",
            "request_timeout", "idle_timeout", "faults", "models", "max_sequences", "decode_step", "decode_per_sequence",
            "prefill_per_token",
        ])
        var options = base
        func int(_ key: String) throws(ScenarioError) -> Int? {
            try mapping.optional(key).map { (node) throws(ScenarioError) in try scalars.int(node, "server \(key)", in: Int.min...Int.max) }
        }
        func duration(_ key: String, allowZero: Bool = false) throws(ScenarioError) -> Nanoseconds? {
            try mapping.optional(key).map { (node) throws(ScenarioError) in
                try scalars.duration(node, "server \(key)", allowZero: allowZero)
            }
        }
        options.maxBatchSize = try int("max_batch_size") ?? options.maxBatchSize
        options.maxQueueDelay = try duration("max_queue_delay", allowZero: true) ?? options.maxQueueDelay
        options.queueCapacity = try int("queue_capacity") ?? options.queueCapacity
        options.queueDeadline = try duration("queue_deadline") ?? options.queueDeadline
        options.inferenceThreads = try int("inference_threads") ?? options.inferenceThreads
        options.requestTimeout = try duration("request_timeout") ?? options.requestTimeout
        options.idleTimeout = try duration("idle_timeout") ?? options.idleTimeout
        options.generation.maxSequences = try int("max_sequences") ?? options.generation.maxSequences
        options.generation.decodeStep = try duration("decode_step", allowZero: true) ?? options.generation.decodeStep
        options.generation.decodePerSequence = try duration("decode_per_sequence", allowZero: true) ?? options.generation.decodePerSequence
        options.generation.prefillPerToken = try duration("prefill_per_token", allowZero: true) ?? options.generation.prefillPerToken
        let faultsMapping = try mapping.mapping("faults", context: "server faults")
        if let faultsMapping { options.faults = try faultSection(faultsMapping) }
        if let problem = options.problem() {
            let fault = problem.field == .faultErrorRate || problem.field == .faultStall || problem.field == .faultDropRate
            // A stall is refused at its `for`, the part that is too long.
            let stallFor = try faultsMapping?.mapping("stall", context: "fault stall")?.optional("for")
            let node = (problem.field == .faultStall ? stallFor : fault ? faultsMapping?.optional(problem.field.rawValue)
                : mapping.optional(problem.field.rawValue)) ?? mapping.node
            let name = problem.field == .faultStall ? "a stall ('for')" : "server \(fault ? "fault " : "")\(problem.field.rawValue)"
            throw .at(node, file: file, "\(name) \(problem.message)")
        }
        return options
    }

    /// `server: models:`, the model repository, resolved against the scenario's folder.
    func modelRepository(_ mapping: YAMLMapping) throws(ScenarioError) -> String? {
        try mapping.optional("models").map { (node) throws(ScenarioError) in resolve(try scalars.nonEmptyString(node, "server models")) }
    }

    func faultSection(_ mapping: YAMLMapping) throws(ScenarioError) -> FaultOptions {
        try mapping.allowOnly(["latency", "error_rate", "stall", "seed", "first_token_delay", "drop_rate"])
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
            faults.stall = .init(every: every, duration: duration)
        }
        if let node = mapping.optional("first_token_delay") {
            let text = try scalars.nonEmptyString(node, "fault first_token_delay")
            do { faults.firstTokenDelay = try LatencyDistribution(parsing: text) } catch {
                throw .at(node, file: file, error.description)
            }
        }
        faults.dropRate = try mapping.optional("drop_rate").map { (node) throws(ScenarioError) in
            try scalars.double(node, "fault drop_rate", minimum: 0, maximum: 1)
        } ?? 0
        if let node = mapping.optional("seed") {
            faults.seed = UInt64(try scalars.int(node, "fault seed", in: 0...Int.max))
        }
        return faults
    }
}

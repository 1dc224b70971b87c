import Yams

extension ScenarioReader {
    static let loadKeys = ["phases", "arrivals", "burstiness", "warmup", "seed", "timeout", "connections", "http", "streams_per_connection"]
    /// The parameters each phase kind takes; `duration` is common to all.
    static let phaseKeys: [String: [String]] = [
        "constant": ["rate", "duration"],
        "ramp": ["from", "to", "duration"],
        "step": ["from", "to", "steps", "duration"],
        "spike": ["base", "peak", "at", "length", "duration"],
        "pause": ["duration"],
        "closed": ["concurrency", "think_time", "duration"],
    ]
    /// - Parameter searchesCapacity: the scenario has a `capacity:` section, whose steps replace the
    ///   phases: `load` then only sets arrivals, connections, HTTP, timeout and seed.
    func loadSection(_ mapping: YAMLMapping?, replay: ReplaySection?, at parent: Node, searchesCapacity: Bool = false)
        throws(ScenarioError) -> LoadSection
    {
        var section = LoadSection(phases: [])
        guard let mapping else {
            if replay == nil && !searchesCapacity { throw .at(parent, file: file, "the scenario needs 'load' with 'phases' (or a 'replay' trace)") }
            return section
        }
        try mapping.allowOnly(Self.loadKeys)
        if let node = mapping.optional("arrivals") {
            section.arrivals = ArrivalProcess(rawValue: try scalars.choice(node, "load arrivals", ArrivalProcess.allCases.map(\.rawValue)))!
        }
        if let node = mapping.optional("burstiness") {
            guard section.arrivals == .gamma else {
                throw .at(node, file: file, "load burstiness shapes gamma arrivals; add 'arrivals: gamma' (burstiness 1 is Poisson)")
            }
            section.burstiness = try scalars.double(
                node, "load burstiness", minimum: ArrivalProcess.burstinessRange.lowerBound,
                maximum: ArrivalProcess.burstinessRange.upperBound)
        }
        if let node = mapping.optional("warmup") { section.warmup = try scalars.duration(node, "load warmup", allowZero: true) }
        if let node = mapping.optional("seed") { section.seed = UInt64(try scalars.int(node, "load seed", in: 0...Int.max)) }
        if let node = mapping.optional("timeout") {
            section.timeout = try scalars.duration(node, "load timeout", maximum: 3600 * TimeUnit.nanosecondsPerSecond)
        }
        if let node = mapping.optional("connections") { section.connections = try scalars.int(node, "load connections", in: 1...100_000) }
        if let node = mapping.optional("http") {
            section.http = HTTPVersion(rawValue: try scalars.choice(node, "load http", HTTPVersion.allCases.map(\.rawValue)))!
        }
        if let node = mapping.optional("streams_per_connection") {
            let streams = try scalars.int(node, "load streams_per_connection", in: 1...HTTPVersion.http2.streamLimit)
            if let problem = LoadSection.streamsProblem(streams, http: section.http) {
                throw .at(node, file: file, "load streams_per_connection: \(problem); add 'http: 2'")
            }
            section.streamsPerConnection = streams
        }

        if let node = mapping.optional("phases") {
            if replay != nil {
                throw .at(node, file: file, "a replay sets its own timing; remove 'load.phases' or the 'replay'")
            }
            let items = try scalars.sequence(node, "load phases")
            guard !items.isEmpty else { throw .at(node, file: file, "load phases must list at least one phase") }
            section.phases = try items.map { (item) throws(ScenarioError) in try phase(item) }
            if section.phases.allSatisfy({ if case .pause = $0.kind { true } else { false } }) {
                throw .at(node, file: file, "load phases only pause: nothing would be sent")
            }
            let peak = section.phases.compactMap { phase -> Int? in
                if case .closed(let concurrency, _) = phase.kind { return concurrency } else { return nil }
            }.max() ?? 0
            let streams = section.streamsPerConnection
            if let connections = section.connections, connections * streams < peak, let connectionsNode = mapping.optional("connections") {
                let carried = streams == 1 ? "\(connections)" : "\(connections) × \(streams) streams"
                throw .at(connectionsNode, file: file,
                    "load connections (\(carried)) is below a closed phase's concurrency (\(peak)): requests past the connections would wait, and fewer would be in flight than asked")
            }
            let total = section.phases.reduce(0) { $0 + $1.duration }
            guard total <= 7 * 24 * 3600 * TimeUnit.nanosecondsPerSecond else {
                throw .at(node, file: file, "load phases last \(DurationParser.format(total)), longer than the limit of a week")
            }
        } else if replay == nil && !searchesCapacity {
            throw .at(mapping.node, file: file, "load needs 'phases', e.g. [{constant: {rate: 100/s, duration: 30s}}]")
        }
        return section
    }

    private func phase(_ node: Node) throws(ScenarioError) -> LoadPhase {
        let outer = try YAMLMapping(node, file: file, context: "load phase")
        let kinds = Array(Self.phaseKeys.keys).sorted()
        guard outer.keys.count == 1, let kind = outer.keys.first else {
            throw .at(node, file: file, "a load phase is one of \(kinds.joined(separator: ", ")), e.g. {ramp: {from: 10/s, to: 100/s, duration: 1m}}")
        }
        guard let allowed = Self.phaseKeys[kind] else {
            throw .at(outer.keyNode(kind) ?? node, file: file,
                "unknown load phase '\(kind)'; expected one of \(kinds.joined(separator: ", "))\(Suggestion.hint(for: kind, in: kinds))")
        }
        let parameters = try YAMLMapping(try outer.required(kind), file: file, context: "\(kind) phase", key: outer.keyNode(kind))
        try parameters.allowOnly(allowed)
        let duration = try scalars.duration(try parameters.required("duration"), "\(kind) phase duration")
        func rate(_ key: String, allowZero: Bool = false) throws(ScenarioError) -> Double {
            try scalars.rate(try parameters.required(key), "\(kind) phase \(key)", allowZero: allowZero)
        }
        let line = node.location.line
        switch kind {
        case "constant":
            return LoadPhase(kind: .constant(rate: try rate("rate")), duration: duration, line: line)
        case "ramp":
            let from = try rate("from", allowZero: true), to = try rate("to", allowZero: true)
            guard from > 0 || to > 0 else { throw .at(node, file: file, "a ramp from 0 to 0 sends nothing; use pause") }
            return LoadPhase(kind: .ramp(from: from, to: to), duration: duration, line: line)
        case "step":
            let steps = try scalars.int(try parameters.required("steps"), "step phase steps", in: 2...1000)
            return LoadPhase(kind: .step(from: try rate("from"), to: try rate("to"), steps: steps), duration: duration, line: line)
        case "spike":
            let base = try rate("base", allowZero: true), peak = try rate("peak")
            guard peak > base else {
                throw .at(try parameters.required("peak"), file: file, "a spike's peak must be above its base rate")
            }
            let lengthNode = try parameters.required("length")
            let length = try scalars.duration(lengthNode, "spike phase length")
            let at = try parameters.optional("at").map { (node) throws(ScenarioError) in try scalars.duration(node, "spike phase at", allowZero: true) }
                ?? (duration - min(duration, length)) / 2
            guard at + length <= duration else {
                throw .at(lengthNode, file: file, "the spike (at \(DurationParser.format(at)) for \(DurationParser.format(length))) does not fit in the phase's \(DurationParser.format(duration))")
            }
            return LoadPhase(kind: .spike(base: base, peak: peak, at: at, spikeDuration: length), duration: duration, line: line)
        case "pause":
            return LoadPhase(kind: .pause, duration: duration, line: line)
        default:  // closed
            let concurrency = try scalars.int(try parameters.required("concurrency"), "closed phase concurrency", in: 1...100_000)
            let think = try parameters.optional("think_time").map { (node) throws(ScenarioError) in
                try scalars.duration(node, "closed phase think_time", allowZero: true)
            } ?? 0
            return LoadPhase(kind: .closed(concurrency: concurrency, thinkTime: think), duration: duration, line: line)
        }
    }
}

import Yams

extension ScenarioReader {
    static let compareKeys = ["mode", "block", "blocks"]

    /// The `candidates:` list. A candidate's `server:` keys replace the scenario's own
    /// (`server`, `serverModels`) one by one, so the top-level section is every candidate's default.
    func candidates(
        _ node: Node, key: Node?, server: ServingOptions?, serverModels: String?
    ) throws(ScenarioError) -> [Candidate] {
        let items = try scalars.sequence(node, "candidates")
        guard items.count >= Candidate.countRange.lowerBound else {
            throw .at(node, file: file,
                "candidates lists \(items.count); a comparison needs \(Candidate.countRange.lowerBound)–\(Candidate.countRange.upperBound): a baseline and at least one to compare with it (a single target is what 'gauntlet run' is for)")
        }
        guard items.count <= Candidate.countRange.upperBound else {
            throw .at(items[Candidate.countRange.upperBound], file: file,
                "candidates lists \(items.count); a comparison takes at most \(Candidate.countRange.upperBound)")
        }
        var candidates: [Candidate] = []
        var baselineNodes: [Node] = []
        for item in items {
            let numbered = try YAMLMapping(item, file: file, context: "candidate \(candidates.count + 1)")
            let nameNode = try numbered.required("name")
            let name = try scalars.nonEmptyString(nameNode, "candidate name")
            guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
                throw .at(nameNode, file: file, "candidate name '\(name)' may hold only letters, digits, '-', '_' and '.': it names report files and columns")
            }
            if candidates.contains(where: { $0.name == name }) {
                throw .at(nameNode, file: file, "duplicate candidate name '\(name)'")
            }
            let context = "candidate '\(name)'"
            let mapping = try YAMLMapping(item, file: file, context: context)
            try mapping.allowOnly(Candidate.keys)
            var candidate = Candidate(name: name, location: SourceLocation(item))
            if let node = mapping.optional("baseline") {
                candidate.baseline = try scalars.bool(node, "\(context) baseline")
                if candidate.baseline { baselineNodes.append(node) }
            }
            candidate.variables = try variables(mapping, context: context)
            candidate.target = try mapping.optional("target").map { (node) throws(ScenarioError) in try targetURL(node) }
            if let serverMapping = try mapping.mapping("server", context: "\(context) server") {
                if candidate.target != nil, let keyNode = mapping.keyNode("server") {
                    throw .at(keyNode, file: file,
                        "\(context) sets both 'target' and 'server'; 'server' sets up an embedded reference server for it, so remove one of them")
                }
                candidate.server = try serverSection(serverMapping, base: server ?? ServingOptions())
                candidate.serverModels = try modelRepository(serverMapping) ?? serverModels
            }
            candidates.append(candidate)
        }
        guard baselineNodes.count == 1 else {
            if baselineNodes.isEmpty {
                throw .at(key ?? node, file: file,
                    "no candidate is the baseline; mark the one the others are judged against with 'baseline: true'")
            }
            let marked = candidates.filter(\.baseline).map { "'\($0.name)'" }
            throw .at(baselineNodes[1], file: file,
                "candidates \(marked[0]) and \(marked[1]) are both marked 'baseline: true'; exactly one is the baseline")
        }
        try checkSameVariables(candidates)
        return candidates
    }

    /// `model:` and the `vars:` mapping, `model` first.
    private func variables(_ mapping: YAMLMapping, context: String) throws(ScenarioError) -> [Candidate.Variable] {
        var variables: [Candidate.Variable] = []
        func add(_ name: String, _ node: Node, at keyNode: Node) throws(ScenarioError) {
            let value = try scalars.nonEmptyString(node, "\(context) \(name)")
            if value.contains("{{") {
                throw .at(node, file: file, "\(context) \(name) holds {{…}}; a candidate's values are filled in as written, never filled themselves")
            }
            variables.append(Candidate.Variable(name: name, value: value, location: SourceLocation(keyNode)))
        }
        if let node = mapping.optional("model") { try add("model", node, at: mapping.keyNode("model") ?? node) }
        if let vars = try mapping.mapping("vars", context: "\(context) vars") {
            for name in vars.keys {
                let keyNode = vars.keyNode(name) ?? vars.node
                guard let first = name.first, first.isASCII, first.isLetter || first == "_",
                      name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) })
                else {
                    throw .at(keyNode, file: file,
                        "\(context) variable '\(name)' must start with a letter or '_' and hold only letters, digits, '-' and '_', as {{\(name)}} is written")
                }
                if variables.contains(where: { $0.name == name }) {
                    throw .at(keyNode, file: file, "\(context) sets '\(name)' twice: with 'model' and in 'vars'")
                }
                try add(name, try vars.required(name), at: keyNode)
            }
        }
        return variables
    }

    /// Every candidate sets the same variables, so every request can be filled for each of them.
    private func checkSameVariables(_ candidates: [Candidate]) throws(ScenarioError) {
        for candidate in candidates {
            for other in candidates {
                for variable in other.variables where candidate.value(of: variable.name) == nil {
                    throw .at(candidate.location, file: file,
                        "candidate '\(candidate.name)' does not set '\(variable.name)', which candidate '\(other.name)' sets; every candidate sets the same variables, so each request is filled for each of them")
                }
            }
        }
    }

    /// After the requests are read: each variable fills some placeholder (or every candidate
    /// would be sent the very same requests), may be put in a header, and does not share its name
    /// with a column the scenario names (which `{{name}}` would then mean is ambiguous).
    func checkVariableUse(_ candidates: [Candidate], requests: [RequestTemplate], data: [DataSource]) throws(ScenarioError) {
        guard let first = candidates.first else { return }
        for variable in first.variables {
            let users = requests.filter { $0.placeholderTexts.contains { Placeholder.names(in: $0).contains(variable.name) } }
            guard !users.isEmpty else {
                throw .at(variable.location, file: file,
                    "candidate variable '\(variable.name)' is used by no request; put {{\(variable.name)}} in a request's path, headers or body, or remove it (as it is, every candidate is sent the same requests)")
            }
            for source in data where source.declaredColumns.contains(variable.name) {
                throw .at(variable.location, file: file,
                    "candidate variable '\(variable.name)' is also a column of data source '\(source.name)', so {{\(variable.name)}} would be ambiguous; rename one of them")
            }
            // In a path a candidate's value is percent-encoded; in a header it goes as written, so
            // one that would end the header and start another is refused here, at the variable.
            for request in users {
                let header = request.headers.first { Placeholder.names(in: $0.value).contains(variable.name) }
                for candidate in candidates {
                    guard let value = candidate.value(of: variable.name) else { continue }
                    let location = candidate.variables.first { $0.name == variable.name }?.location ?? candidate.location
                    if let header, let offence = RequestText.headerValueOffence(value) {
                        throw .at(location, file: file,
                            "candidate '\(candidate.name)' \(variable.name) holds \(offence.description), and it goes into request '\(request.name)' header '\(header.name)'; \(RequestText.headerValueRule)")
                    }
                }
            }
        }
    }

    /// The `compare:` section, with its defaults when only `candidates:` is written.
    /// - Parameter searchesCapacity: the scenario is for `gauntlet capacity`, whose steps replace the
    ///   phases the blocks would cut, so their count is not checked.
    func compareSection(
        _ mapping: YAMLMapping?, candidatesKey: Node?, load: LoadSection, replay: ReplaySection?, candidates: Int,
        searchesCapacity: Bool = false
    ) throws(ScenarioError) -> CompareSection {
        var section = CompareSection(location: candidatesKey.map(SourceLocation.init) ?? SourceLocation(line: 0, column: 0))
        if let mapping {
            try mapping.allowOnly(Self.compareKeys)
            if let node = mapping.optional("mode") {
                section.mode = ComparisonMode(
                    rawValue: try scalars.choice(node, "compare mode", ComparisonMode.allCases.map(\.rawValue)))!
                if section.mode == .mirrored, load.phases.contains(where: \.isClosedLoop) {
                    throw .at(node, file: file,
                        "compare mode mirrored sends each scheduled arrival to every candidate at once, and closed-loop phases have no schedule; use interleaved, or open-loop phases")
                }
            }
            if let node = mapping.optional("block") {
                let length = try scalars.duration(node, "compare block")
                guard length >= CompareSection.minimumBlockLength else {
                    throw .at(node, file: file,
                        "compare block must be at least \(DurationParser.format(CompareSection.minimumBlockLength)): shorter blocks hold too few requests for a figure of their own")
                }
                section.blockLength = length
                section.blockLengthLocation = SourceLocation(node)
            }
            if let node = mapping.optional("blocks") {
                if section.blockLength != nil {
                    throw .at(mapping.keyNode("blocks") ?? node, file: file,
                        "compare takes 'block' or 'blocks', not both: with the measured phases' duration, one fixes the other")
                }
                section.blocks = try scalars.int(node, "compare blocks", in: CompareSection.minimumBlocks...CompareSection.maximumBlocks)
                section.blocksLocation = SourceLocation(node)
            }
        }
        // A replay's length is known once its trace is read; phases tell it now.
        if replay == nil && !searchesCapacity {
            let measured = load.phases.reduce(Nanoseconds(0)) { $0 + $1.duration }
            _ = try section.checkedBlockCount(measured: measured, candidates: candidates, file: file)
        }
        return section
    }
}

extension CompareSection {
    /// ``blockCount(measured:candidates:)``, its problem located at the key at fault in `file`.
    public func checkedBlockCount(measured: Nanoseconds, candidates: Int, file: String) throws(ScenarioError) -> Int {
        switch blockCount(measured: measured, candidates: candidates) {
        case .success(let count): return count
        case .failure(let problem):
            let location = switch problem.key {
            case .block: blockLengthLocation ?? location
            case .blocks: blocksLocation ?? location
            case .candidates: location
            }
            throw .at(location, file: file, problem.message)
        }
    }
}

extension RequestTemplate {
    /// The texts `{{name}}` placeholders may stand in: path, header values, a text body.
    var placeholderTexts: [String] {
        var texts = [path] + headers.map(\.value)
        if case .template(let text, _) = body { texts.append(text) }
        if case .openAI(let openAI, _) = body { texts += openAI.texts }
        return texts
    }
}

extension DataSource {
    /// The columns the scenario itself names (label, features, filter); the file may have more.
    var declaredColumns: [String] { [label].compactMap { $0 } + (features ?? []) + filter.keys.sorted() }
}

import Yams

extension ScenarioReader {
    func dataSources(_ node: Node?) throws(ScenarioError) -> [DataSource] {
        guard let node else { return [] }
        let sources = try YAMLMapping(node, file: file, context: "data")
        var result: [DataSource] = []
        for name in sources.keys {
            let context = "data source '\(name)'"
            let mapping = try YAMLMapping(try sources.required(name), file: file, context: context, key: sources.keyNode(name))
            try mapping.allowOnly(["file", "format", "order", "label", "features", "filter"])
            let fileNode = try mapping.required("file")
            let path = try scalars.nonEmptyString(fileNode, "\(context) file")
            let inferred: DataSource.Format = path.lowercased().hasSuffix(".jsonl") ? .jsonl : .csv
            let format = try mapping.optional("format").map { (node) throws(ScenarioError) in
                DataSource.Format(rawValue: try scalars.choice(node, "\(context) format", ["csv", "jsonl"]))!
            } ?? inferred
            let order = try mapping.optional("order").map { (node) throws(ScenarioError) in
                DataSource.Order(rawValue: try scalars.choice(node, "\(context) order", ["sequential", "shuffled"]))!
            } ?? .sequential
            let label = try mapping.optional("label").map { (node) throws(ScenarioError) in try scalars.nonEmptyString(node, "\(context) label") }
            let features = try mapping.optional("features").map { (node) throws(ScenarioError) in
                try scalars.sequence(node, "\(context) features").map { (node) throws(ScenarioError) in try scalars.nonEmptyString(node, "a feature column") }
            }
            if let features, features.isEmpty {
                throw .at(mapping.optional("features")!, file: file, "\(context) features must list at least one column, or be left out to use every column but the label")
            }
            if let features, let label, features.contains(label) {
                throw .at(mapping.optional("features")!, file: file, "\(context) lists its label '\(label)' among the features: the model would be sent the answer")
            }
            var filter: [String: String] = [:]
            if let filters = try mapping.mapping("filter", context: "\(context) filter") {
                for column in filters.keys { filter[column] = try scalars.string(try filters.required(column), "filter '\(column)'") }
            }
            let location = sources.keyNode(name)?.location ?? (line: 0, column: 0)
            result.append(
                DataSource(
                    name: name, path: path, resolvedPath: resolve(path), format: format, order: order, label: label,
                    features: features, filter: filter, line: location.line, column: location.column))
        }
        return result
    }

    func replaySection(_ mapping: YAMLMapping) throws(ScenarioError) -> ReplaySection {
        try mapping.allowOnly(["file", "speed"])
        let path = try scalars.nonEmptyString(try mapping.required("file"), "replay file")
        let speed = try mapping.optional("speed").map { (node) throws(ScenarioError) in
            try scalars.double(node, "replay speed", minimum: 0, maximum: 1000, exclusiveMinimum: true)
        } ?? 1
        return ReplaySection(path: path, resolvedPath: resolve(path), speed: speed)
    }

    func objectiveEntries(_ node: Node?) throws(ScenarioError) -> [ObjectiveEntry] {
        guard let node else { return [] }
        return try scalars.sequence(node, "objectives").map { (item) throws(ScenarioError) in
            let location = item.location
            if case .scalar = item {
                return ObjectiveEntry(
                    expression: try scalars.nonEmptyString(item, "objective"), warn: nil, key: false,
                    line: location.line, column: location.column)
            }
            let mapping = try YAMLMapping(item, file: file, context: "objective")
            try mapping.allowOnly(["objective", "warn", "key", "abort_on_fail", "abort_grace"])
            let expressionNode = try mapping.required("objective")
            let abortOnFail = try mapping.optional("abort_on_fail").map { (node) throws(ScenarioError) in
                try scalars.bool(node, "abort_on_fail")
            } ?? false
            let grace = try mapping.optional("abort_grace").map { (node) throws(ScenarioError) in
                guard abortOnFail else { throw .at(node, file: file, "abort_grace goes with 'abort_on_fail: true'") }
                return try scalars.duration(node, "abort_grace", allowZero: true)
            }
            return ObjectiveEntry(
                expression: try scalars.nonEmptyString(expressionNode, "objective"),
                warn: try mapping.optional("warn").map { (node) throws(ScenarioError) in try scalars.nonEmptyString(node, "warn") },
                key: try mapping.optional("key").map { (node) throws(ScenarioError) in try scalars.bool(node, "key") } ?? false,
                line: expressionNode.location.line, column: expressionNode.location.column,
                abort: abortOnFail ? AbortRule(grace: grace ?? AbortRule.defaultGrace) : nil)
        }
    }

    func costSection(_ mapping: YAMLMapping) throws(ScenarioError) -> CostSection {
        try mapping.allowOnly(["hourly_price", "instances", "currency", "predictions_per_request"])
        return CostSection(
            hourlyPrice: try scalars.double(try mapping.required("hourly_price"), "cost hourly_price", minimum: 0, maximum: 1e9),
            instances: try mapping.optional("instances").map { (node) throws(ScenarioError) in try scalars.int(node, "cost instances", in: 1...100_000) } ?? 1,
            currency: try mapping.optional("currency").map { (node) throws(ScenarioError) in try scalars.nonEmptyString(node, "cost currency") } ?? "USD",
            predictionsPerRequest: try mapping.optional("predictions_per_request").map { (node) throws(ScenarioError) in
                try scalars.int(node, "cost predictions_per_request", in: 1...1_000_000)
            })
    }
}

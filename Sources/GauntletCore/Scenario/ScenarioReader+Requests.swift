import Yams

extension ScenarioReader {
    static let requestKeys = ["name", "weight", "method", "path", "headers", "body", "data", "expect", "prediction"]
    static let methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]

    func requestTemplates(_ node: Node?, data: [DataSource], required: Bool, at parent: Node) throws(ScenarioError)
        -> [RequestTemplate]
    {
        guard let node else {
            if required { throw .at(parent, file: file, "the scenario needs 'requests' (or a 'replay' trace)") }
            return []
        }
        let items = try scalars.sequence(node, "requests")
        if items.isEmpty && required { throw .at(node, file: file, "requests must list at least one request") }
        var templates: [RequestTemplate] = []
        for item in items {
            let template = try requestTemplate(item, index: templates.count, data: data)
            if templates.contains(where: { $0.name == template.name }) {
                throw .at(item, file: file, "duplicate request name '\(template.name)'")
            }
            templates.append(template)
        }
        return templates
    }

    private func requestTemplate(_ node: Node, index: Int, data: [DataSource]) throws(ScenarioError) -> RequestTemplate {
        let numbered = try YAMLMapping(node, file: file, context: "request \(index + 1)")
        let name = try scalars.nonEmptyString(try numbered.required("name"), "request name")
        let context = "request '\(name)'"
        let mapping = try YAMLMapping(node, file: file, context: context)
        try mapping.allowOnly(Self.requestKeys)
        let weight = try mapping.optional("weight").map { (node) throws(ScenarioError) in
            try scalars.double(node, "\(context) weight", minimum: 0, maximum: 1e6, exclusiveMinimum: true)
        } ?? 1
        let dataName = try mapping.optional("data").map { (node) throws(ScenarioError) in try dataReference(node, data: data, context: context) }
        let body = try mapping.optional("body").map { (node) throws(ScenarioError) in try bodySpec(node, data: data, requestData: dataName, context: context) }

        // An OpenAI body knows its endpoint; every other request names its path.
        let pathNode: Node
        let path: String
        if case .openAI(let openAI, _) = body, mapping.optional("path") == nil {
            pathNode = node
            path = openAI.defaultPath
        } else {
            pathNode = try mapping.required("path")
            path = try scalars.nonEmptyString(pathNode, "\(context) path")
        }
        guard path.hasPrefix("/") else { throw .at(pathNode, file: file, "\(context) path must start with '/', e.g. /v2/models/m/infer") }
        if let offence = Self.pathOffence(outsidePlaceholders: path) {
            throw .at(pathNode, file: file, "\(context) path holds \(offence.description); \(RequestText.pathRule)")
        }
        // A request carrying several rows has no one row to fill placeholders from.
        let batchRows: Int = if case .inferV2(let v2) = body { v2.rows } else { 1 }
        func refuseBatchPlaceholders(_ text: String, _ node: Node, _ what: String) throws(ScenarioError) {
            guard batchRows > 1, rowPlaceholder(in: text) != nil else { return }
            throw .at(node, file: file,
                "\(what) uses {{…}} placeholders, but each request carries \(batchRows) rows (v2 rows: \(batchRows)), so no one row fills them")
        }
        try refuseBatchPlaceholders(path, pathNode, "\(context) path")
        if dataName == nil {
            try refuseUnfilled(path, pathNode, "\(context) path")
            if case .template(let text, _) = body {
                try refuseUnfilled(text, mapping.optional("body") ?? node, "\(context) body")
            }
            if case .openAI(let openAI, _) = body {
                for text in openAI.texts { try refuseUnfilled(text, mapping.optional("body") ?? node, "\(context) openai body") }
            }
        }
        var method = body == nil ? "GET" : "POST"
        if let node = mapping.optional("method") {
            let text = try scalars.string(node, "\(context) method").uppercased()
            guard Self.methods.contains(text) else {
                throw .at(node, file: file, "\(context) method must be one of \(Self.methods.joined(separator: ", ")), not '\(text)'\(Suggestion.hint(for: text, in: Self.methods))")
            }
            method = text
        }
        var headers: [RequestTemplate.Header] = []
        if let headerMapping = try mapping.mapping("headers", context: "\(context) headers") {
            for key in headerMapping.keys {
                let keyNode = headerMapping.keyNode(key) ?? headerMapping.node
                guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }) else {
                    throw .at(keyNode, file: file, "header name '\(key)' may hold only letters, digits, '-' and '_'")
                }
                if headers.contains(where: { $0.name.lowercased() == key.lowercased() }) {
                    throw .at(keyNode, file: file, "header '\(key)' is given twice (header names ignore case)")
                }
                let valueNode = try headerMapping.required(key)
                let value = try scalars.string(valueNode, "header '\(key)'")
                if let offence = RequestText.headerValueOffence(value) {
                    throw .at(valueNode, file: file, "\(context) header '\(key)' holds \(offence.description) of its value; \(RequestText.headerValueRule)")
                }
                try refuseBatchPlaceholders(value, valueNode, "header '\(key)'")
                if dataName == nil {
                    try refuseUnfilled(value, valueNode, "header '\(key)'", request: context)
                }
                headers.append(RequestTemplate.Header(name: key, value: value))
            }
        }
        var statuses: [Int] = []
        var checks: [ResponseCheck] = []
        if let expect = try mapping.mapping("expect", context: "\(context) expect") {
            try expect.allowOnly(["status", "contains", "not_contains"])
            if let node = expect.optional("status") {
                let nodes = (try? scalars.sequence(node, "status")) ?? [node]
                statuses = try nodes.map { (node) throws(ScenarioError) in try scalars.int(node, "\(context) expected status", in: 100...599) }
            }
            if let node = expect.optional("contains") { checks.append(.contains(try scalars.nonEmptyString(node, "contains"))) }
            if let node = expect.optional("not_contains") { checks.append(.notContains(try scalars.nonEmptyString(node, "not_contains"))) }
        }
        let rowsData: String? = if case .inferV2(let v2) = body { v2.data } else { dataName }
        var prediction = PredictionReading.automatic
        if let reading = try mapping.mapping("prediction", context: "\(context) prediction") {
            let source = rowsData.flatMap { name in data.first { $0.name == name } }
            guard source?.label != nil else {
                throw .at(mapping.keyNode("prediction") ?? reading.node, file: file,
                    "\(context) sets 'prediction', but \(source.map { "its data '\($0.name)' names no 'label' column" } ?? "it reads no data"), so no prediction is compared with anything")
            }
            prediction = try predictionReading(reading, context: context)
        }
        return RequestTemplate(
            name: name, weight: weight, method: method, path: path, headers: headers, body: body, data: rowsData,
            expectedStatuses: statuses, checks: checks, prediction: prediction,
            line: node.location.line, column: node.location.column)
    }

    /// `prediction: {output: NAME, argmax: BOOL}`: which output of the answer holds the predictions.
    private func predictionReading(_ mapping: YAMLMapping, context: String) throws(ScenarioError) -> PredictionReading {
        try mapping.allowOnly(["output", "argmax"])
        let output = try scalars.nonEmptyString(try mapping.required("output"), "\(context) prediction output")
        let argmax = try mapping.optional("argmax").map { (node) throws(ScenarioError) in
            try scalars.bool(node, "\(context) prediction argmax")
        } ?? false
        return .output(output, argmax: argmax)
    }

    private func dataReference(_ node: Node, data: [DataSource], context: String) throws(ScenarioError) -> String {
        let name = try scalars.nonEmptyString(node, "\(context) data")
        guard data.contains(where: { $0.name == name }) else {
            let known = data.map(\.name)
            throw .at(node, file: file, "\(context) uses data '\(name)', which is not declared under 'data'\(Suggestion.hint(for: name, in: known))")
        }
        return name
    }

    private func bodySpec(_ node: Node, data: [DataSource], requestData: String?, context: String) throws(ScenarioError) -> BodySpec {
        if case .scalar = node {
            let text = try scalars.string(node, "\(context) body")
            guard text.contains("{{") else { return .literal(text) }
            // Only candidate variables: filled per candidate, no row needed.
            guard rowPlaceholder(in: text) != nil else { return .template(text, data: requestData) }
            if requestData == nil, comparesCandidates { try refuseUnfilled(text, node, "\(context) body") }
            return .template(text, data: try requireData(requestData, node, context))
        }
        let mapping = try YAMLMapping(node, file: file, context: "\(context) body")
        try mapping.allowOnly(["v2", "template", "openai"])
        guard mapping.keys.count == 1 else {
            throw .at(node, file: file, "\(context) body takes exactly one of 'v2', 'template' or 'openai'")
        }
        if let template = mapping.optional("template") {
            return .template(try scalars.string(template, "\(context) body template"), data: requestData)
        }
        if let openAI = mapping.optional("openai") {
            return .openAI(try openAIBody(openAI, key: mapping.keyNode("openai"), context: context), data: requestData)
        }
        let v2 = try YAMLMapping(try mapping.required("v2"), file: file, context: "\(context) v2 body", key: mapping.keyNode("v2"))
        try v2.allowOnly(["data", "input", "shape", "datatype", "rows"])
        let dataName: String
        if let node = v2.optional("data") {
            dataName = try dataReference(node, data: data, context: context)
        } else {
            dataName = try requireData(requestData, v2.node, context)
        }
        let rows = try v2.optional("rows").map { (node) throws(ScenarioError) in
            try scalars.int(node, "\(context) v2 rows", in: 1...InferV2Body.maximumRows)
        } ?? InferV2Body.defaultRows
        let shapeNode = try v2.required("shape")
        let dimensionNodes = try scalars.sequence(shapeNode, "\(context) v2 shape")
        let shape = try dimensionNodes.map { (node) throws(ScenarioError) in
            try scalars.int(node, "a shape dimension", in: -1...1_000_000)
        }
        guard !shape.isEmpty, !shape.contains(0) else {
            throw .at(shapeNode, file: file, "\(context) v2 shape must list dimensions greater than 0 (or -1), e.g. [1, 64]")
        }
        guard shape.filter({ $0 == -1 }).count <= 1 else {
            throw .at(shapeNode, file: file, "\(context) v2 shape may leave at most one dimension free (-1)")
        }
        // The first dimension is the batch: the rows one request carries.
        if shape[0] != -1, shape[0] != rows {
            throw .at(dimensionNodes[0], file: file,
                "\(context) v2 shape \(shape) has \(shape[0]) in its first (batch) dimension, but each request carries \(rows) row\(rows == 1 ? "" : "s") (rows: \(rows)\(v2.optional("rows") == nil ? ", the default" : "")); set rows to match, or write -1 there")
        }
        var datatype = "FP32"
        if let node = v2.optional("datatype") {
            datatype = try scalars.string(node, "\(context) v2 datatype").uppercased()
            guard InferV2Body.datatypes.contains(datatype) else {
                throw .at(node, file: file,
                    "\(context) v2 datatype must be one of \(InferV2Body.datatypes.joined(separator: ", ")), not '\(datatype)'\(Suggestion.hint(for: datatype, in: InferV2Body.datatypes))")
            }
        }
        let input = try v2.optional("input").map { (node) throws(ScenarioError) in try scalars.nonEmptyString(node, "v2 input") } ?? "input-0"
        return .inferV2(InferV2Body(data: dataName, input: input, shape: shape, datatype: datatype, rows: rows))
    }

    /// The first space or control character of `path` outside its `{{…}}` placeholders (which
    /// may hold spaces, `{{ px0 }}`, and are filled percent-encoded), counted in the whole path.
    static func pathOffence(outsidePlaceholders path: String) -> RequestText.Offence? {
        var before = 0
        for piece in Placeholder.pieces(of: path) {
            switch piece {
            case .text(let written):
                if var offence = RequestText.pathOffence(written) {
                    offence.offset += before
                    return offence
                }
                before += written.count
            case .placeholder(_, let written):
                before += written.count
            }
        }
        return nil
    }

    /// The first placeholder in `text` that a data row would have to fill: one no candidate sets,
    /// or `…` for a `{{` never closed; nil when there is none.
    func rowPlaceholder(in text: String) -> String? {
        guard text.contains("{{") else { return nil }
        let rest = Placeholder.fill(text, with: Dictionary(uniqueKeysWithValues: candidateVariables.map { ($0, "") }))
        guard rest.contains("{{") else { return nil }
        return Placeholder.names(in: rest).first ?? "…"
    }

    /// Refuses placeholders in `text` that nothing fills, in a request that names no data.
    /// - Parameter request: the request, when `what` does not name it already.
    private func refuseUnfilled(_ text: String, _ node: Node, _ what: String, request: String? = nil) throws(ScenarioError) {
        guard let name = rowPlaceholder(in: text) else { return }
        guard comparesCandidates else {
            let owner = request.map { "but \($0) names" } ?? "but names"
            throw .at(node, file: file, "\(what) uses {{…}} placeholders \(owner) no 'data' to fill them")
        }
        let set = candidateVariables.isEmpty
            ? "the candidates set no variables" : "the candidates set \(candidateVariables.map { "'\($0)'" }.joined(separator: ", "))"
        throw .at(node, file: file,
            "\(what) uses {{\(name)}}, which no candidate sets (\(set))\(Suggestion.hint(for: name, in: candidateVariables)) and no data fills (\(request ?? "the request") names no 'data')")
    }

    private func requireData(_ name: String?, _ node: Node, _ context: String) throws(ScenarioError) -> String {
        guard let name else { throw .at(node, file: file, "\(context) body needs rows: add 'data: <source name>' to the request") }
        return name
    }
}

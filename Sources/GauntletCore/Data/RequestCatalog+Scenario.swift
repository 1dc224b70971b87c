import Foundation

extension RequestCatalog {
    /// Fills every template of `scenario` from its data tables and the environment's secrets.
    ///
    /// - Parameter tables: the data sources' rows, already filtered, by source name.
    public static func build(scenario: Scenario, tables: [String: DataTable], environment: [String: String])
        throws(ScenarioError) -> RequestCatalog
    {
        // Unfilled, `{{model}}` would be sent as written: a comparison builds one catalogue per candidate.
        if let compare = scenario.compare {
            throw .at(compare.location, file: scenario.file,
                "this scenario compares candidates: its requests are built for each candidate, from its view of the scenario")
        }
        for name in scenario.secrets where environment[name] == nil {
            throw ScenarioError(file: scenario.file, line: 0, column: 0,
                message: "the scenario references ${\(name)}, but the environment has no \(name)")
        }
        var requests: [MaterializedRequest] = []
        var ranges: [Range<Int>] = []
        for (index, template) in scenario.requests.enumerated() {
            let start = requests.count
            let dataName = template.data
            let source = dataName.flatMap { name in scenario.data.first { $0.name == name } }
            let table = dataName.flatMap { tables[$0] }
            func fail(_ message: String) -> ScenarioError {
                ScenarioError(file: scenario.file, line: template.line, column: template.column, message: "request '\(template.name)': \(message)")
            }
            if let table, let source {
                guard !table.rows.isEmpty else { throw fail("data '\(source.name)' has no rows after its filter") }
                let features = try featureColumns(source, table).get()
                let labelIndex = source.label.flatMap(table.index(of:))
                let order = source.order == .shuffled
                    ? shuffled(table.rows.count, seed: scenario.load.seed &+ UInt64(index)) : Array(0..<table.rows.count)
                let rows: Int = if case .inferV2(let v2) = template.body { v2.rows } else { 1 }
                for positions in batches(of: order, rows: rows) {
                    requests.append(try materialize(template, index, rows: positions, table: table, source: source,
                        features: features, labelIndex: labelIndex, environment: environment, fail: fail))
                }
            } else {
                requests.append(try materialize(template, index, rows: [], table: nil, source: nil, features: [], labelIndex: nil,
                    environment: environment, fail: fail))
            }
            ranges.append(start..<requests.count)
        }
        return RequestCatalog(
            templateNames: scenario.requests.map(\.name), requests: requests, ranges: ranges,
            weights: scenario.requests.map(\.weight), seed: scenario.load.seed,
            predictionReadings: scenario.requests.map(\.prediction),
            tokenReadings: scenario.requests.map { $0.body?.tokenReading ?? TokenReading.none },
            maximumTokens: scenario.requests.map { template in
                guard case .openAI(let body, _) = template.body else { return 0 }
                return body.maxTokens ?? OpenAIBody.defaultMaximumTokens
            })
    }

    /// The rows each request carries: request k the `rows` consecutive entries of `order` from
    /// k × rows on, wrapping around at its end. ⌈count ÷ rows⌉ requests cover every row at least
    /// once and stay as few as the rows themselves; where the count is no multiple of `rows`, the
    /// last request tops up from the start.
    static func batches(of order: [Int], rows: Int) -> [[Int]] {
        let count = (order.count + rows - 1) / rows
        return (0..<count).map { request in (0..<rows).map { order[(request * rows + $0) % order.count] } }
    }

    public static func featureColumns(_ source: DataSource, _ table: DataTable) -> Result<[Int], ScenarioError> {
        let excluded = Set([source.label].compactMap { $0 } + source.filter.keys)
        let names = source.features ?? table.columns.filter { !excluded.contains($0) }
        var indices: [Int] = []
        for name in names {
            guard let index = table.index(of: name) else {
                return .failure(ScenarioError(file: source.path, line: 1, column: 1,
                    message: "data source '\(source.name)' names feature column '\(name)', which the file does not have\(Suggestion.hint(for: name, in: table.columns))"))
            }
            indices.append(index)
        }
        return .success(indices)
    }

    /// Where a filled text goes, which decides what a value may hold: a header value neither
    /// CR, LF nor NUL; a path any data value once percent-encoded.
    private enum Place {
        case path
        case header(String)
        case body
    }

    private static func materialize(
        _ template: RequestTemplate, _ index: Int, rows: [Int], table: DataTable?, source: DataSource?, features: [Int],
        labelIndex: Int?, environment: [String: String], fail: (String) -> ScenarioError
    ) throws(ScenarioError) -> MaterializedRequest {
        // Placeholders take the first row: a request carrying several (a V2 batch) has none to fill.
        let row = rows.first.flatMap { table?.rows[$0] }
        func what(_ place: Place) -> String {
            switch place {
            case .path: "the path"
            case .header(let name): "header '\(name)'"
            case .body: "the body"
            }
        }
        // `${NAME}`s in text as written; a value that would break a header or the request line
        // is refused by name, never shown.
        func substituteSecrets(_ text: Substring, _ place: Place) throws(ScenarioError) -> String {
            let text = String(text)
            for name in SecretReference.names(in: text) {
                guard let value = environment[name] else { continue }
                let (offence, rule): (RequestText.Offence?, String) = switch place {
                case .path: (RequestText.pathOffence(value), RequestText.pathRule)
                case .header: (RequestText.headerValueOffence(value), RequestText.headerValueRule)
                case .body: (nil, "")
                }
                if let offence {
                    throw fail("\(what(place)) would hold ${\(name)} from the environment, whose value holds \(offence.description); \(rule)")
                }
            }
            return SecretReference.substitute(text, from: environment)
        }
        // Piece by piece, so a value is never read again for placeholders or secrets. In a path,
        // a data value is percent-encoded: it stays one segment (one query value after a '?').
        func fill(_ text: String, into place: Place) throws(ScenarioError) -> String {
            var result = ""
            var inQuery = false
            for piece in Placeholder.pieces(of: text) {
                switch piece {
                case .text(let written):
                    result += try substituteSecrets(written, place)
                    if written.contains("?") { inQuery = true }
                case .placeholder(let column, let written):
                    guard let row, let table else {
                        result += try substituteSecrets(written, place)
                        continue
                    }
                    guard let position = table.index(of: column) else {
                        throw fail("{{\(column)}} names no column of its data\(Suggestion.hint(for: column, in: table.columns))")
                    }
                    let value = row[position]
                    switch place {
                    case .path: result += inQuery ? PathEncoding.queryValue(value) : PathEncoding.segment(value)
                    case .body: result += value
                    case .header:
                        if let offence = RequestText.headerValueOffence(value) {
                            let line = rows.first.flatMap { table.line(ofRow: $0) }.map { " line \($0)" } ?? ""
                            let origin = source.map { "data '\($0.name)' ('\($0.path)'\(line.isEmpty ? "" : ",")\(line))" } ?? "its data"
                            throw fail("\(what(place)) would hold column '\(column)' of \(origin), whose value holds \(offence.description); \(RequestText.headerValueRule)")
                        }
                        result += value
                    }
                }
            }
            return result
        }
        var body: Data?
        switch template.body {
        case .literal(let text): body = Data(SecretReference.substitute(text, from: environment).utf8)
        case .template(let text, _): body = Data(try fill(text, into: .body).utf8)
        case .inferV2(let spec):
            let carried = rows.map { table?.rows[$0] ?? [] }
            body = try inferBody(spec, rows: carried.map { row in features.map { row[$0] } }, fail: fail)
        case .bytes(let data): body = data
        case .openAI(let spec, _): body = try spec.mapTexts { (text) throws(ScenarioError) in try fill(text, into: .body) }.json
        case nil: body = nil
        }
        var headers = try template.headers.map { (header) throws(ScenarioError) in
            "\(header.name): \(try fill(header.value, into: .header(header.name)))"
        }
        let sendsJSON: Bool = switch template.body {
        case .inferV2, .openAI: true
        default: false
        }
        if sendsJSON, !template.headers.contains(where: { $0.name.lowercased() == "content-type" }) {
            headers.append("Content-Type: application/json")
        }
        let labels = labelIndex.map { label in rows.compactMap { table?.rows[$0][label] } } ?? []
        let path = try fill(template.path, into: .path)
        // What no check above saw (a template built in code) is refused all the same: nothing
        // that would change the request line or add a header leaves the catalogue.
        if let problem = RequestText.problem(method: template.method, url: path, headers: headers) { throw fail(problem) }
        return MaterializedRequest(
            template: index, method: template.method, path: path, headers: headers, body: body, rows: rows, labels: labels)
    }

    /// `{"inputs":[{"name","shape","datatype","data"}]}` with each row's features in order, the
    /// rows one after the other. The shape's first dimension is the batch (the rows carried); a
    /// `-1` elsewhere is filled from the features per row.
    static func inferBody(_ spec: InferV2Body, rows: [[String]], fail: (String) -> ScenarioError) throws(ScenarioError) -> Data {
        let perRow = rows.first?.count ?? 0
        var shape = spec.shape
        shape[0] = rows.count
        let known = shape.dropFirst().filter { $0 > 0 }.reduce(1, *)
        if let free = shape.indices.dropFirst().first(where: { shape[$0] == -1 }) {
            guard perRow % known == 0 else { throw fail("v2 shape \(spec.shape) cannot hold \(perRow) features per row") }
            shape[free] = perRow / known
        }
        guard shape.dropFirst().reduce(1, *) == perRow else {
            let hint = shape.count == 1 ? "; the first dimension is the batch, so write [\(rows.count), \(perRow)] or [\(rows.count), -1]" : ""
            throw fail("v2 shape \(spec.shape) holds \(shape.dropFirst().reduce(1, *)) values per row, but each row has \(perRow) features\(hint)")
        }
        var data: [String] = []
        data.reserveCapacity(rows.count * perRow)
        for value in rows.joined() {
            if spec.datatype == "BYTES" {
                data.append(jsonString(value))
            } else if spec.datatype == "BOOL" {
                guard ["true", "false", "1", "0"].contains(value.lowercased()) else { throw fail("'\(value)' is not a BOOL") }
                data.append(["true", "1"].contains(value.lowercased()) ? "true" : "false")
            } else {
                guard let number = Double(value), number.isFinite else { throw fail("feature value '\(value)' is not a number") }
                data.append(spec.datatype.hasPrefix("FP") ? value : String(Int(number)))
            }
        }
        let text = #"{"inputs":[{"name":\#(jsonString(spec.input)),"shape":[\#(shape.map(String.init).joined(separator: ","))],"datatype":"\#(spec.datatype)","data":[\#(data.joined(separator: ","))]}]}"#
        return Data(text.utf8)
    }

    static func jsonString(_ text: String) -> String {
        let encoded = try? JSONEncoder().encode(text)
        return encoded.map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }

    static func shuffled(_ count: Int, seed: UInt64) -> [Int] {
        var generator = Xoshiro256StarStar(seed: seed)
        var order = Array(0..<count)
        order.shuffle(using: &generator)
        return order
    }
}

import Foundation

extension RequestCatalog {
    /// Fills every template of `scenario` from its data tables and the environment's secrets.
    ///
    /// - Parameter tables: the data sources' rows, already filtered, by source name.
    public static func build(scenario: Scenario, tables: [String: DataTable], environment: [String: String])
        throws(ScenarioError) -> RequestCatalog
    {
        for name in scenario.secrets where environment[name] == nil {
            throw ScenarioError(file: scenario.file, line: 0, column: 0,
                message: "the scenario references ${\(name)}, but the environment has no \(name)")
        }
        var requests: [MaterializedRequest] = []
        var ranges: [Range<Int>] = []
        var orders: [[Int]] = []
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
                for (position, row) in table.rows.enumerated() {
                    var request = try materialize(template, index, row: row, table: table, features: features,
                        label: labelIndex.map { row[$0] }, environment: environment, fail: fail)
                    request.row = position
                    requests.append(request)
                }
                let count = requests.count - start
                orders.append(source.order == .shuffled ? shuffled(count, seed: scenario.load.seed &+ UInt64(index)) : Array(0..<count))
            } else {
                requests.append(try materialize(template, index, row: nil, table: nil, features: [], label: nil,
                    environment: environment, fail: fail))
                orders.append([0])
            }
            ranges.append(start..<requests.count)
        }
        return RequestCatalog(
            templateNames: scenario.requests.map(\.name), requests: requests, ranges: ranges, orders: orders,
            weights: scenario.requests.map(\.weight), seed: scenario.load.seed)
    }

    public static func featureColumns(_ source: DataSource, _ table: DataTable) -> Result<[Int], ScenarioError> {
        let excluded = Set([source.label].compactMap { $0 } + source.filter.keys)
        let names = source.features ?? table.columns.filter { !excluded.contains($0) }
        var indices: [Int] = []
        for name in names {
            guard let index = table.index(of: name) else {
                return .failure(ScenarioError(file: source.path, line: 1, column: 0,
                    message: "data source '\(source.name)' names feature column '\(name)', which the file does not have\(Suggestion.hint(for: name, in: table.columns))"))
            }
            indices.append(index)
        }
        return .success(indices)
    }

    private static func materialize(
        _ template: RequestTemplate, _ index: Int, row: [String]?, table: DataTable?, features: [Int], label: String?,
        environment: [String: String], fail: (String) -> ScenarioError
    ) throws(ScenarioError) -> MaterializedRequest {
        func fill(_ text: String) throws(ScenarioError) -> String {
            var result = SecretReference.substitute(text, from: environment)
            guard let row, let table else { return result }
            while let open = result.range(of: "{{"), let close = result.range(of: "}}", range: open.upperBound..<result.endIndex) {
                let column = result[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                guard let position = table.index(of: column) else {
                    throw fail("{{\(column)}} names no column of its data\(Suggestion.hint(for: column, in: table.columns))")
                }
                result.replaceSubrange(open.lowerBound..<close.upperBound, with: row[position])
            }
            return result
        }
        var body: Data?
        switch template.body {
        case .literal(let text): body = Data(SecretReference.substitute(text, from: environment).utf8)
        case .template(let text, _): body = Data(try fill(text).utf8)
        case .inferV2(let spec): body = try inferBody(spec, values: features.map { row?[$0] ?? "" }, fail: fail)
        case .bytes(let data): body = data
        case nil: body = nil
        }
        var headers = try template.headers.map { (header) throws(ScenarioError) in "\(header.name): \(try fill(header.value))" }
        if case .inferV2 = template.body, !template.headers.contains(where: { $0.name.lowercased() == "content-type" }) {
            headers.append("Content-Type: application/json")
        }
        return MaterializedRequest(
            template: index, method: template.method, path: try fill(template.path), headers: headers, body: body, label: label)
    }

    /// `{"inputs":[{"name","shape","datatype","data"}]}` with the row's features in order.
    static func inferBody(_ spec: InferV2Body, values: [String], fail: (String) -> ScenarioError) throws(ScenarioError) -> Data {
        let known = spec.shape.filter { $0 > 0 }.reduce(1, *)
        var shape = spec.shape
        if let free = shape.firstIndex(of: -1) {
            guard known > 0, values.count % known == 0 else { throw fail("v2 shape \(spec.shape) cannot hold \(values.count) features") }
            shape[free] = values.count / known
        }
        guard shape.reduce(1, *) == values.count else {
            throw fail("v2 shape \(spec.shape) holds \(shape.reduce(1, *)) values, but each row has \(values.count) features")
        }
        var data: [String] = []
        for value in values {
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

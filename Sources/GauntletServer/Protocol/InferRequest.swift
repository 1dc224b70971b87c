/// A KServe V2 `infer` request, read and checked against the model it is for. Every problem is
/// a `ProtocolError` whose message a client can act on (answered as `{"error": …}` with 400).
public struct InferRequest: Sendable, Equatable {
    public var id: String?
    /// Rows of features, one per batch entry.
    public var rows: [[Double]]
    /// The outputs asked for; empty means all.
    public var requestedOutputs: [String]

    public static func parse(_ body: [UInt8], for model: DenseModel) throws(ProtocolError) -> InferRequest {
        let document: JSONValue
        do { document = try JSONValue.parse(body) } catch { throw .badRequest("the body is not valid JSON: \(error)") }
        guard case .object(let object) = document else { throw .badRequest("the body is not a JSON object") }
        var id: String?
        switch object["id"] {
        case nil: break
        case .string(let text): id = text
        default: throw .badRequest("'id' must be a string")
        }
        guard case .array(let inputs) = object["inputs"], !inputs.isEmpty else {
            throw .badRequest("'inputs' must be a non-empty list of tensors")
        }
        guard let expected = model.definition.inputs.first, inputs.count == 1 else {
            throw .badRequest("model '\(model.name)' takes exactly one input, '\(model.definition.inputs.first?.name ?? "input-0")'")
        }
        guard case .object(let tensor) = inputs[0] else { throw .badRequest("each of 'inputs' must be a tensor object") }
        guard case .string(expected.name) = tensor["name"] else {
            throw .badRequest("unknown input '\(tensor["name"]?.stringValue ?? "")'; model '\(model.name)' takes '\(expected.name)'")
        }
        guard case .string(let datatype) = tensor["datatype"], ["FP32", "FP64"].contains(datatype) else {
            throw .badRequest("input '\(expected.name)' must have datatype FP32 or FP64")
        }
        guard case .array(let shapeValues) = tensor["shape"],
              case let shape = shapeValues.compactMap(\.integerValue), shape.count == shapeValues.count,
              shape.count == 2, shape[0] >= 1, shape[1] == model.inputWidth
        else {
            throw .badRequest("input '\(expected.name)' must have shape [batch, \(model.inputWidth)] with batch ≥ 1")
        }
        guard let data = tensor["data"], case .array = data else {
            throw .badRequest("input '\(expected.name)' needs 'data', a list of numbers")
        }
        // The shape is the client's word: its product may overflow, or promise more values than
        // the body could hold, so it sizes nothing before the data agrees with it.
        let (needed, overflowed) = shape[0].multipliedReportingOverflow(by: shape[1])
        var values: [Double] = []
        values.reserveCapacity(overflowed ? 0 : min(needed, 65_536))
        try flatten(data, into: &values, name: expected.name)
        guard !overflowed, values.count == needed else {
            let needs = overflowed ? "more than \(Int.max)" : "\(needed)"
            throw .badRequest("input '\(expected.name)' has \(values.count) values; shape \(shape) needs \(needs)")
        }
        var requested: [String] = []
        if let outputs = object["outputs"] {
            guard case .array(let list) = outputs else { throw .badRequest("'outputs' must be a list of {name}") }
            let known = model.definition.outputs.map(\.name)
            for output in list {
                guard case .object(let entry) = output, case .string(let name) = entry["name"], known.contains(name) else {
                    let name = if case .object(let entry) = output { entry["name"]?.stringValue ?? "" } else { "" }
                    throw .badRequest("unknown output '\(name)'; model '\(model.name)' has \(known.joined(separator: ", "))")
                }
                requested.append(name)
            }
        }
        let width = shape[1]
        let rows = (0..<shape[0]).map { Array(values[($0 * width)..<(($0 + 1) * width)]) }
        return InferRequest(id: id, rows: rows, requestedOutputs: requested)
    }

    /// Tensor data, flat (`[1, 2, …]`) or nested row-major (`[[1, 2], …]`), as numbers.
    static func flatten(_ data: JSONValue, into values: inout [Double], name: String) throws(ProtocolError) {
        switch data {
        case .number(let value): values.append(value)
        case .array(let elements):
            for element in elements { try flatten(element, into: &values, name: name) }
        default:
            throw .badRequest("input '\(name)' holds '\(data.compactText)', which is not a number")
        }
    }
}

extension JSONValue {
    var stringValue: String? { if case .string(let text) = self { text } else { nil } }

    /// A whole number that fits an Int.
    var integerValue: Int? {
        guard case .number(let value) = self, value == value.rounded(), abs(value) < 1e15 else { return nil }
        return Int(value)
    }

    /// Short text for error messages.
    var compactText: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .number(let value): String(value)
        case .string(let text): text
        case .array: "[…]"
        case .object: "{…}"
        }
    }
}

import Foundation

/// A KServe V2 `infer` request, read and checked against the model it is for. Every problem is
/// a `ProtocolError` whose message a client can act on (answered as `{"error": …}` with 400).
public struct InferRequest: Sendable, Equatable {
    public var id: String?
    /// Rows of features, one per batch entry.
    public var rows: [[Double]]
    /// The outputs asked for; empty means all.
    public var requestedOutputs: [String]

    public static func parse(_ body: [UInt8], for model: DenseModel) throws(ProtocolError) -> InferRequest {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            throw .badRequest("the body is not a JSON object")
        }
        let id = object["id"].map { $0 as? String }
        if case .some(nil) = id { throw .badRequest("'id' must be a string") }
        guard let inputs = object["inputs"] as? [[String: Any]], !inputs.isEmpty else {
            throw .badRequest("'inputs' must be a non-empty list of tensors")
        }
        guard let expected = model.definition.inputs.first, inputs.count == 1 else {
            throw .badRequest("model '\(model.name)' takes exactly one input, '\(model.definition.inputs.first?.name ?? "input-0")'")
        }
        let tensor = inputs[0]
        guard tensor["name"] as? String == expected.name else {
            throw .badRequest("unknown input '\(tensor["name"] as? String ?? "")'; model '\(model.name)' takes '\(expected.name)'")
        }
        guard let datatype = tensor["datatype"] as? String, ["FP32", "FP64"].contains(datatype) else {
            throw .badRequest("input '\(expected.name)' must have datatype FP32 or FP64")
        }
        guard let shape = (tensor["shape"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
              shape.count == 2, shape[0] >= 1, shape[1] == model.inputWidth
        else {
            throw .badRequest("input '\(expected.name)' must have shape [batch, \(model.inputWidth)] with batch ≥ 1")
        }
        let values = try flatten(tensor["data"], name: expected.name)
        guard values.count == shape[0] * shape[1] else {
            throw .badRequest("input '\(expected.name)' has \(values.count) values; shape \(shape) needs \(shape[0] * shape[1])")
        }
        var requested: [String] = []
        if let outputs = object["outputs"] {
            guard let list = outputs as? [[String: Any]] else { throw .badRequest("'outputs' must be a list of {name}") }
            let known = model.definition.outputs.map(\.name)
            for output in list {
                guard let name = output["name"] as? String, known.contains(name) else {
                    throw .badRequest("unknown output '\(output["name"] as? String ?? "")'; model '\(model.name)' has \(known.joined(separator: ", "))")
                }
                requested.append(name)
            }
        }
        let width = shape[1]
        let rows = (0..<shape[0]).map { Array(values[($0 * width)..<(($0 + 1) * width)]) }
        return InferRequest(id: id ?? nil, rows: rows, requestedOutputs: requested)
    }

    /// Tensor data, flat (`[1, 2, …]`) or nested row-major (`[[1, 2], …]`), as numbers.
    static func flatten(_ data: Any?, name: String) throws(ProtocolError) -> [Double] {
        guard let list = data as? [Any] else { throw .badRequest("input '\(name)' needs 'data', a list of numbers") }
        var values: [Double] = []
        values.reserveCapacity(list.count)
        for element in list {
            // JSON booleans also arrive as NSNumber; their Objective-C type is char ("c").
            if let number = element as? NSNumber, String(cString: number.objCType) != "c" {
                let value = number.doubleValue
                guard value.isFinite else { throw .badRequest("input '\(name)' holds a value that is not finite") }
                values.append(value)
            } else if element is [Any] {
                values += try flatten(element, name: name)
            } else {
                throw .badRequest("input '\(name)' holds '\(element)', which is not a number")
            }
        }
        return values
    }
}

/// A request the server refuses, with the status it answers.
public enum ProtocolError: Error, Equatable, Sendable {
    case badRequest(String)
    case notFound(String)
    case tooLarge(String)
    case unavailable(String)

    public var status: Int {
        switch self {
        case .badRequest: 400
        case .notFound: 404
        case .tooLarge: 413
        case .unavailable: 503
        }
    }

    public var message: String {
        switch self {
        case .badRequest(let text), .notFound(let text), .tooLarge(let text), .unavailable(let text): text
        }
    }

    /// `{"error": "…"}`.
    public var body: [UInt8] { InferResponse.json(["error": message]) }
}

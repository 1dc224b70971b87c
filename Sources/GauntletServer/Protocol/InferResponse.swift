import Foundation

/// A KServe V2 `infer` answer: the predicted label per row (INT64) and the class probabilities
/// (FP32), or only the outputs the request asked for; the request's `id` is echoed.
public enum InferResponse {
    public static func encode(_ predictions: [DenseModel.Prediction], request: InferRequest, model: DenseModel) -> [UInt8] {
        let wanted = request.requestedOutputs.isEmpty ? model.definition.outputs.map(\.name) : request.requestedOutputs
        var outputs: [[String: Any]] = []
        for name in wanted {
            if name == "label" {
                outputs.append([
                    "name": name, "datatype": "INT64", "shape": [predictions.count, 1],
                    "data": predictions.map(\.label),
                ])
            } else {
                let classes = model.definition.classes.count
                outputs.append([
                    "name": name, "datatype": "FP32", "shape": [predictions.count, classes],
                    "data": predictions.flatMap { $0.probabilities.map { Double(Float($0)) } },
                ])
            }
        }
        var object: [String: Any] = ["model_name": model.name, "model_version": model.version, "outputs": outputs]
        if let id = request.id { object["id"] = id }
        return json(object)
    }

    static func json(_ object: Any) -> [UInt8] {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Array(data)
    }
}

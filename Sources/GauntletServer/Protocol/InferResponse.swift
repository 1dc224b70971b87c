import Foundation

/// A KServe V2 `infer` answer: the predicted label per row (INT64) and the class probabilities
/// (FP32), or only the outputs the request asked for; the request's `id` is echoed.
public enum InferResponse {
    public static func encode(_ predictions: [DenseModel.Prediction], request: InferRequest, model: DenseModel) -> [UInt8] {
        let wanted = request.requestedOutputs.isEmpty ? model.definition.outputs.map(\.name) : request.requestedOutputs
        // Keys in sorted order, as JSONSerialization's .sortedKeys wrote them before.
        var json = JSONBytes()
        if let id = request.id {
            json.raw("{\"id\":")
            json.string(id)
            json.raw(",\"model_name\":")
        } else {
            json.raw("{\"model_name\":")
        }
        json.string(model.name)
        json.raw(",\"model_version\":")
        json.string(model.version)
        json.raw(",\"outputs\":[")
        for (index, name) in wanted.enumerated() {
            if index > 0 { json.raw(",") }
            if name == "label" {
                json.raw("{\"data\":")
                json.ints(predictions.map(\.label))
                json.raw(",\"datatype\":\"INT64\",\"name\":")
                json.string(name)
                json.raw(",\"shape\":")
                json.ints([predictions.count, 1])
            } else {
                json.raw("{\"data\":[")
                var first = true
                for prediction in predictions {
                    for probability in prediction.probabilities {
                        if !first { json.raw(",") }
                        first = false
                        json.float(Float(probability))
                    }
                }
                json.raw("],\"datatype\":\"FP32\",\"name\":")
                json.string(name)
                json.raw(",\"shape\":")
                json.ints([predictions.count, model.definition.classes.count])
            }
            json.raw("}")
        }
        json.raw("]}")
        return json.bytes
    }

    static func json(_ object: Any) -> [UInt8] {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Array(data)
    }
}

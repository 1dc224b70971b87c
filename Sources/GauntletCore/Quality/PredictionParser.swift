import Foundation

/// Reads the predicted class from a KServe V2 `infer` response.
///
/// Classification servers answer in one of two shapes, and both are read: an output holding
/// the class itself (integer or text, one value per row, preferably named like `label`,
/// `class` or `predict…`), or an output of scores per class, whose arg-max is the class.
public enum PredictionParser {
    public static func predictedClass(fromV2Response body: [UInt8]) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let outputs = object["outputs"] as? [[String: Any]], !outputs.isEmpty
        else { return nil }
        func isClassName(_ output: [String: Any]) -> Bool {
            let name = (output["name"] as? String ?? "").lowercased()
            return name.contains("label") || name.contains("class") || name.hasPrefix("predict")
        }
        func single(_ output: [String: Any]) -> String? {
            guard let data = output["data"] as? [Any], data.count == 1 else { return nil }
            switch data[0] {
            case let text as String: return text
            case let number as NSNumber:
                let value = number.doubleValue
                return value == value.rounded() ? String(Int(value)) : nil
            default: return nil
            }
        }
        // A class output, by name first, then any single integer or text value.
        for output in outputs.sorted(by: { isClassName($0) && !isClassName($1) }) {
            let datatype = (output["datatype"] as? String ?? "").uppercased()
            if datatype.hasPrefix("INT") || datatype.hasPrefix("UINT") || datatype == "BYTES" || isClassName(output),
               let value = single(output)
            {
                return value
            }
        }
        // Otherwise scores: the arg-max of the first output with several values.
        for output in outputs {
            guard let data = output["data"] as? [NSNumber], data.count > 1 else { continue }
            var best = 0
            for index in data.indices where data[index].doubleValue > data[best].doubleValue { best = index }
            return String(best)
        }
        return nil
    }
}

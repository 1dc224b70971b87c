import Foundation

/// Reads the predicted class of each row from a KServe V2 `infer` response.
///
/// Classification servers answer in one of two forms, and the automatic reading takes both: an
/// output holding the classes themselves (integer or text, one value per row, preferably named
/// like `label`, `class` or `predict…`), or an output of scores, one per class and row, whose
/// arg-max per row is the class. A scenario may name the output instead (``PredictionReading``).
public enum PredictionParser {
    /// The class predicted for each of `rows` rows, in the order they were sent; nil for a row
    /// whose prediction cannot be read (an answer that is not V2 JSON, an output that is not
    /// there, or values that do not fit `rows`).
    public static func predictedClasses(fromV2Response body: [UInt8], rows: Int, reading: PredictionReading = .automatic)
        -> [String?]
    {
        let missing = [String?](repeating: nil, count: max(0, rows))
        guard rows > 0, let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let outputs = object["outputs"] as? [[String: Any]], !outputs.isEmpty
        else { return missing }
        switch reading {
        case .automatic:
            return automatic(outputs, rows: rows) ?? missing
        case .output(let name, let argmax):
            guard let output = outputs.first(where: { $0["name"] as? String == name }), let values = values(output) else {
                return missing
            }
            return (argmax ? argmaxClasses(values, rows: rows) : classes(values, rows: rows)) ?? missing
        }
    }

    /// A class output (class-named ones first, then any integer or text output) whose every row
    /// reads as a class; otherwise the arg-max of the first output of numbers holding several
    /// scores per row.
    static func automatic(_ outputs: [[String: Any]], rows: Int) -> [String?]? {
        func isClassName(_ output: [String: Any]) -> Bool {
            let name = (output["name"] as? String ?? "").lowercased()
            return name.contains("label") || name.contains("class") || name.hasPrefix("predict")
        }
        for output in outputs.filter(isClassName) + outputs.filter({ !isClassName($0) }) {
            let datatype = (output["datatype"] as? String ?? "").uppercased()
            guard datatype.hasPrefix("INT") || datatype.hasPrefix("UINT") || datatype == "BYTES" || isClassName(output)
            else { continue }
            if let values = values(output), let found = classes(values, rows: rows), !found.contains(nil) { return found }
        }
        for output in outputs {
            guard let values = values(output), values.allSatisfy({ $0 is NSNumber }),
                  let found = argmaxClasses(values, rows: rows)
            else { continue }
            return found
        }
        return nil
    }

    /// One class per row: whole numbers and text are classes; anything else is unreadable.
    static func classes(_ values: [Any], rows: Int) -> [String?]? {
        guard values.count == rows else { return nil }
        return values.map { value -> String? in
            switch value {
            case let text as String: return text
            case let number as NSNumber:
                let value = number.doubleValue
                return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : nil
            default: return nil
            }
        }
    }

    /// Scores per row, row-major: the index of each row's highest score (the first of equal
    /// ones, as numpy's argmax). At least two scores per row, or there is nothing to choose.
    static func argmaxClasses(_ values: [Any], rows: Int) -> [String?]? {
        guard values.count >= 2 * rows, values.count % rows == 0 else { return nil }
        let width = values.count / rows
        return (0..<rows).map { row -> String? in
            var best: Int?
            var bestScore = -Double.infinity
            for column in 0..<width {
                guard let score = (values[row * width + column] as? NSNumber)?.doubleValue, !score.isNaN else { return nil }
                if best == nil || score > bestScore {
                    best = column
                    bestScore = score
                }
            }
            return best.map(String.init)
        }
    }

    /// An output's data, flattened: V2 answers are flat, but nested row-major lists are read too.
    static func values(_ output: [String: Any]) -> [Any]? {
        guard let data = output["data"] as? [Any] else { return nil }
        guard data.contains(where: { $0 is [Any] }) else { return data }
        var flat: [Any] = []
        func add(_ value: Any) {
            if let list = value as? [Any] { list.forEach(add) } else { flat.append(value) }
        }
        data.forEach(add)
        return flat
    }
}

import Foundation
import GauntletCore

/// Reads saved results (`gauntlet report`, `gauntlet merge`): every problem names the file.
public enum SavedResults {
    public static func read(_ path: String) throws(ResultFileError) -> RunResult {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            throw ResultFileError(file: path, "the file \(reason)")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ResultFileError(file: path, "not a Gauntlet report: it is not a JSON object")
        }
        if object["schema"] as? String == CompareResult.currentSchema {
            throw ResultFileError(file: path, "not a run report: it is a comparison (\(CompareResult.currentSchema)); give run reports (\(RunResult.currentSchema))")
        }
        do {
            return try RunResult.decode(data)
        } catch {
            throw ResultFileError(file: path, "not a Gauntlet report (\(RunResult.currentSchema)): \(Self.reason(error))")
        }
    }

    /// Reads every file, then merges them (``ResultMerge``).
    public static func merge(_ paths: [String]) throws(ResultFileError) -> RunResult {
        var inputs: [ResultMerge.Input] = []
        for path in paths { inputs.append(ResultMerge.Input(file: path, result: try read(path))) }
        return try ResultMerge.merge(inputs)
    }

    /// A decoding error in a sentence: which field, and what was wrong with it.
    static func reason(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the top level" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "'\(key.stringValue)' is missing at \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

import Foundation

/// `${NAME}` references to environment variables: found, blanked for shape checks,
/// and substituted only when a request is built, never in anything echoed.
public enum SecretReference {
    /// The names referenced in `text`, in order of appearance.
    public static func names(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { break }
            let name = String(rest[open.upperBound..<close])
            if isValidName(name), !names.contains(name) { names.append(name) }
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.isASCIILetter else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0.isASCIILetter || ("0"..."9").contains($0) }
    }

    /// `text` with every reference replaced by its value from `environment`.
    public static func substitute(_ text: String, from environment: [String: String]) -> String {
        var result = text
        for name in names(in: text) { result = result.replacingOccurrences(of: "${\(name)}", with: environment[name] ?? "") }
        return result
    }

    /// `text` with every reference replaced by a placeholder that fits a host, a port or a path, for shape checks.
    static func blank(_ text: String) -> String {
        var result = text
        for name in names(in: text) { result = result.replacingOccurrences(of: "${\(name)}", with: "1") }
        return result
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}

extension SecretReference {
    /// Every name `secrets` lists that `environment` lacks, each located at its first
    /// `${NAME}` in `source` (the scenario's text): one error naming them all, or nil.
    public static func missing(_ secrets: [String], in source: String, file: String, environment: [String: String])
        -> ScenarioError?
    {
        let missing = secrets.filter { environment[$0] == nil }
        guard !missing.isEmpty else { return nil }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        func location(_ name: String) -> (line: Int, column: Int) {
            for (index, line) in lines.enumerated() {
                if let range = line.range(of: "${\(name)}") {
                    return (index + 1, line.distance(from: line.startIndex, to: range.lowerBound) + 1)
                }
            }
            return (0, 0)
        }
        let located = missing.map { name in (name, location(name)) }
        let first = located[0].1
        let list = located.map { name, at in at.line > 0 ? "${\(name)} (\(file):\(at.line):\(at.column))" : "${\(name)}" }
        let noun = missing.count == 1 ? "variable" : "variables"
        return ScenarioError(
            file: file, line: first.line, column: first.column,
            message: "the environment lacks \(missing.count) \(noun) the scenario references: \(list.joined(separator: ", ")); "
                + "set \(missing.count == 1 ? "it" : "them"), or give --env NAME=VALUE")
    }
}

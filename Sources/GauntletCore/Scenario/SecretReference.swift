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

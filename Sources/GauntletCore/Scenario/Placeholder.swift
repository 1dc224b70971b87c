import Foundation

/// `{{name}}` placeholders in request paths, headers and bodies. A name is filled either by a
/// candidate's variable (`{{model}}`, the same for every request of that candidate) or by a
/// column of the request's data row (`{{px0}}`, a different value per row).
public enum Placeholder {
    /// The names of the placeholders in `text`, in order, spaces inside the braces trimmed
    /// (`{{ px0 }}` is `px0`).
    public static func names(in text: String) -> [String] {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "{{"), let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) {
            names.append(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return names
    }

    /// `text` with each placeholder named in `values` replaced by its value; other placeholders
    /// (data columns) are left for the row that fills them.
    public static func fill(_ text: String, with values: [String: String]) -> String {
        guard !values.isEmpty, text.contains("{{") else { return text }
        var result = ""
        var rest = text[...]
        while let open = rest.range(of: "{{"), let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) {
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            result += rest[..<open.lowerBound]
            result += values[name] ?? String(rest[open.lowerBound..<close.upperBound])
            rest = rest[close.upperBound...]
        }
        return result + rest
    }
}

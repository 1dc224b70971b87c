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
        return pieces(of: text).reduce(into: "") { result, piece in
            switch piece {
            case .text(let written): result += written
            case .placeholder(let name, let written): result += values[name] ?? String(written)
            }
        }
    }

    /// As ``fill(_:with:)`` for a request path: each value percent-encoded (``PathEncoding``), as
    /// a data value is, so `{{model}}` stays one path segment (one query value after a `?`)
    /// whatever the candidate's value holds: `my model` is sent as `my%20model`.
    public static func fillPath(_ path: String, with values: [String: String]) -> String {
        guard !values.isEmpty, path.contains("{{") else { return path }
        var inQuery = false
        return pieces(of: path).reduce(into: "") { result, piece in
            switch piece {
            case .text(let written):
                result += written
                if written.contains("?") { inQuery = true }
            case .placeholder(let name, let written):
                guard let value = values[name] else { result += written; return }
                result += inQuery ? PathEncoding.queryValue(value) : PathEncoding.segment(value)
            }
        }
    }

    /// A part of a text with placeholders: text as written, or one placeholder.
    public enum Piece: Equatable, Sendable {
        case text(Substring)
        /// `name` trimmed; `written` with its braces, as in the text.
        case placeholder(name: String, written: Substring)
    }

    /// `text` cut into its text and its placeholders, in order; a `{{` never closed is text.
    /// Filling piece by piece, never the result again, keeps a value that itself holds `{{…}}`
    /// or `${…}` as it is.
    public static func pieces(of text: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = text[...]
        while let open = rest.range(of: "{{"), let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex) {
            if open.lowerBound > rest.startIndex { pieces.append(.text(rest[..<open.lowerBound])) }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            pieces.append(.placeholder(name: name, written: rest[open.lowerBound..<close.upperBound]))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.text(rest)) }
        return pieces
    }
}

import Yams

/// Typed, located reads from a YAML mapping: every wrong type, missing or unknown key
/// becomes a `ScenarioError` pointing at the offending node.
struct YAMLMapping {
    let file: String
    let node: Node
    /// What this mapping is, for messages: "load phase", "request 'predict'".
    let context: String
    /// The key this mapping is the value of, where a missing key is reported; nil for list items
    /// and the document.
    let key: Node?
    private let entries: [(key: String, keyNode: Node, value: Node)]

    init(_ node: Node, file: String, context: String, key: Node? = nil) throws(ScenarioError) {
        self.file = file
        self.node = node
        self.context = context
        self.key = key
        guard case .mapping(let mapping) = node else {
            throw ScenarioError.at(node, file: file, "\(context) must be a mapping of keys to values, not \(node.kindName)")
        }
        var entries: [(String, Node, Node)] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                throw ScenarioError.at(key, file: file, "keys in \(context) must be plain names")
            }
            if entries.contains(where: { $0.0 == scalar.string }) {
                throw ScenarioError.at(key, file: file, "duplicate key '\(scalar.string)' in \(context)")
            }
            entries.append((scalar.string, key, value))
        }
        self.entries = entries
    }

    var keys: [String] { entries.map(\.key) }

    /// Refuses any key outside `allowed`, suggesting the closest one.
    func allowOnly(_ allowed: [String]) throws(ScenarioError) {
        for entry in entries where !allowed.contains(entry.key) {
            throw ScenarioError.at(
                entry.keyNode, file: file,
                "unknown key '\(entry.key)' in \(context)\(Suggestion.hint(for: entry.key, in: allowed))")
        }
    }

    func optional(_ key: String) -> Node? {
        guard let value = entries.first(where: { $0.key == key })?.value else { return nil }
        if case .scalar(let scalar) = value, scalar.tag == .implicit, scalar.string == "" || scalar.string == "~" {
            return nil
        }
        return value
    }

    func required(_ key: String) throws(ScenarioError) -> Node {
        guard let value = optional(key) else {
            throw ScenarioError.at(self.key ?? node, file: file, "\(context) needs '\(key)'")
        }
        return value
    }

    func keyNode(_ key: String) -> Node? { entries.first { $0.key == key }?.keyNode }

    func mapping(_ key: String, context: String) throws(ScenarioError) -> YAMLMapping? {
        try optional(key).map { (node) throws(ScenarioError) in
            try YAMLMapping(node, file: file, context: context, key: keyNode(key))
        }
    }
}

extension Node {
    var kindName: String {
        switch self {
        case .scalar(let scalar): scalar.string.isEmpty ? "an empty value" : "'\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    var location: (line: Int, column: Int) { (mark?.line ?? 0, mark?.column ?? 0) }
}

extension ScenarioError {
    static func at(_ node: Node, file: String, _ message: String) -> ScenarioError {
        ScenarioError(file: file, line: node.location.line, column: node.location.column, message: message)
    }
}

import Yams

/// Scalar reads with located errors.
struct YAMLScalars {
    let file: String

    func string(_ node: Node, _ what: String) throws(ScenarioError) -> String {
        guard case .scalar(let scalar) = node else {
            throw .at(node, file: file, "\(what) must be text, not \(node.kindName)")
        }
        return scalar.string
    }

    func nonEmptyString(_ node: Node, _ what: String) throws(ScenarioError) -> String {
        let text = try string(node, what)
        guard !text.trimmingWhitespace().isEmpty else { throw .at(node, file: file, "\(what) must not be empty") }
        return text
    }

    func int(_ node: Node, _ what: String, in range: ClosedRange<Int>) throws(ScenarioError) -> Int {
        let text = try string(node, what)
        guard let value = Int(text.trimmingWhitespace()) else {
            throw .at(node, file: file, "\(what) must be a whole number, not '\(text)'")
        }
        guard range.contains(value) else {
            throw .at(node, file: file, "\(what) must be between \(range.lowerBound) and \(range.upperBound), not \(value)")
        }
        return value
    }

    func double(_ node: Node, _ what: String, minimum: Double = -.infinity, maximum: Double = .infinity,
                exclusiveMinimum: Bool = false) throws(ScenarioError) -> Double {
        let text = try string(node, what)
        guard let value = Double(text.trimmingWhitespace()), value.isFinite else {
            throw .at(node, file: file, "\(what) must be a number, not '\(text)'")
        }
        if exclusiveMinimum ? value <= minimum : value < minimum {
            throw .at(node, file: file, "\(what) must be \(exclusiveMinimum ? "greater than" : "at least") \(minimum.compact), not \(text)")
        }
        guard value <= maximum else { throw .at(node, file: file, "\(what) must be at most \(maximum.compact), not \(text)") }
        return value
    }

    func bool(_ node: Node, _ what: String) throws(ScenarioError) -> Bool {
        let text = try string(node, what).lowercased()
        switch text {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw .at(node, file: file, "\(what) must be true or false, not '\(text)'")
        }
    }

    /// A duration such as 500ms or 30s; `allowZero` for warm-ups and think times.
    func duration(_ node: Node, _ what: String, allowZero: Bool = false, maximum: Nanoseconds = 7 * 24 * 3600 * 1_000_000_000)
        throws(ScenarioError) -> Nanoseconds
    {
        let text = try string(node, what)
        let value: Nanoseconds
        do { value = try DurationParser.nanoseconds(text) } catch { throw .at(node, file: file, "\(what): \(error)") }
        if !allowZero && value == 0 { throw .at(node, file: file, "\(what) must be longer than 0s") }
        guard value <= maximum else {
            throw .at(node, file: file, "\(what) of \(text) is longer than the limit of \(DurationParser.format(maximum))")
        }
        return value
    }

    /// A rate such as 200/s; `allowZero` for ramps that start or end at nothing.
    func rate(_ node: Node, _ what: String, allowZero: Bool = false) throws(ScenarioError) -> Double {
        let text = try string(node, what)
        let number = text.trimmingWhitespace().split(separator: "/").first.map(String.init) ?? ""
        if allowZero, let value = Double(number), value == 0 { return 0 }
        do { return try RateParser.perSecond(text) } catch { throw .at(node, file: file, "\(what): \(error)") }
    }

    func sequence(_ node: Node, _ what: String) throws(ScenarioError) -> [Node] {
        guard case .sequence(let sequence) = node else {
            throw .at(node, file: file, "\(what) must be a list, not \(node.kindName)")
        }
        return Array(sequence)
    }

    /// One of `choices`, suggesting the closest on a typo.
    func choice(_ node: Node, _ what: String, _ choices: [String]) throws(ScenarioError) -> String {
        let text = try string(node, what)
        guard choices.contains(text) else {
            throw .at(node, file: file,
                "\(what) must be one of \(choices.joined(separator: ", ")), not '\(text)'\(Suggestion.hint(for: text, in: choices))")
        }
        return text
    }
}

extension Double {
    /// 5, 0.5, 1e-06: short text for messages.
    public var compact: String { self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self) }
}

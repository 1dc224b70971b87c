/// A template's body checks (`contains`, `not_contains`) judged on the body as it streams in,
/// piece by piece, so no body is kept to check it: a 10 MB answer costs the length of the
/// longest pattern, not 10 MB per connection.
///
/// Exact whatever the pieces: a pattern split across two pieces is found through the last
/// `longest - 1` bytes carried from one piece to the next.
public struct BodyCheckScan: Sendable {
    private let patterns: [[UInt8]]
    private let wanted: [Bool]
    private var found: [Bool]
    /// The end of what was fed so far, as long as the longest pattern but one.
    private var tail: [UInt8] = []
    private let tailLength: Int

    public init(_ checks: [ResponseCheck]) {
        patterns = checks.map { check in
            switch check {
            case .contains(let text), .notContains(let text): Array(text.utf8)
            }
        }
        wanted = checks.map { if case .contains = $0 { true } else { false } }
        found = Array(repeating: false, count: checks.count)
        tailLength = max(0, (patterns.map(\.count).max() ?? 0) - 1)
        tail.reserveCapacity(2 * tailLength)
    }

    /// Ready for the next answer's body.
    public mutating func reset() {
        for index in found.indices { found[index] = false }
        tail.removeAll(keepingCapacity: true)
    }

    /// Whether every check holds for what was fed since the last ``reset()``: each `contains`
    /// pattern found, no `not_contains` one. (An empty pattern is in every body.)
    public var holds: Bool {
        patterns.indices.allSatisfy { index in (found[index] || patterns[index].isEmpty) == wanted[index] }
    }

    public mutating func feed(_ piece: UnsafeRawBufferPointer) {
        guard !piece.isEmpty, found.contains(false) else { return }
        // Across the seam: the carried tail and the piece's first bytes.
        let seam = tail + piece.prefix(tailLength)
        for index in patterns.indices where !found[index] && !patterns[index].isEmpty {
            let pattern = patterns[index]
            if Self.occurs(pattern, in: seam) || Self.occurs(pattern, in: piece) { found[index] = true }
        }
        if piece.count >= tailLength {
            tail.removeAll(keepingCapacity: true)
            tail.append(contentsOf: piece.suffix(tailLength))
        } else {
            tail.append(contentsOf: piece)
            if tail.count > tailLength { tail.removeFirst(tail.count - tailLength) }
        }
    }

    static func occurs(_ pattern: [UInt8], in bytes: some Collection<UInt8>) -> Bool {
        guard let first = pattern.first, pattern.count <= bytes.count else { return false }
        var start = bytes.startIndex
        let lastStart = bytes.index(bytes.endIndex, offsetBy: -pattern.count)
        while start <= lastStart {
            if bytes[start] == first && bytes[start...].starts(with: pattern) { return true }
            start = bytes.index(after: start)
        }
        return false
    }
}

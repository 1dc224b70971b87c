import GauntletCore

/// What makes an answer to one request template a success, beyond a 1xx–3xx status.
public struct ResponseExpectation: Sendable {
    /// Statuses that count as success; empty means any 1xx–3xx.
    public var statuses: [Int]
    public var checks: [ResponseCheck]

    public init(statuses: [Int] = [], checks: [ResponseCheck] = []) {
        self.statuses = statuses
        self.checks = checks
    }

    /// Whether the body must be kept to judge the answer.
    var needsBody: Bool { !checks.isEmpty }

    /// The error kind of an answer that arrived with `status` and `body`, or nil when it is a success.
    func judge(status: Int, body: [UInt8]) -> ErrorKind? {
        if !statuses.isEmpty {
            if statuses.contains(status) { return checksFailure(body) }
            return ErrorKind.forHTTPStatus(status) ?? .unexpectedStatus
        }
        if let kind = ErrorKind.forHTTPStatus(status) { return kind }
        return checksFailure(body)
    }

    private func checksFailure(_ body: [UInt8]) -> ErrorKind? {
        for check in checks {
            switch check {
            case .contains(let text): if !body.contains(text.utf8) { return .checkFailed }
            case .notContains(let text): if body.contains(text.utf8) { return .checkFailed }
            }
        }
        return nil
    }
}

extension Array where Element == UInt8 {
    func contains(_ needle: String.UTF8View) -> Bool {
        let pattern = Array(needle)
        guard !pattern.isEmpty, pattern.count <= count else { return pattern.isEmpty }
        for start in 0...(count - pattern.count) where self[start] == pattern[0] {
            if self[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
        }
        return false
    }
}

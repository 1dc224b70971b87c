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

    /// The error kind of an answer that arrived with `status`, its body's checks holding or
    /// not (``BodyCheckScan``), or nil when it is a success.
    func judge(status: Int, checksHold: Bool) -> ErrorKind? {
        if !statuses.isEmpty {
            if statuses.contains(status) { return checksHold ? nil : .checkFailed }
            return ErrorKind.forHTTPStatus(status) ?? .unexpectedStatus
        }
        if let kind = ErrorKind.forHTTPStatus(status) { return kind }
        return checksHold ? nil : .checkFailed
    }
}

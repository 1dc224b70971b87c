/// How many requests ended how.
public struct OutcomeCounts: Sendable, Equatable {
    /// Requests that finished, successfully or not.
    public private(set) var completed: UInt64 = 0
    /// Requests with a 1xx–3xx answer.
    public private(set) var ok: UInt64 = 0
    public private(set) var errorsByKind: [ErrorKind: UInt64] = [:]
    /// Every HTTP status seen, errors included; 0 is never a key.
    public private(set) var statusCodes: [Int: UInt64] = [:]

    public init() {}

    public var errors: UInt64 { completed - ok }

    public mutating func count(status: Int, error: ErrorKind?) {
        completed += 1
        if status > 0 { statusCodes[status, default: 0] += 1 }
        if let error {
            errorsByKind[error, default: 0] += 1
        } else {
            ok += 1
        }
    }

    public mutating func merge(_ other: OutcomeCounts) {
        completed += other.completed
        ok += other.ok
        errorsByKind.merge(other.errorsByKind, uniquingKeysWith: +)
        statusCodes.merge(other.statusCodes, uniquingKeysWith: +)
    }
}

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

    /// Counts as saved: `errorsByKind` and `statusCodes` keyed by name, as a result holds them.
    /// An error kind this version does not know counts as `other`.
    public init(completed: UInt64, ok: UInt64, errorsByKind: [String: UInt64], statusCodes: [String: UInt64]) {
        self.completed = completed
        self.ok = ok
        for (name, count) in errorsByKind { self.errorsByKind[ErrorKind(rawValue: name) ?? .other, default: 0] += count }
        for (code, count) in statusCodes {
            if let status = Int(code) { self.statusCodes[status, default: 0] += count }
        }
    }

    /// `errorsByKind` keyed by the kinds' names, as results save it.
    public var errorsByKindByName: [String: UInt64] {
        Dictionary(uniqueKeysWithValues: errorsByKind.map { ($0.key.rawValue, $0.value) })
    }

    /// `statusCodes` keyed by the decimal status, as results save it.
    public var statusCodesByName: [String: UInt64] {
        Dictionary(uniqueKeysWithValues: statusCodes.map { (String($0.key), $0.value) })
    }

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

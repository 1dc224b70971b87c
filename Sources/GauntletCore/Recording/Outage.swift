/// A stretch when the target could not be reached, as the generator saw it: from the first
/// connection failure (refused, connect timeout, DNS, TLS) to the first success after it, with
/// the moment the target answered again, in any way, in between: its restart. Times are seconds
/// from the run's start (warm-up included), as in the per-second series.
///
/// A target killed and restarted shows as one outage; one that comes back but answers 503 while
/// it loads its model has a restart well before its recovery, and `recovery_time` is that wait.
public struct Outage: Sendable, Equatable, Codable {
    /// When the first connection failure was seen.
    public var startSeconds: Double
    /// When the first request after it that the target answered (any status, or a reset or
    /// timeout once connected) was sent; nil while it has answered nothing.
    public var restartSeconds: Double?
    /// When the first success after it was seen; nil when the run ended first.
    public var recoveredSeconds: Double?

    public init(startSeconds: Double, restartSeconds: Double? = nil, recoveredSeconds: Double? = nil) {
        self.startSeconds = startSeconds
        self.restartSeconds = restartSeconds
        self.recoveredSeconds = recoveredSeconds
    }

    /// From the first connection failure to the first success; an outage the run ended in
    /// counts until `runEnd`, so it is at least this long.
    public func downtime(runEnd: Double) -> Double {
        max(0, (recoveredSeconds ?? runEnd) - startSeconds)
    }

    /// From the restart to the first success: how long the target answered without serving.
    /// An outage never answered counts from its start; one the run ended in, until `runEnd`.
    public func recovery(runEnd: Double) -> Double {
        max(0, (recoveredSeconds ?? runEnd) - (restartSeconds ?? startSeconds))
    }

    /// `outages` (from workers, or machines, that each saw a part) as the target's outages:
    /// overlapping ones are one, starting at the earliest failure, restarted at the earliest
    /// answer and recovered at the earliest success any of them saw. Sorted first, so the same
    /// outages in any order give the same result.
    public static func merged(_ outages: [Outage]) -> [Outage] {
        var result: [Outage] = []
        for outage in outages.sorted(by: { ($0.startSeconds, $0.end) < ($1.startSeconds, $1.end) }) {
            guard var last = result.last, outage.startSeconds <= last.end else {
                result.append(outage)
                continue
            }
            last.restartSeconds = earliest(last.restartSeconds, outage.restartSeconds)
            last.recoveredSeconds = earliest(last.recoveredSeconds, outage.recoveredSeconds)
            result[result.count - 1] = last
        }
        return result
    }

    /// Its end for merging: its recovery, or never.
    private var end: Double { recoveredSeconds ?? .infinity }

    private static func earliest(_ lhs: Double?, _ rhs: Double?) -> Double? {
        switch (lhs, rhs) {
        case (let lhs?, let rhs?): min(lhs, rhs)
        default: lhs ?? rhs
        }
    }
}

/// One worker's outages, from its completions in the order it saw them.
public struct OutageTracker: Sendable {
    private var closed: [Outage] = []
    private var open: Outage?

    public init() {}

    public mutating func record(_ completion: Completion) {
        if let error = completion.error, error.isConnectionFailure {
            if open == nil { open = Outage(startSeconds: completion.finished.nanosecondsAsSeconds) }
            return
        }
        guard var outage = open else { return }
        if outage.restartSeconds == nil { outage.restartSeconds = completion.sent.nanosecondsAsSeconds }
        if completion.error == nil {
            outage.recoveredSeconds = completion.finished.nanosecondsAsSeconds
            closed.append(outage)
            open = nil
        } else {
            open = outage
        }
    }

    /// Every outage seen, the one still open included.
    public var outages: [Outage] { closed + (open.map { [$0] } ?? []) }
}

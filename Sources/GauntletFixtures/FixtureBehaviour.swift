import NIOCore

/// How a fixture server delays its answers: behaviour with a known, analytic effect on latency.
public enum FixtureBehaviour: Sendable, Equatable {
    /// Answer at once.
    case immediate
    /// Answer every request exactly this long after it arrived.
    case fixedDelay(TimeAmount)
    /// Hold every response during the first `stall` of each `period`, releasing them when
    /// the stall ends. Periods start at the first request the server receives, so a run's
    /// first arrival falls at the start of a stall.
    case periodicStall(period: TimeAmount, stall: TimeAmount)
    /// Answer the first `requests` requests at once, then close every connection a request
    /// arrives on without answering: a server that dies at a point set by the traffic, not a clock.
    case diesAfter(requests: Int)
    /// Answer the first `requests` requests `503 Service Unavailable`, then as `.immediate`: a
    /// server just restarted that still loads its model, warming up over a known number of requests.
    case unavailableFirst(requests: Int)

    /// How long to hold a request that arrived `sinceOrigin` after the first request.
    func delay(sinceOrigin: TimeAmount) -> TimeAmount {
        switch self {
        case .immediate, .diesAfter, .unavailableFirst:
            return .zero
        case .fixedDelay(let delay):
            return delay
        case .periodicStall(let period, let stall):
            let phase = sinceOrigin.nanoseconds % period.nanoseconds
            return phase < stall.nanoseconds ? .nanoseconds(stall.nanoseconds - phase) : .zero
        }
    }
}

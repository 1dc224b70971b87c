/// How requests are paced.
public enum LoadModel: Sendable, Equatable {
    /// Arrivals follow a schedule fixed in advance, whatever the server does.
    case openLoop(ArrivalSchedule)
    /// `concurrency` requests in flight; each starts `thinkTime` after the previous one on
    /// its slot finished, until `end`.
    case closedLoop(concurrency: Int, thinkTime: Nanoseconds, end: Nanoseconds)

    /// When the last request may start, as an offset from the run's start.
    public var end: Nanoseconds {
        switch self {
        case .openLoop(let schedule): schedule.end
        case .closedLoop(_, _, let end): end
        }
    }
}

/// Judges a run while it goes, second by second, to end it early when that is the honest
/// thing to do: an objective marked `abort_on_fail` fails (after its grace), or the target
/// has refused every connection for ``unreachableAfter``. Works from the per-second
/// histograms (two significant digits), so its figures are close to, not exactly, the final ones.
public struct LiveGate: Sendable {
    /// Why a run should stop now.
    public enum Abort: Sendable, Equatable {
        /// An objective failed; `measured` in its unit.
        case objective(Objective, measured: Double, atSecond: Int)
        /// Every request so far failed to connect.
        case unreachable(completed: UInt64, atSecond: Int)

        public var atSecond: Int {
            switch self {
            case .objective(_, _, let second), .unreachable(_, let second): second
            }
        }
    }

    /// A target that refused every connection for this long, from the first send, is not there.
    public static let unreachableAfter: Nanoseconds = 3 * TimeUnit.nanosecondsPerSecond

    let watched: [Objective]
    let warmup: Nanoseconds
    /// The measurement so far (seconds after the warm-up), across workers.
    var measured = WorkerSecond(second: 0)
    var completedSoFar: UInt64 = 0
    var connectionFailuresSoFar: UInt64 = 0
    var aborted = false

    /// - Parameters:
    ///   - objectives: the run's objectives; those with an ``AbortRule`` are watched.
    ///   - warmup: the warm-up at the start of the run, kept out of the objectives' figures.
    public init(objectives: [Objective], warmup: Nanoseconds) {
        watched = objectives.filter { $0.abort != nil }
        self.warmup = warmup
    }

    /// Takes one complete second (across workers); returns why to stop, once.
    public mutating func add(_ second: WorkerSecond) -> Abort? {
        guard !aborted else { return nil }
        let end = Nanoseconds(second.second + 1) * TimeUnit.nanosecondsPerSecond
        completedSoFar += second.completed
        connectionFailuresSoFar += second.errorsByKind.filter { $0.key.isConnectionFailure }.values.reduce(0, +)
        if end >= Self.unreachableAfter, completedSoFar > 0, connectionFailuresSoFar == completedSoFar {
            aborted = true
            return .unreachable(completed: completedSoFar, atSecond: second.second)
        }
        // Nothing to judge: no figures (percentiles over the whole run so far cost a walk of its histograms every second).
        guard !watched.isEmpty else { return nil }
        // Seconds are counted by when requests finished; a second straddling the warm-up's end is left out.
        guard Nanoseconds(second.second) * TimeUnit.nanosecondsPerSecond >= warmup else { return nil }
        measured.absorb(second)
        let window = Double(end - warmup) / Double(TimeUnit.nanosecondsPerSecond)
        var table = FigureTable()
        table.add(LatencyFigures(measured.latency), as: "latency")
        table.add(LatencyFigures(measured.successLatency), as: "ok_latency")
        table.add(LatencyFigures(measured.serviceTime), as: "service_time")
        table.addRequests(
            completed: measured.completed, ok: measured.completed - measured.errors, errors: measured.errors,
            windowSeconds: window)
        for objective in watched where end - warmup >= objective.abort!.grace {
            let result = ObjectiveEvaluator.evaluate(objective, against: table)
            if result.verdict == .fail, let value = result.measured {
                aborted = true
                return .objective(objective, measured: value, atSecond: second.second)
            }
        }
        return nil
    }
}

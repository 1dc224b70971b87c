import GauntletCore

/// What a worker sends next and when: its stripe of the open-loop schedule, or the
/// closed-loop slots that become due again as earlier requests finish.
struct WorkQueue {
    private enum Source {
        case schedule(ArrivalSchedule.Arrivals)
        case closedLoop(thinkTime: Nanoseconds)
    }

    private var source: Source
    private let end: Nanoseconds
    /// The next open-loop arrival, drawn ahead so its time can be peeked.
    private var nextArrival: Arrival?
    /// Closed-loop slots due at these times, in order (a completion plus a constant think time).
    private var readySlots: [Nanoseconds] = []
    private var readyHead = 0

    init(model: LoadModel, worker: Int, workers: Int) {
        end = model.end
        switch model {
        case .openLoop(let schedule):
            var arrivals = schedule.arrivals(worker: worker, of: workers)
            nextArrival = arrivals.next()
            source = .schedule(arrivals)
        case .closedLoop(let concurrency, let thinkTime, _):
            source = .closedLoop(thinkTime: thinkTime)
            let slots = LoadConfiguration.share(of: concurrency, worker: worker, workers: workers)
            readySlots = Array(repeating: 0, count: slots)
        }
    }

    /// When the next request is due, or nil when no more will be (for now, in closed loop).
    var nextDue: Nanoseconds? {
        switch source {
        case .schedule: return nextArrival?.intended
        case .closedLoop:
            guard readyHead < readySlots.count else { return nil }
            let due = readySlots[readyHead]
            return due < end ? due : nil
        }
    }

    /// Whether nothing more will ever be sent, once in-flight requests have finished.
    var isExhausted: Bool {
        switch source {
        case .schedule: nextArrival == nil
        case .closedLoop: nextDue == nil
        }
    }

    /// Takes the request whose time `nextDue` returned.
    mutating func take() {
        switch source {
        case .schedule(var arrivals):
            nextArrival = arrivals.next()
            source = .schedule(arrivals)
        case .closedLoop:
            readyHead += 1
            if readyHead > 64 && readyHead * 2 > readySlots.count {
                readySlots.removeFirst(readyHead)
                readyHead = 0
            }
        }
    }

    /// A request finished at `time`; in closed loop its slot is due again after the think time.
    mutating func finished(at time: Nanoseconds) {
        if case .closedLoop(let thinkTime) = source, time + thinkTime < end {
            readySlots.append(time + thinkTime)
        }
    }
}

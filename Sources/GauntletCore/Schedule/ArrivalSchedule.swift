import Foundation

/// The open-loop schedule: when each arrival is due, as an offset from the run's start.
///
/// Every intended time is derived from the absolute start (arrival *n* of a constant
/// schedule is due at exactly n / rate), never from accumulated sleeps, so a slow
/// response cannot push later sends back. The same seed gives the same schedule.
public struct ArrivalSchedule: Sendable, Equatable {
    /// Arrivals per second.
    public let rate: Double
    public let process: ArrivalProcess
    /// Seeds the Poisson gaps; unused by a constant schedule.
    public let seed: UInt64
    /// Arrivals are due in [0, end).
    public let end: Nanoseconds

    public init(rate: Double, process: ArrivalProcess, seed: UInt64, end: Nanoseconds) {
        precondition(rate > 0 && rate.isFinite, "rate must be positive")
        self.rate = rate
        self.process = process
        self.seed = seed
        self.end = end
    }

    /// All arrivals, in order.
    public func arrivals() -> Arrivals { Arrivals(schedule: self, worker: 0, workers: 1) }

    /// The arrivals worker `worker` of `workers` sends: every `workers`-th arrival,
    /// starting at `worker`, with the global intended times. The union over all
    /// workers is exactly the single-worker schedule.
    public func arrivals(worker: Int, of workers: Int) -> Arrivals {
        precondition(workers > 0 && (0..<workers).contains(worker))
        return Arrivals(schedule: self, worker: worker, workers: workers)
    }

    /// The number of arrivals a constant schedule holds; for a Poisson schedule, its expectation.
    public var expectedCount: Double { rate * end.nanosecondsAsSeconds }
}

/// One scheduled request: its position in the whole schedule and when it is due.
public struct Arrival: Sendable, Equatable {
    public let index: Int
    public let intended: Nanoseconds

    public init(index: Int, intended: Nanoseconds) {
        self.index = index
        self.intended = intended
    }
}

extension ArrivalSchedule {
    /// Iterates arrivals of one worker's stripe.
    public struct Arrivals: Sequence, IteratorProtocol, Sendable {
        private let schedule: ArrivalSchedule
        private let stride: Int
        private var nextIndex: Int
        private var generator: Xoshiro256StarStar
        /// Time of the last arrival generated, in seconds, for the Poisson process.
        private var poissonClock: Double = 0
        private var poissonIndex = -1

        init(schedule: ArrivalSchedule, worker: Int, workers: Int) {
            self.schedule = schedule
            self.stride = workers
            self.nextIndex = worker
            self.generator = Xoshiro256StarStar(seed: schedule.seed)
        }

        public mutating func next() -> Arrival? {
            let index = nextIndex
            let seconds: Double
            switch schedule.process {
            case .constant:
                seconds = Double(index) / schedule.rate
            case .poisson:
                // Every worker draws the whole sequence and keeps its stripe, so the
                // gaps are identical whatever the number of workers.
                while poissonIndex < index {
                    let uniform = generator.nextUnitInterval()
                    poissonClock += -log1mExact(uniform) / schedule.rate
                    poissonIndex += 1
                }
                seconds = poissonClock
            }
            let intended = (seconds * 1e9).rounded()
            guard intended < Double(schedule.end) else { return nil }
            nextIndex += stride
            return Arrival(index: index, intended: Nanoseconds(intended))
        }
    }
}

/// ln(1 − u) for u in [0, 1), accurate for small u.
@inline(__always)
private func log1mExact(_ u: Double) -> Double {
    // log1p(-u) keeps precision where 1 − u would round.
    log1p(-u)
}

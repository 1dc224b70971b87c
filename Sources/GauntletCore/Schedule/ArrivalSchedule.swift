import Foundation

/// The open-loop schedule: when each arrival is due, as an offset from the run's start.
///
/// Every intended time is derived from the absolute start through the rate profile's
/// inverse cumulative rate (arrival *n* of a constant schedule is due at exactly n / rate),
/// never from accumulated sleeps, so a slow response cannot push later sends back. The
/// same seed gives the same schedule.
public struct ArrivalSchedule: Sendable, Equatable {
    /// Offered rate over time.
    public let profile: RateProfile
    public let process: ArrivalProcess
    /// Seeds the Poisson gaps; unused by a constant schedule.
    public let seed: UInt64

    /// Explicit intended times, in order, for a replayed trace; nil for a rate profile.
    public let explicitTimes: [Nanoseconds]?

    public init(profile: RateProfile, process: ArrivalProcess, seed: UInt64) {
        self.profile = profile
        self.process = process
        self.seed = seed
        explicitTimes = nil
    }

    /// Arrivals at exactly these offsets (sorted), as recorded in a trace; the profile is their
    /// average rate, for reports.
    public init(times: [Nanoseconds]) {
        let sorted = times.sorted()
        let end = (sorted.last ?? 0) + 1
        profile = .constant(Double(sorted.count) / end.nanosecondsAsSeconds, for: end)
        process = .constant
        seed = 0
        explicitTimes = sorted
    }

    /// A constant `rate` from 0 until `end`.
    public init(rate: Double, process: ArrivalProcess, seed: UInt64, end: Nanoseconds) {
        precondition(rate > 0 && rate.isFinite, "rate must be positive")
        self.init(profile: .constant(rate, for: end), process: process, seed: seed)
    }

    /// Arrivals are due in [0, end).
    public var end: Nanoseconds { profile.end }

    /// The rate of a single constant segment, or nil for a shaped profile or a replay.
    public var rate: Double? {
        explicitTimes == nil && profile.segments.count == 1 && profile.segments[0].from == profile.segments[0].to
            ? profile.segments[0].from : nil
    }

    /// All arrivals, in order.
    public func arrivals() -> Arrivals { Arrivals(schedule: self, first: 0, stride: 1) }

    /// The arrivals worker `worker` of `workers` sends: every `workers`-th arrival,
    /// starting at `worker`, with the global intended times. The union over all
    /// workers is exactly the single-worker schedule.
    public func arrivals(worker: Int, of workers: Int) -> Arrivals {
        arrivals(worker: worker, of: workers, in: .whole)
    }

    /// The arrivals worker `worker` of `workers` sends within `segment`: the segment's stripe
    /// (every `segment.count`-th arrival), striped again across the workers, all with their
    /// global indices and intended times. Over all segments and workers, the union is exactly
    /// the whole schedule, each arrival once.
    public func arrivals(worker: Int, of workers: Int, in segment: RunSegment) -> Arrivals {
        precondition(workers > 0 && (0..<workers).contains(worker))
        return Arrivals(
            schedule: self, first: (segment.index - 1) + segment.count * worker, stride: segment.count * workers)
    }

    /// Arrivals due in second `second` of the run (from `second` to `second + 1` s): the exact
    /// count for a replayed trace, the profile's expectation otherwise (a Poisson schedule's
    /// realised count varies around it).
    public func offeredArrivals(inSecond second: Int) -> Double {
        offeredArrivals(inSecond: second, segment: .whole)
    }

    /// The arrivals of `segment`'s stripe due in second `second`: exact for a replayed trace,
    /// the profile's expectation divided among the segments otherwise.
    public func offeredArrivals(inSecond second: Int, segment: RunSegment) -> Double {
        let start = Nanoseconds(second) * TimeUnit.nanosecondsPerSecond
        let end = start + TimeUnit.nanosecondsPerSecond
        if let times = explicitTimes {
            let range = times.firstIndex(atOrAfter: start)..<times.firstIndex(atOrAfter: end)
            return Double(range.lazy.filter { segment.owns(arrival: $0) }.count)
        }
        return (profile.expectedArrivals(until: end) - profile.expectedArrivals(until: start)) / Double(segment.count)
    }

    /// The number of arrivals a constant schedule holds; for a Poisson schedule, its expectation.
    public var expectedCount: Double { profile.totalExpectedArrivals }
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
        /// Unit-rate Poisson clock (E₁ + … + Eₙ) of the last arrival drawn.
        private var poissonClock: Double = 0
        private var poissonIndex = -1

        init(schedule: ArrivalSchedule, first: Int, stride: Int) {
            self.schedule = schedule
            self.stride = stride
            self.nextIndex = first
            self.generator = Xoshiro256StarStar(seed: schedule.seed)
        }

        public mutating func next() -> Arrival? {
            let index = nextIndex
            if let times = schedule.explicitTimes {
                guard index < times.count else { return nil }
                nextIndex += stride
                return Arrival(index: index, intended: times[index])
            }
            let arrivals: Double
            switch schedule.process {
            case .constant:
                arrivals = Double(index)
            case .poisson:
                // Every worker draws the whole sequence and keeps its stripe, so the
                // gaps are identical whatever the number of workers.
                while poissonIndex < index {
                    poissonClock += -log1mExact(generator.nextUnitInterval())
                    poissonIndex += 1
                }
                arrivals = poissonClock
            }
            guard let intended = schedule.profile.time(forArrivals: arrivals), intended < schedule.end else {
                return nil
            }
            nextIndex += stride
            return Arrival(index: index, intended: intended)
        }
    }
}

/// ln(1 − u) for u in [0, 1), accurate for small u.
@inline(__always)
private func log1mExact(_ u: Double) -> Double {
    // log1p(-u) keeps precision where 1 − u would round.
    log1p(-u)
}

extension Array where Element == Nanoseconds {
    /// In a sorted array, the index of the first element at or after `time` (`count` when none).
    fileprivate func firstIndex(atOrAfter time: Nanoseconds) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < time { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

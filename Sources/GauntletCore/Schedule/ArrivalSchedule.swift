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
    /// Seeds the Poisson or gamma gaps; unused by a constant schedule.
    public let seed: UInt64
    /// A gamma process's shape (``GammaGaps``); 1 for the other processes.
    public let burstiness: Double

    /// Explicit intended times, in order, for a replayed trace; nil for a rate profile.
    public let explicitTimes: [Nanoseconds]?

    /// For a schedule cut from a longer one, where it sits in that one; nil for a whole schedule.
    /// A window's ``profile`` and ``explicitTimes`` are its own part, from 0.
    public let window: ScheduleWindow?

    /// - Parameter burstiness: the shape of a gamma process's gaps; ignored (kept as 1) for the others.
    public init(profile: RateProfile, process: ArrivalProcess, seed: UInt64, burstiness: Double = 1) {
        precondition(burstiness > 0 && burstiness.isFinite, "burstiness must be positive")
        self.profile = profile
        self.process = process
        self.seed = seed
        self.burstiness = process == .gamma ? burstiness : 1
        explicitTimes = nil
        window = nil
    }

    /// A window of a whole schedule; see ``windows(cutAt:)``.
    init(
        profile: RateProfile, process: ArrivalProcess, seed: UInt64, burstiness: Double, explicitTimes: [Nanoseconds]?,
        window: ScheduleWindow
    ) {
        self.profile = profile
        self.process = process
        self.seed = seed
        self.burstiness = burstiness
        self.explicitTimes = explicitTimes
        self.window = window
    }

    /// Arrivals at exactly these offsets (sorted), as recorded in a trace; the profile is their
    /// average rate, for reports.
    public init(times: [Nanoseconds]) {
        let sorted = times.sorted()
        let end = (sorted.last ?? 0) + 1
        profile = .constant(Double(sorted.count) / end.nanosecondsAsSeconds, for: end)
        process = .constant
        seed = 0
        burstiness = 1
        explicitTimes = sorted
        window = nil
    }

    /// A constant `rate` from 0 until `end`.
    public init(rate: Double, process: ArrivalProcess, seed: UInt64, end: Nanoseconds, burstiness: Double = 1) {
        precondition(rate > 0 && rate.isFinite, "rate must be positive")
        self.init(profile: .constant(rate, for: end), process: process, seed: seed, burstiness: burstiness)
    }

    /// Arrivals are due in [0, end).
    public var end: Nanoseconds { window.map { $0.end - $0.start } ?? profile.end }

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
    /// or gamma schedule's realised count varies around it).
    public func offeredArrivals(inSecond second: Int) -> Double {
        offeredArrivals(inSecond: second, segment: .whole)
    }

    /// The arrivals of `segment`'s stripe due in second `second`: exact for a replayed trace,
    /// the profile's expectation divided among the segments otherwise.
    public func offeredArrivals(inSecond second: Int, segment: RunSegment) -> Double {
        let start = Nanoseconds(second) * TimeUnit.nanosecondsPerSecond
        let end = start + TimeUnit.nanosecondsPerSecond
        if let times = explicitTimes {
            let first = window?.arrivals.lowerBound ?? 0
            let range = times.firstIndex(atOrAfter: start)..<times.firstIndex(atOrAfter: end)
            return Double(range.lazy.filter { segment.owns(arrival: first + $0) }.count)
        }
        return (profile.expectedArrivals(until: end) - profile.expectedArrivals(until: start)) / Double(segment.count)
    }

    /// The number of arrivals a constant schedule holds; for a Poisson or gamma schedule, its expectation;
    /// for a window, exactly the arrivals it holds.
    public var expectedCount: Double { window.map { Double($0.arrivals.count) } ?? profile.totalExpectedArrivals }
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
        /// Unit-rate clock (the sum of the gaps drawn) of the last arrival drawn.
        private var clock: Double = 0
        private var clockIndex = -1
        private let gaps: RandomGaps

        init(schedule: ArrivalSchedule, first: Int, stride: Int) {
            self.schedule = schedule
            self.stride = stride
            self.nextIndex = first
            self.generator = Xoshiro256StarStar(seed: schedule.seed)
            gaps = RandomGaps(schedule)
            if let window = schedule.window {
                // The stripe's first index in the window; the Poisson walk resumes just before it.
                let lower = window.arrivals.lowerBound
                nextIndex = lower + ((first - lower) % stride + stride) % stride
                if let resume = window.resume {
                    generator = resume.generator
                    clock = resume.clock
                    clockIndex = resume.next - 1
                }
            }
        }

        public mutating func next() -> Arrival? {
            let index = nextIndex
            let window = schedule.window
            if let window, index >= window.arrivals.upperBound { return nil }
            if let times = schedule.explicitTimes {
                let position = index - (window?.arrivals.lowerBound ?? 0)
                guard position < times.count else { return nil }
                nextIndex += stride
                return Arrival(index: index, intended: times[position])
            }
            let arrivals: Double
            switch schedule.process {
            case .constant:
                arrivals = Double(index)
            case .poisson, .gamma:
                // Every worker draws the whole sequence and keeps its stripe, so the
                // gaps are identical whatever the number of workers.
                while clockIndex < index {
                    clock += gaps.next(&generator)
                    clockIndex += 1
                }
                arrivals = clock
            }
            if let window {
                // The whole schedule's time, rebased: exactly what the whole schedule sends, less the start.
                guard let intended = window.wholeProfile.time(forArrivals: arrivals) else { return nil }
                nextIndex += stride
                return Arrival(index: index, intended: intended - window.start)
            }
            guard let intended = schedule.profile.time(forArrivals: arrivals), intended < schedule.end else {
                return nil
            }
            nextIndex += stride
            return Arrival(index: index, intended: intended)
        }
    }
}

extension ArrivalSchedule {
    /// The intended time of the arrival at `cursor` in this whole schedule, and the cursor after
    /// it; nil past the end. The same arithmetic as ``Arrivals``, so a window cut with it starts
    /// exactly where the whole schedule's walk would be.
    func step(_ cursor: ScheduleCursor) -> (intended: Nanoseconds, after: ScheduleCursor)? {
        precondition(window == nil, "a cursor walks a whole schedule")
        var after = cursor
        after.next += 1
        if let times = explicitTimes {
            guard cursor.next < times.count else { return nil }
            return (times[cursor.next], after)
        }
        let arrivals: Double
        switch process {
        case .constant:
            arrivals = Double(cursor.next)
        case .poisson, .gamma:
            after.clock += RandomGaps(self).next(&after.generator)
            arrivals = after.clock
        }
        guard let intended = profile.time(forArrivals: arrivals), intended < end else { return nil }
        return (intended, after)
    }
}

/// The gaps of a schedule whose arrivals are drawn, on a unit-rate clock (mean 1).
private enum RandomGaps: Sendable {
    case exponential
    case gamma(GammaGaps)
    /// A constant schedule or a replay draws none.
    case none

    init(_ schedule: ArrivalSchedule) {
        switch schedule.process {
        case .poisson: self = .exponential
        case .gamma: self = .gamma(GammaGaps(burstiness: schedule.burstiness))
        case .constant: self = .none
        }
    }

    @inline(__always)
    func next(_ generator: inout Xoshiro256StarStar) -> Double {
        switch self {
        // −ln(1 − u) for u in [0, 1): log1p(-u) keeps precision where 1 − u would round.
        case .exponential: -log1p(-generator.nextUnitInterval())
        case .gamma(let gaps): gaps.next(&generator)
        case .none: 1
        }
    }
}

extension Array where Element == Nanoseconds {
    /// In a sorted array, the index of the first element at or after `time` (`count` when none).
    func firstIndex(atOrAfter time: Nanoseconds) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < time { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

import GauntletCore
import Testing

/// A window of a schedule replays exactly the whole schedule's arrivals in its span: the same
/// global indices, the intended offsets less the window's start, every arrival in one window only.
@Suite struct ScheduleWindowTests {
    static let second: Nanoseconds = 1_000_000_000
    static let schedules: [(String, ArrivalSchedule)] = [
        ("constant", ArrivalSchedule(rate: 997, process: .constant, seed: 1, end: 6 * second)),
        ("poisson", ArrivalSchedule(rate: 800, process: .poisson, seed: 42, end: 6 * second)),
        ("shaped", ArrivalSchedule(profile: RateProfile([
            .init(duration: 2 * second, from: 10, to: 900), .constant(0, for: second),
            .constant(700, for: 3 * second),
        ]), process: .poisson, seed: 7)),
        ("replay", ArrivalSchedule(times: (0..<2_345).map { Nanoseconds($0 * $0) * 1_000 })),
    ]
    /// Uneven cuts, one inside the shaped schedule's pause, one a nanosecond after a start.
    static let cuts: [Nanoseconds] = [0, 700_000_001, second, 2_500_000_000, 2_500_000_001, 4 * second]

    static func schedule(_ name: String) throws -> ArrivalSchedule {
        try #require(schedules.first { $0.0 == name }?.1)
    }

    @Test(arguments: schedules.map(\.0))
    func windowsHoldEachArrivalOnceAtItsExactRebasedOffset(name: String) throws {
        let schedule = try Self.schedule(name)
        let boundaries = Self.cuts + [schedule.end]
        let whole = Array(schedule.arrivals())
        #expect(whole.count > 2_000)
        let windows = schedule.windows(cutAt: boundaries)
        #expect(windows.count == boundaries.count - 1)
        var union: [Arrival] = []
        for (index, window) in windows.enumerated() {
            let start = boundaries[index], end = boundaries[index + 1]
            let arrivals = Array(window.arrivals())
            #expect(window.window?.start == start && window.window?.end == end)
            #expect(window.end == end - start)
            #expect(arrivals.allSatisfy { $0.intended < end - start })
            #expect(Double(arrivals.count) == window.expectedCount)
            #expect(arrivals.map(\.index) == Array(window.window?.arrivals ?? 0..<0))
            union += arrivals.map { Arrival(index: $0.index, intended: $0.intended + start) }
            // The whole schedule's arrivals in the span, exactly.
            #expect(arrivals.map { Arrival(index: $0.index, intended: $0.intended + start) }
                == whole.filter { $0.intended >= start && $0.intended < end }, "window \(index)")
        }
        #expect(union == whole)
    }

    @Test(arguments: schedules.map(\.0))
    func workersSplitAWindowAsTheyDoTheWholeSchedule(name: String) throws {
        let schedule = try Self.schedule(name)
        let window = schedule.window(from: 2_500_000_000, to: 5 * Self.second)
        let all = Array(window.arrivals())
        #expect(!all.isEmpty)
        for workers in [2, 3, 7] {
            var union: [Arrival] = []
            for worker in 0..<workers {
                let stripe = Array(window.arrivals(worker: worker, of: workers))
                #expect(stripe.allSatisfy { $0.index % workers == worker })
                union += stripe
            }
            #expect(union.sorted { $0.index < $1.index } == all, "\(workers) workers")
        }
        for count in [2, 3] {
            var union: [Arrival] = []
            for index in 1...count {
                union += Array(window.arrivals(worker: 0, of: 1, in: try RunSegment(index: index, count: count)))
            }
            #expect(union.sorted { $0.index < $1.index } == all, "\(count) segments")
        }
    }

    /// The per-second offered counts a window reports add up to what it holds (a trace, exactly)
    /// or to the profile's expectation over its span.
    @Test func offeredArrivalsFollowTheWindow() throws {
        let replay = try Self.schedule("replay").window(from: 2_500_000_000, to: 5 * Self.second)
        let offered = (0..<3).map { replay.offeredArrivals(inSecond: $0) }.reduce(0, +)
        #expect(offered == Double(Array(replay.arrivals()).count))
        let constant = try Self.schedule("constant").window(from: Self.second, to: 3 * Self.second)
        #expect(abs(constant.offeredArrivals(inSecond: 0) - 997) < 1e-6)
        #expect(constant.rate == 997)
    }

    /// Rows of (start, end, expected arrivals in the slice), on a ramp 0→100/s over 10 s then a pause.
    @Test(arguments: [
        (0.0, 10.0, 500.0), (0.0, 5.0, 125.0), (5.0, 10.0, 375.0), (9.0, 12.0, 95.0), (10.0, 12.0, 0.0),
    ])
    func aSliceOfAProfileKeepsItsRatesAndArrivals(start: Double, end: Double, expected: Double) {
        let profile = RateProfile([.init(duration: 10 * Self.second, from: 0, to: 100), .constant(0, for: 2 * Self.second)])
        let from = Nanoseconds(start * 1e9), to = Nanoseconds(end * 1e9)
        let slice = profile.slice(from: from, to: to)
        #expect(slice.end == to - from)
        #expect(abs(slice.totalExpectedArrivals - expected) < 1e-6)
        #expect(abs(slice.rate(at: 0) - profile.rate(at: from)) < 1e-9)
    }

    /// Closed-loop windows are clipped to the part and rebased with it; the rest drop out.
    @Test func aModelWindowCutsItsClosedLoopWindowsToo() {
        let second = Self.second
        let model = LoadModel(
            schedule: ArrivalSchedule(profile: RateProfile([.constant(100, for: 4 * second), .constant(0, for: 4 * second)]),
                                      process: .constant, seed: 1),
            closedWindows: [.init(start: 4 * second, end: 8 * second, concurrency: 16, thinkTime: 5_000_000)])
        let parts = model.windows(cutAt: [0, 3 * second, 6 * second, 8 * second])
        #expect(parts.map(\.closedWindows) == [
            [],
            [.init(start: second, end: 3 * second, concurrency: 16, thinkTime: 5_000_000)],
            [.init(start: 0, end: 2 * second, concurrency: 16, thinkTime: 5_000_000)],
        ])
        #expect(parts.map { Array($0.schedule.arrivals()).count } == [300, 100, 0])
        #expect(parts.map(\.end) == [3 * second, 3 * second, 2 * second])
    }
}

import Foundation
import GauntletCore
import Testing

/// Segments stripe one global schedule: over all segments and their workers, every arrival is
/// sent once, with its global index and intended time, whatever the split.
@Suite struct SegmentScheduleTests {
    static let schedules: [(String, ArrivalSchedule)] = [
        ("constant", ArrivalSchedule(rate: 997, process: .constant, seed: 1, end: 3_000_000_000)),
        ("poisson", ArrivalSchedule(rate: 800, process: .poisson, seed: 42, end: 3_000_000_000)),
        ("shaped", ArrivalSchedule(profile: RateProfile([
            .init(duration: 1_000_000_000, from: 10, to: 900), .constant(0, for: 500_000_000),
            .constant(700, for: 1_000_000_000),
        ]), process: .poisson, seed: 7)),
        ("replay", ArrivalSchedule(times: (0..<1_234).map { Nanoseconds($0 * $0) * 1_000 })),
    ]

    @Test(arguments: schedules.map(\.0))
    func segmentsAndWorkersTogetherSendTheWholeScheduleOnce(name: String) throws {
        let schedule = try #require(Self.schedules.first { $0.0 == name }?.1)
        let whole = Array(schedule.arrivals())
        #expect(whole.count > 1_000)
        for count in [1, 2, 3, 4, 7] {
            for workers in [1, 2, 3] {
                var union: [Arrival] = []
                for index in 1...count {
                    let segment = try RunSegment(index: index, count: count)
                    for worker in 0..<workers {
                        let stripe = Array(schedule.arrivals(worker: worker, of: workers, in: segment))
                        #expect(stripe.allSatisfy { segment.owns(arrival: $0.index) })
                        union += stripe
                    }
                }
                #expect(union.sorted { $0.index < $1.index } == whole, "\(count) segments × \(workers) workers")
            }
        }
    }

    /// The segments' digests add up to the whole schedule's, and differ when one arrival differs.
    @Test func scheduleDigestsOfSegmentsAddUpToTheWhole() throws {
        let schedule = Self.schedules[1].1
        var whole = ScheduleDigest()
        for arrival in schedule.arrivals() { whole.add(index: arrival.index, intended: arrival.intended) }
        var merged = ScheduleDigest()
        for index in (1...4).reversed() {
            var part = ScheduleDigest()
            for arrival in schedule.arrivals(worker: 0, of: 1, in: try RunSegment(index: index, count: 4)) {
                part.add(index: arrival.index, intended: arrival.intended)
            }
            merged.merge(part)
        }
        #expect(merged == whole)
        var shifted = ScheduleDigest()
        for arrival in schedule.arrivals() { shifted.add(index: arrival.index, intended: arrival.intended + (arrival.index == 5 ? 1 : 0)) }
        #expect(shifted != whole)
    }

    /// Shares of an integer add up to it exactly, and differ by at most one.
    @Test func sharesAddUpExactly() throws {
        for total in [0, 1, 5, 63, 64, 1000] {
            for count in 1...9 {
                let shares = try (1...count).map { try RunSegment(index: $0, count: count).share(of: total) }
                #expect(shares.reduce(0, +) == total)
                #expect(shares.max()! - shares.min()! <= 1)
            }
        }
    }

    /// Rows of (text, index, count), or nil where it must be refused.
    @Test(arguments: [
        ("2/4", 2, 4), ("1/1", 1, 1), (" 3 / 3 ", 3, 3), ("0/4", nil, nil), ("5/4", nil, nil), ("2", nil, nil),
        ("a/b", nil, nil), ("1/0", nil, nil), ("-1/4", nil, nil),
    ] as [(String, Int?, Int?)])
    func segmentsAreReadAsKOfN(text: String, index: Int?, count: Int?) {
        let segment = try? RunSegment(parsing: text)
        #expect(segment?.index == index && segment?.count == count, "\(text)")
    }

    @Test func startTimesReadAsRFC3339OrADelay() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try StartTime.parse("+30s", now: now) == now.addingTimeInterval(30))
        #expect(try StartTime.parse("2027-01-15T08:00:00Z", now: now).timeIntervalSince1970 == 1_800_000_000 + 0)
        #expect(try StartTime.parse("2027-01-15T08:00:00.250Z", now: now).timeIntervalSince1970 == 1_800_000_000.25)
        #expect(try StartTime.parse("2027-01-15T09:00:00+01:00", now: now).timeIntervalSince1970 == 1_800_000_000)
        #expect(StartTime.format(Date(timeIntervalSince1970: 1_800_000_000.25)) == "2027-01-15T08:00:00.250Z")
        #expect(throws: StartTimeError.self) { try StartTime.parse("tomorrow", now: now) }
        #expect(throws: StartTimeError.self) { try StartTime.parse("+soon", now: now) }
    }
}

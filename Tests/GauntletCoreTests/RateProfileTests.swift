import GauntletCore
import Testing

@Suite struct RateProfileTests {
    static let second: UInt64 = 1_000_000_000

    /// A ramp from 0 to 100/s over 10 s has Λ(t) = 5t², so arrival n is due at √(n/5) s.
    @Test func rampArrivalsFollowTheInverseCumulativeRate() {
        let schedule = ArrivalSchedule(
            profile: RateProfile([.init(duration: 10 * Self.second, from: 0, to: 100)]), process: .constant, seed: 1)
        let arrivals = Array(schedule.arrivals())
        #expect(arrivals.count == 500)
        for n in [1, 5, 20, 125, 320, 499] {
            let expected = (Double(n) / 5).squareRoot() * 1e9
            #expect(abs(Double(arrivals[n].intended) - expected) < 2, "arrival \(n)")
        }
    }

    /// Rows of (segments, expected arrivals, arrivals per whole second).
    @Test(arguments: [
        // constant 10/s for 3 s
        ([RateProfile.Segment.constant(10, for: 3 * second)], 30, [10, 10, 10]),
        // step: 10/s, 20/s, 30/s for a second each
        ([.constant(10, for: second), .constant(20, for: second), .constant(30, for: second)], 60, [10, 20, 30]),
        // pause in the middle sends nothing
        ([.constant(10, for: second), .constant(0, for: second), .constant(10, for: second)], 20, [10, 0, 10]),
        // spike: base 10/s, 1 s at 100/s, base again
        ([.constant(10, for: second), .constant(100, for: second), .constant(10, for: second)], 120, [10, 100, 10]),
        // ramp down 20 → 0 over 2 s: 15 then 5
        ([.init(duration: 2 * second, from: 20, to: 0)], 20, [15, 5]),
    ] as [([RateProfile.Segment], Int, [Int])])
    func shapedProfilesSendTheExpectedCounts(segments: [RateProfile.Segment], total: Int, perSecond: [Int]) {
        let schedule = ArrivalSchedule(profile: RateProfile(segments), process: .constant, seed: 1)
        let arrivals = Array(schedule.arrivals())
        #expect(arrivals.count == total)
        var counts = Array(repeating: 0, count: perSecond.count)
        for arrival in arrivals { counts[Int(arrival.intended / Self.second)] += 1 }
        #expect(counts == perSecond)
        #expect(zip(arrivals, arrivals.dropFirst()).allSatisfy { $0.intended <= $1.intended })
    }

    @Test func poissonFollowsTheProfileToo() {
        let profile = RateProfile([.constant(200, for: 10 * Self.second), .constant(2_000, for: 10 * Self.second)])
        let arrivals = Array(ArrivalSchedule(profile: profile, process: .poisson, seed: 3).arrivals())
        let first = arrivals.filter { $0.intended < 10 * Self.second }.count
        let second = arrivals.count - first
        // Poisson counts: mean 2,000 (sd ≈ 45) and 20,000 (sd ≈ 141); five standard deviations.
        #expect(abs(first - 2_000) < 225)
        #expect(abs(second - 20_000) < 710)
    }

    @Test func rateAtTimeInterpolates() {
        let profile = RateProfile([.init(duration: 10 * Self.second, from: 0, to: 100), .constant(0, for: Self.second)])
        #expect(profile.rate(at: 5 * Self.second) == 50)
        #expect(profile.rate(at: 10 * Self.second + 1) == 0)
        #expect(profile.rate(at: 12 * Self.second) == 0)
    }
}

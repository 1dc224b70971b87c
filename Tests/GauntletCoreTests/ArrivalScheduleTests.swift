import Foundation
import GauntletCore
import Testing

@Suite struct ArrivalScheduleTests {
    /// Rows of (rate, end, first intended times, total count), in the manner of Vegeta's pacer tables.
    @Test(arguments: [
        (1.0, 3_000_000_000, [0, 1_000_000_000, 2_000_000_000], 3),
        (1000.0, 5_000_000_000, [0, 1_000_000, 2_000_000], 5000),
        (400.0, 8_000_000_000, [0, 2_500_000, 5_000_000], 3200),
        (3.0, 1_000_000_000, [0, 333_333_333, 666_666_667], 3),
        (0.5, 1_000_000_000, [0], 1),
        (7.0, 1_000_000_001, [0, 142_857_143, 285_714_286], 8),
    ] as [(Double, UInt64, [UInt64], Int)])
    func constantScheduleIsExactFromTheAbsoluteStart(rate: Double, end: UInt64, first: [UInt64], count: Int) {
        let schedule = ArrivalSchedule(rate: rate, process: .constant, seed: 1, end: end)
        let all = Array(schedule.arrivals())
        #expect(all.count == count)
        #expect(all.prefix(first.count).map(\.intended) == first)
        #expect(all.map(\.index) == Array(0..<count))
        #expect(all.allSatisfy { $0.intended < end })
    }

    @Test(arguments: [ArrivalProcess.constant, .poisson], [1, 2, 3, 7])
    func workerStripesUnionIsTheWholeSchedule(process: ArrivalProcess, workers: Int) {
        let schedule = ArrivalSchedule(rate: 250, process: process, seed: 42, end: 4_000_000_000)
        let whole = Array(schedule.arrivals())
        var union: [Arrival] = []
        for worker in 0..<workers {
            let stripe = Array(schedule.arrivals(worker: worker, of: workers))
            #expect(stripe.allSatisfy { $0.index % workers == worker })
            union += stripe
        }
        #expect(union.sorted { $0.index < $1.index } == whole)
    }

    @Test func sameSeedGivesTheSamePoissonSchedule() {
        let a = Array(ArrivalSchedule(rate: 1000, process: .poisson, seed: 7, end: 10_000_000_000).arrivals())
        let b = Array(ArrivalSchedule(rate: 1000, process: .poisson, seed: 7, end: 10_000_000_000).arrivals())
        let c = Array(ArrivalSchedule(rate: 1000, process: .poisson, seed: 8, end: 10_000_000_000).arrivals())
        #expect(a == b)
        #expect(a != c)
        #expect(a.count > 9_000)
    }

    /// The first `count` gaps (seconds) of a Poisson schedule.
    static func poissonGaps(rate: Double, seed: UInt64, count: Int) -> [Double] {
        let schedule = ArrivalSchedule(rate: rate, process: .poisson, seed: seed, end: UInt64(1e13))
        var previous = 0.0
        return schedule.arrivals().prefix(count).map { arrival in
            let time = Double(arrival.intended) / 1e9
            defer { previous = time }
            return time - previous
        }
    }

    /// Kolmogorov–Smirnov statistic D of `gaps` against the exponential distribution with `rate`.
    static func ksStatistic(_ gaps: [Double], rate: Double) -> Double {
        let sorted = gaps.sorted()
        let n = Double(sorted.count)
        var statistic = 0.0
        for (i, gap) in sorted.enumerated() {
            let cdf = 1 - exp(-rate * gap)
            statistic = max(statistic, cdf - Double(i) / n, Double(i + 1) / n - cdf)
        }
        return statistic
    }

    /// Critical value of D at the 1% level for large n (Massey, 1951): 1.628 / √n.
    static let ksCritical1Percent = 1.628 / 100.0

    /// With the default seed (1), 10,000 arrivals: the mean gap within 2% of 1/rate, and the
    /// KS test against the exponential does not reject at the 1% level.
    @Test(arguments: [500.0, 5_000])
    func defaultSeedGapsAreExponential(rate: Double) {
        let gaps = Self.poissonGaps(rate: rate, seed: 1, count: 10_000)
        #expect(gaps.count == 10_000)
        let mean = gaps.reduce(0, +) / Double(gaps.count)
        #expect(abs(mean * rate - 1) < 0.02, "mean gap \(mean) s, expected \(1 / rate) s")
        let statistic = Self.ksStatistic(gaps, rate: rate)
        #expect(statistic < Self.ksCritical1Percent, "KS D = \(statistic)")
    }

    /// One seed passing proves little, so across 200 seeds the test must reject about as often
    /// as chance says: the KS test at 1% (expected 2 of 200; at most 6 allowed, P(X > 6) ≈ 0.5%
    /// for a true exponential), and the mean off by more than 2% (two standard errors at
    /// n = 10,000: expected about 9 of 200; at most 20 allowed).
    @Test func rejectionRatesAcrossSeedsMatchChance() {
        var ksRejections = 0
        var meanMisses = 0
        for seed in UInt64(0)..<200 {
            let gaps = Self.poissonGaps(rate: 1, seed: seed, count: 10_000)
            if Self.ksStatistic(gaps, rate: 1) >= Self.ksCritical1Percent { ksRejections += 1 }
            if abs(gaps.reduce(0, +) / 10_000 - 1) >= 0.02 { meanMisses += 1 }
        }
        #expect(ksRejections <= 6, "\(ksRejections) of 200 seeds rejected at 1%")
        #expect(meanMisses <= 20, "\(meanMisses) of 200 seeds had a mean gap off by 2% or more")
    }

    @Test func theKolmogorovSmirnovCheckRejectsAConstantSchedule() {
        // The test above must be able to fail: evenly spaced gaps are far from exponential.
        let gaps = Array(repeating: 1.0 / 500, count: 10_000)
        #expect(Self.ksStatistic(gaps, rate: 500) > Self.ksCritical1Percent)
    }
}

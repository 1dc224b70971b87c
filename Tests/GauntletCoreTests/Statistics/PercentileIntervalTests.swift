import GauntletCore
import Testing

/// The order-statistic interval of a percentile: its ranks by the formula, and its coverage by
/// simulation (the true quantile must fall inside about 95% of the time, and never far less).
@Suite struct PercentileIntervalTests {
    /// n = 1,000, p99: n·q = 990, z·√(n·q·(1 − q)) = 1.96 × 3.146 = 6.17, so ranks 983 and 998
    /// (the upper rank is one past ⌈996.17⌉: the interval [X(l), X(u)) holds the quantile when
    /// l ≤ B ≤ u − 1 for B ~ Binomial(n, q)).
    @Test func ranksFollowTheNormalApproximation() {
        #expect(PercentileInterval.ranks(percentile: 99, samples: 1_000) == (983, 998))
        #expect(PercentileInterval.ranks(percentile: 50, samples: 100) == (40, 61))
        // Clamped to the sample at the extremes.
        #expect(PercentileInterval.ranks(percentile: 99.9, samples: 100) == (99, 100))
        #expect(PercentileInterval.ranks(percentile: 50, samples: 1) == (1, 1))
    }

    @Test func anEmptyHistogramHasNoInterval() {
        #expect(PercentileInterval(LatencyHistogramLayout.make(), percentile: 99) == nil)
    }

    /// 2,000 samples of a uniform latency from 1 to 100 ms: the true p99 is 99.01 ms. Over 400
    /// seeded trials the interval must hold it at least 92% of the time (binomial slack below the
    /// nominal 95% for 400 trials is about 2 points; the normal approximation adds a little).
    @Test(arguments: [50.0, 90.0, 99.0])
    func coversTheTrueQuantile(percentile: Double) {
        var generator = Xoshiro256StarStar(seed: 42)
        let trials = 400, samples = 2_000
        let lowest = 1_000.0, highest = 100_000.0  // microseconds
        let truth = (lowest + (highest - lowest) * percentile / 100) / 1_000
        var covered = 0, widths: [Double] = []
        for _ in 0..<trials {
            var histogram = LatencyHistogramLayout.make()
            for _ in 0..<samples { _ = histogram.record(UInt64(lowest + (highest - lowest) * generator.nextUnitInterval())) }
            let interval = PercentileInterval(histogram, percentile: percentile)!
            #expect(interval.lower <= interval.value && interval.value <= interval.upper)
            if interval.lower <= truth && truth <= interval.upper { covered += 1 }
            widths.append(interval.upper - interval.lower)
        }
        #expect(covered >= trials * 92 / 100, "covered \(covered) of \(trials)")
        // And not by being useless: narrower than a tenth of the range.
        #expect(widths.sorted()[trials / 2] < 10)
    }
}

import Foundation
import GauntletCore
import Testing

/// Gamma arrivals (`arrivals: gamma`, `burstiness: k`): gaps gamma distributed with mean 1 / rate
/// and shape k, checked against another implementation's quantiles and by simulation.
@Suite struct GammaArrivalTests {
    static let probabilities = [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99]
    /// scipy 1.17.1: `scipy.stats.gamma.ppf(p, k, scale=1/k)` for each p above (a gap of mean 1).
    static let referenceQuantiles: [Double: [Double]] = [
        0.25: [2.69988e-08, 1.68743e-05, 0.000270002, 0.0105687, 0.174695, 1.0425, 3.00157, 4.84046, 9.73554],
        0.5: [0.000157088, 0.00393214, 0.0157908, 0.101531, 0.454936, 1.3233, 2.70554, 3.84146, 6.6349],
        1: [0.0100503, 0.0512933, 0.105361, 0.287682, 0.693147, 1.38629, 2.30259, 2.99573, 4.60517],
        2: [0.0742774, 0.177681, 0.265906, 0.480639, 0.839173, 1.34632, 1.94486, 2.37193, 3.31918],
        4: [0.205812, 0.34158, 0.436192, 0.63383, 0.918015, 1.27736, 1.6702, 1.93841, 2.51128],
    ]
    static let count = 20_000
    /// Kolmogorov–Smirnov's 1% critical value for n = 20,000 (1.628 / √n): the largest distance
    /// between the empirical and the true distribution function at these nine points is at most
    /// the KS statistic, so a true gamma sample exceeds it less than 1% of the time.
    static let critical = 1.628 / Double(count).squareRoot()

    /// The first `count` gaps of a gamma schedule at `rate`, in units of the mean gap 1 / rate.
    static func gaps(burstiness: Double, seed: UInt64, count: Int = count, rate: Double = 1_000) -> [Double] {
        let schedule = ArrivalSchedule(rate: rate, process: .gamma, seed: seed, end: UInt64(1e14), burstiness: burstiness)
        var previous: UInt64 = 0
        return schedule.arrivals().prefix(count).map { arrival in
            defer { previous = arrival.intended }
            return Double(arrival.intended - previous) / 1e9 * rate
        }
    }

    /// The largest distance between the gaps' empirical distribution function and `p` at each
    /// reference quantile.
    static func distance(_ gaps: [Double], quantiles: [Double]) -> Double {
        let sorted = gaps.sorted()
        return zip(probabilities, quantiles).map { p, quantile in
            let below = sorted.firstIndex { $0 > quantile } ?? sorted.count
            return abs(Double(below) / Double(sorted.count) - p)
        }.max()!
    }

    @Test(arguments: [0.25, 0.5, 1, 2, 4])
    func gapsMatchScipysGammaQuantiles(burstiness: Double) {
        let gaps = Self.gaps(burstiness: burstiness, seed: 1)
        let distance = Self.distance(gaps, quantiles: Self.referenceQuantiles[burstiness]!)
        #expect(distance < Self.critical, "largest distance \(distance) at burstiness \(burstiness)")
        // Mean 1 within four standard errors (the gaps' variance is 1 / k).
        let mean = gaps.reduce(0, +) / Double(gaps.count)
        #expect(abs(mean - 1) < 4 * (1 / burstiness / Double(gaps.count)).squareRoot(), "mean gap \(mean)")
        // Variance 1 / k within four standard errors of a sample variance (the gamma's excess kurtosis is 6 / k).
        let variance = gaps.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(gaps.count - 1)
        let relativeError = ((2 + 6 / burstiness) / Double(gaps.count)).squareRoot()
        #expect(abs(variance * burstiness - 1) < 4 * relativeError, "variance \(variance), expected \(1 / burstiness)")
    }

    /// One seed passing proves little: over 100 seeds, a test at 1% rejects about once.
    @Test func rejectionsAcrossSeedsMatchChance() {
        let rejections = (UInt64(100)..<200).filter { seed in
            Self.distance(Self.gaps(burstiness: 0.5, seed: seed), quantiles: Self.referenceQuantiles[0.5]!) >= Self.critical
        }.count
        // Below 1% each, so 5 or more of 100 would happen by chance less than 0.4% of the time.
        #expect(rejections < 5, "\(rejections) of 100 seeds rejected at 1%")
    }

    @Test func theCheckTellsBurstinessesApart() {
        // The check above must be able to fail: Poisson gaps (burstiness 1) are not burstiness 0.5's.
        let poisson = Self.gaps(burstiness: 1, seed: 1)
        #expect(Self.distance(poisson, quantiles: Self.referenceQuantiles[0.5]!) > Self.critical)
        let regular = Self.gaps(burstiness: 4, seed: 1)
        #expect(Self.distance(regular, quantiles: Self.referenceQuantiles[2]!) > Self.critical)
    }

    @Test func theSameSeedGivesTheSameScheduleAndAnotherSeedAnother() {
        let a = Array(ArrivalSchedule(rate: 500, process: .gamma, seed: 7, end: 4_000_000_000, burstiness: 0.3).arrivals())
        let b = Array(ArrivalSchedule(rate: 500, process: .gamma, seed: 7, end: 4_000_000_000, burstiness: 0.3).arrivals())
        let c = Array(ArrivalSchedule(rate: 500, process: .gamma, seed: 8, end: 4_000_000_000, burstiness: 0.3).arrivals())
        let d = Array(ArrivalSchedule(rate: 500, process: .gamma, seed: 7, end: 4_000_000_000, burstiness: 2).arrivals())
        #expect(a == b)
        #expect(a != c)
        #expect(a != d)
    }

    @Test(arguments: [1, 2, 3])
    func workerStripesAndWindowsReplayTheWholeSchedule(workers: Int) {
        let second: UInt64 = 1_000_000_000
        let schedule = ArrivalSchedule(rate: 300, process: .gamma, seed: 42, end: 6 * second, burstiness: 0.4)
        let whole = Array(schedule.arrivals())
        let striped = (0..<workers).flatMap { Array(schedule.arrivals(worker: $0, of: workers)) }.sorted { $0.index < $1.index }
        #expect(striped == whole)
        let windows = schedule.windows(cutAt: [0, 2 * second, 5 * second, 6 * second])
        let rejoined = zip(windows, [0, 2 * second, 5 * second]).flatMap { window, start in
            (0..<workers).flatMap { Array(window.arrivals(worker: $0, of: workers)) }
                .map { Arrival(index: $0.index, intended: $0.intended + start) }
        }.sorted { $0.index < $1.index }
        #expect(rejoined == whole)
    }

    @Test func burstinessIsKeptOnlyForGammaArrivals() {
        #expect(ArrivalSchedule(rate: 10, process: .poisson, seed: 1, end: 1_000_000_000, burstiness: 0.5).burstiness == 1)
        #expect(ArrivalSchedule(rate: 10, process: .gamma, seed: 1, end: 1_000_000_000, burstiness: 0.5).burstiness == 0.5)
    }

    /// The sample forecast's spread of a window's count (N / k for gamma arrivals) against the
    /// spread of counts over 300 simulated schedules.
    @Test(arguments: [0.25, 0.5, 2])
    func forecastSpreadOfTheCountMatchesSimulation(burstiness: Double) throws {
        let second: UInt64 = 1_000_000_000
        let scenario = try ScenarioParser.parse(
            yaml: """
                target: http://127.0.0.1:9
                requests: [{name: r, path: /}]
                load: {arrivals: gamma, burstiness: \(burstiness), phases: [{constant: {rate: 100/s, duration: 20s}}]}
                """, file: "gamma.yaml", folder: "/tmp")
        let forecast = SampleForecast(plan: LoadPlan(load: scenario.load), requests: [.init(name: "r", weight: 1)])
        let predicted = forecast.samples(yielding: [1]).standardDeviation
        let counts = (UInt64(0)..<300).map { seed in
            Double(ArrivalSchedule(rate: 100, process: .gamma, seed: seed, end: 20 * second, burstiness: burstiness).arrivals()
                .reduce(0) { count, _ in count + 1 })
        }
        let mean = counts.reduce(0, +) / Double(counts.count)
        let simulated = (counts.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(counts.count - 1)).squareRoot()
        #expect(abs(mean - 2_000) < 5 * predicted / Double(counts.count).squareRoot(), "mean count \(mean)")
        // A sample standard deviation of 300 counts is within about 4% (1 SE) of the truth; 20% is 5 SE.
        #expect(abs(simulated / predicted - 1) < 0.2, "simulated SD \(simulated), forecast \(predicted)")
        #expect(abs(predicted - (2_000 / burstiness).squareRoot()) < 1e-9)
    }
}

import GauntletCore
import Testing

/// The search as a value: a fake target with a known limit answers each probe, and the rates
/// tried, the interval and the finish are checked without a socket.
@Suite struct CapacitySearchTests {
    /// Runs the search against `answer` (rate, extension number → outcome) and returns the probes it asked for.
    static func drive(
        _ search: inout CapacitySearch, interruptAfter: Int? = nil, _ answer: (Double, Int) -> CapacitySearch.Outcome
    ) -> [CapacitySearch.Probe] {
        var probes: [CapacitySearch.Probe] = []
        while let probe = search.next {
            if let interruptAfter, probes.count == interruptAfter { search.interrupt(); break }
            probes.append(probe)
            search.record(answer(probe.rate, probe.extensionNumber))
            precondition(probes.count < 200, "the search does not end")
        }
        return probes
    }

    @Test func bracketsByDoublingThenBisectsToTheResolution() {
        var search = CapacitySearch(startRate: 50, maxRate: 10_000, resolution: .fraction(0.05), extensions: 2)
        let probes = Self.drive(&search) { rate, _ in rate <= 480 ? .pass : .fail }
        #expect(probes.prefix(5).map(\.rate) == [50, 100, 200, 400, 800])
        #expect(probes.prefix(5).allSatisfy { $0.stage == .bracket })
        #expect(probes.dropFirst(5).allSatisfy { $0.stage == .bisect })
        #expect(search.finish == .resolved)
        let interval = search.rateMax
        #expect(interval.low! <= 480 && interval.high! > 480)
        #expect(interval.high! - interval.low! <= 0.05 * interval.low!)
        #expect(interval.highOutcome == .fail)
        // Each bisection halves [400, 800]: 600, 500, 450, 475, 487.5, then within 5%.
        #expect(probes.dropFirst(5).map(\.rate) == [600, 500, 450, 475, 487.5])
    }

    @Test func aFixedResolutionStopsAtThatGap() {
        var search = CapacitySearch(startRate: 100, maxRate: 1_000, resolution: .rate(10), extensions: 0)
        _ = Self.drive(&search) { rate, _ in rate < 333 ? .pass : .fail }
        #expect(search.finish == .resolved)
        #expect(search.rateMax.high! - search.rateMax.low! <= 10)
        #expect(search.rateMax.low! < 333 && search.rateMax.high! >= 333)
    }

    @Test func anUndecidedStepIsExtendedThenInconclusive() {
        var search = CapacitySearch(startRate: 100, maxRate: 400, resolution: .fraction(0.05), extensions: 2)
        // 200/s stays open whatever is measured; everything else passes below 300.
        let probes = Self.drive(&search) { rate, _ in rate == 200 ? .undecided : (rate < 300 ? .pass : .fail) }
        let at200 = probes.filter { $0.rate == 200 }
        #expect(at200.map(\.extensionNumber) == [0, 1, 2])
        // Inconclusive bounds R_max from above, like a failure.
        #expect(search.rateMax.high == 200)
        #expect(search.rateMax.highOutcome == .inconclusive)
        #expect(search.rateMax.low! >= 100 && search.rateMax.low! < 200)
    }

    @Test func anUndecidedStepThatSettlesOnExtensionCountsAsItsOutcome() {
        var search = CapacitySearch(startRate: 100, maxRate: 100, resolution: .fraction(0.05), extensions: 3)
        let probes = Self.drive(&search) { _, extensionNumber in extensionNumber < 2 ? .undecided : .pass }
        #expect(probes.map(\.extensionNumber) == [0, 1, 2])
        #expect(search.finish == .passedAtMaximum)
        #expect(search.rateMax == RateInterval(low: 100, high: nil, highOutcome: nil))
    }

    @Test func anInvalidStepIsNeverAPassAndEndsTheBracket() {
        var search = CapacitySearch(startRate: 100, maxRate: 10_000, resolution: .fraction(0.05), extensions: 2)
        // The generator cannot send more than 1,000/s: above it every step is invalid.
        _ = Self.drive(&search) { rate, _ in rate > 1_000 ? .invalid : .pass }
        #expect(search.finish == .resolved)
        #expect(search.rateMax.low! <= 1_000)
        #expect(search.rateMax.high! > 1_000)
        #expect(search.rateMax.highOutcome == .invalid)
    }

    @Test func everyStepInvalidFindsNothing() {
        var search = CapacitySearch(startRate: 5_000, maxRate: 20_000, resolution: .fraction(0.05), extensions: 2)
        let probes = Self.drive(&search) { _, _ in .invalid }
        #expect(probes.count == 1)
        #expect(search.finish == .startDidNotPass)
        #expect(search.rateMax == RateInterval(low: nil, high: 5_000, highOutcome: .invalid))
    }

    @Test func passingTheMaximumSaysAtLeast() {
        var search = CapacitySearch(startRate: 100, maxRate: 700, resolution: .fraction(0.05), extensions: 0)
        let probes = Self.drive(&search) { _, _ in .pass }
        #expect(probes.map(\.rate) == [100, 200, 400, 700])
        #expect(search.finish == .passedAtMaximum)
        #expect(search.rateMax.low == 700 && search.rateMax.high == nil)
    }

    @Test func anInterruptionKeepsWhatWasFound() {
        var search = CapacitySearch(startRate: 100, maxRate: 10_000, resolution: .fraction(0.05), extensions: 0)
        let probes = Self.drive(&search, interruptAfter: 4) { rate, _ in rate <= 480 ? .pass : .fail }
        #expect(probes.count == 4)
        #expect(search.finish == .interrupted)
        #expect(search.next == nil)
        #expect(search.rateMax.low == 400 && search.rateMax.high == 800)
    }

    /// Whatever the limit, the interval brackets it and is within the resolution.
    @Test(arguments: [60.0, 99.0, 101.0, 333.0, 1_234.0, 7_999.0])
    func theIntervalAlwaysHoldsTheLimit(limit: Double) {
        var search = CapacitySearch(startRate: 50, maxRate: 10_000, resolution: .fraction(0.02), extensions: 0)
        _ = Self.drive(&search) { rate, _ in rate <= limit ? .pass : .fail }
        #expect(search.finish == .resolved)
        #expect(search.rateMax.low! <= limit && limit < search.rateMax.high!)
        #expect(search.rateMax.high! - search.rateMax.low! <= 0.02 * search.rateMax.low!)
    }
}

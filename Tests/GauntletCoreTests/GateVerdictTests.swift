import GauntletCore
import Testing

@Suite struct GateVerdictTests {
    typealias Outcome = (verdict: GateVerdict, key: Bool)

    /// Rows of (each objective's verdict and key mark, the gate's verdict).
    @Test(arguments: [
        ([], GateVerdict.pass),
        ([(.pass, false)], .pass),
        ([(.pass, false), (.warn, false)], .warn),
        ([(.pass, false), (.fail, false)], .fail),
        ([(.pass, false), (.inconclusive, false)], .inconclusive),
        // A fail outranks an inconclusive, which outranks a warn.
        ([(.inconclusive, false), (.fail, false), (.warn, false)], .fail),
        ([(.warn, false), (.inconclusive, false)], .inconclusive),
        // With key objectives, the rest are advisory: their fail or inconclusive is a warn.
        ([(.pass, true), (.fail, false)], .warn),
        ([(.pass, true), (.inconclusive, false)], .warn),
        ([(.pass, true), (.pass, false)], .pass),
        ([(.pass, true), (.warn, false)], .warn),
        ([(.fail, true), (.pass, false)], .fail),
        ([(.inconclusive, true), (.fail, false)], .inconclusive),
        ([(.warn, true), (.pass, false)], .warn),
        ([(.pass, true), (.fail, true), (.pass, false)], .fail),
        ([(.pass, true), (.pass, true), (.fail, false), (.inconclusive, false)], .warn),
    ] as [([Outcome], GateVerdict)])
    func weighsObjectivesIntoOneVerdict(outcomes: [Outcome], verdict: GateVerdict) {
        #expect(GateVerdict.combine(outcomes) == verdict)
    }

    /// The same weighing from evaluated results: a key objective met, an advisory one missed.
    @Test func weighsEvaluatedResults() throws {
        let validator = ObjectiveValidator()
        let key = try validator.objective("latency.p99 < 50ms", key: true)
        let advisory = try validator.objective("latency.p50 < 5ms")
        var table = FigureTable()
        table["latency.p99"] = Figure(value: 30, samples: 2_000)
        table["latency.p50"] = Figure(value: 9, samples: 2_000)
        let results = ObjectiveEvaluator.evaluate([key, advisory], against: table)
        #expect(results.map(\.verdict) == [.pass, .fail])
        #expect(GateVerdict(results) == .warn)
        #expect(GateVerdict(results.map { var unkeyed = $0; unkeyed.objective.key = false; return unkeyed }) == .fail)
    }

    /// Exit codes (README.md): 0 pass (and warn unless strict), 1 otherwise.
    @Test(arguments: [
        (GateVerdict.pass, false, Int32(0)), (.pass, true, 0), (.warn, false, 0), (.warn, true, 1),
        (.fail, false, 1), (.fail, true, 1), (.inconclusive, false, 1), (.inconclusive, true, 1),
    ])
    func mapsVerdictsToExitCodes(verdict: GateVerdict, strict: Bool, code: Int32) {
        #expect(verdict.exitCode(strict: strict) == code)
    }
}

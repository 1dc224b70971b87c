import GauntletCore
import Testing

@Suite struct RelativeObjectiveTests {
    /// Rows of (comparator, relation, interval, verdict), from the design's two objectives.
    @Test(arguments: [
        // latency.p99 <= baseline * 1.10, on the ratio's interval.
        (.lessOrEqual, .factor(1.10), 0.95...1.08, .pass),
        (.lessOrEqual, .factor(1.10), 0.95...1.10, .pass),
        (.lessOrEqual, .factor(1.10), 1.05...1.20, .inconclusive),
        (.lessOrEqual, .factor(1.10), 1.12...1.30, .fail),
        (.lessOrEqual, .factor(1.10), 1.10...1.30, .inconclusive),
        (.less, .factor(1.10), 0.95...1.10, .inconclusive),
        (.less, .factor(1.10), 1.10...1.30, .fail),
        // accuracy >= baseline - 0.005, on the difference's interval (non-inferiority).
        (.greaterOrEqual, .offset(-0.005), -0.004...0.02, .pass),
        (.greaterOrEqual, .offset(-0.005), -0.005...0.02, .pass),
        (.greaterOrEqual, .offset(-0.005), -0.012...0.002, .inconclusive),
        (.greaterOrEqual, .offset(-0.005), -0.03...(-0.006), .fail),
        (.greater, .offset(0), 0.001...0.02, .pass),
        (.greater, .offset(0), -0.01...0, .fail),
        (.equal, .offset(0), -0.01...0.01, .inconclusive),
        (.equal, .offset(0), 0.01...0.02, .fail),
        (.notEqual, .offset(0), 0.01...0.02, .pass),
    ] as [(Comparator, RelativeObjective.Relation, ClosedRange<Double>, RelativeObjective.Verdict)])
    func judgesTheBoundNotThePoint(comparator: Comparator, relation: RelativeObjective.Relation, interval: ClosedRange<Double>, verdict: RelativeObjective.Verdict) {
        #expect(RelativeObjective(comparator, relation).verdict(on: interval) == verdict)
    }

    @Test func noIntervalIsInconclusive() {
        #expect(RelativeObjective(.lessOrEqual, .factor(1.1)).verdict(on: nil) == .inconclusive)
    }
}

import GauntletCore
import Testing

@Suite struct PairedQualityTests {
    /// Rows of template "predict": (row, label, baseline's answers, candidate's answers).
    static func counts(_ rows: [(Int, String, [String], [String])]) -> (QualityCounts, QualityCounts) {
        var baseline = QualityCounts(), candidate = QualityCounts()
        for (row, label, answersA, answersB) in rows {
            for answer in answersA { baseline.record(template: "predict", row: row, expected: label, predicted: answer) }
            for answer in answersB { candidate.record(template: "predict", row: row, expected: label, predicted: answer) }
        }
        return (baseline, candidate)
    }

    @Test func eachDistinctRowCountsOnceInTheTwoByTwoTable() {
        let (a, b) = Self.counts([
            (0, "1", ["1", "1", "1", "1", "1"], ["1"]),  // sent five times to A: still one row, both right
            (1, "2", ["2"], ["3"]),  // only A right
            (2, "3", ["4"], ["3", "3"]),  // only B right
            (3, "4", ["5"], ["6"]),  // both wrong, disagreeing
            (4, "5", ["5"], []),  // B never answered it: unpaired
        ])
        let paired = PairedQuality(baseline: a, candidate: b)
        #expect(paired.correctness == PairedCorrectness(bothRight: 1, onlyA: 1, onlyB: 1, bothWrong: 1))
        #expect(paired.unpairedRows == 1)
        #expect(paired.agreements == 1 && paired.agreementRate == 0.25)
        #expect(paired.confusion == ["1": ["1": 1], "2": ["3": 1], "4": ["3": 1], "5": ["6": 1]])
        #expect(paired.distributionDistance != nil)
    }

    /// A row answered differently on different sends counts by its most frequent answer; a tie
    /// goes to the class that sorts first, whatever order the answers came in.
    @Test func aRowWithMixedAnswersCountsByItsMostFrequent() {
        #expect(RowPredictions(expected: "1", predicted: ["1": 2, "7": 3]).mostFrequent == "7")
        #expect(RowPredictions(expected: "1", predicted: ["7": 2, "1": 2]).mostFrequent == "1")
        #expect(RowPredictions(expected: "1", predicted: [:]).mostFrequent == nil)
    }

    @Test func identicalCandidatesAgreeEverywhereAndAreZeroApart() {
        let rows = (0..<50).map { ($0, String($0 % 10), [String(($0 * 7) % 10)], [String(($0 * 7) % 10)]) }
        let (a, b) = Self.counts(rows)
        let paired = PairedQuality(baseline: a, candidate: b)
        #expect(paired.correctness.discordant == 0 && paired.agreementRate == 1)
        #expect(paired.distributionDistance == 0)
    }
}

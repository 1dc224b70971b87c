import GauntletCore
import Testing

/// Reading each row's predicted class from a V2 answer, automatically or as the scenario says.
@Suite struct PredictionParserTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var answer: String
        var rows: Int
        var reading: PredictionReading = .automatic
        var expected: [String?]
        var testDescription: String { "\(reading) × \(rows): \(answer)" }
    }

    /// The reference server's answer for rows predicted 3 and 7, with probabilities that pick 3 and 7.
    static let digits = #"{"model_name":"m","outputs":[{"data":[3,7],"datatype":"INT64","name":"label","shape":[2,1]},"#
        + #"{"data":[0.1,0.2,0.0,0.6,0.1,0.0,0.0,0.0,0.0,0.0, 0.0,0.0,0.0,0.1,0.0,0.0,0.0,0.8,0.1,0.0],"#
        + #""datatype":"FP32","name":"probabilities","shape":[2,10]}]}"#

    @Test(arguments: [
        // Automatic: a class output by name, one value per row.
        Row(answer: digits, rows: 2, expected: ["3", "7"]),
        // Automatic: only scores, arg-max per row (the first of equal maxima).
        Row(answer: #"{"outputs":[{"name":"scores","datatype":"FP32","data":[0.2,0.7,0.1, 0.5,0.5,0.0]}]}"#, rows: 2, expected: ["1", "0"]),
        // Automatic: an integer output that does not hold one value per row is not the class output.
        Row(answer: #"{"outputs":[{"name":"ids","datatype":"INT64","data":[9]},{"name":"p","datatype":"FP64","data":[0.9,0.1,0.2,0.8]}]}"#,
            rows: 2, expected: ["0", "1"]),
        // Automatic: text classes, nested row-major data.
        Row(answer: #"{"outputs":[{"name":"predicted","datatype":"BYTES","data":[["cat"],["dog"]]}]}"#, rows: 2, expected: ["cat", "dog"]),
        // One row, as before batches.
        Row(answer: #"{"outputs":[{"name":"label","datatype":"INT64","data":[4]}]}"#, rows: 1, expected: ["4"]),
        // Named output, read as classes.
        Row(answer: digits, rows: 2, reading: .output("label", argmax: false), expected: ["3", "7"]),
        // Named output, arg-max of its scores: here the probabilities, whatever the label output says.
        Row(answer: digits.replacingOccurrences(of: "[3,7]", with: "[0,0]"), rows: 2,
            reading: .output("probabilities", argmax: true), expected: ["3", "7"]),
        // A named output that is not in the answer: every row's prediction is missing.
        Row(answer: digits, rows: 2, reading: .output("class_ids", argmax: false), expected: [nil, nil]),
        // Scores read as classes: not one whole number per row, so missing.
        Row(answer: digits, rows: 2, reading: .output("probabilities", argmax: false), expected: [nil, nil]),
        // Arg-max of one value per row has nothing to choose between.
        Row(answer: digits, rows: 2, reading: .output("label", argmax: true), expected: [nil, nil]),
        // A row whose class is not a whole number is missing; the others are read.
        Row(answer: #"{"outputs":[{"name":"y","datatype":"FP32","data":[2,2.5,1]}]}"#, rows: 3,
            reading: .output("y", argmax: false), expected: ["2", nil, "1"]),
        // Fewer classes than rows, and answers that are not V2 JSON.
        Row(answer: #"{"outputs":[{"name":"label","datatype":"INT64","data":[1,2]}]}"#, rows: 4, expected: [nil, nil, nil, nil]),
        Row(answer: #"{"error":"overloaded"}"#, rows: 2, expected: [nil, nil]),
        Row(answer: "not json", rows: 1, expected: [nil]),
    ])
    func readsOnePredictionPerRow(_ row: Row) {
        #expect(PredictionParser.predictedClasses(fromV2Response: Array(row.answer.utf8), rows: row.rows, reading: row.reading) == row.expected)
    }
}

/// A batch's predictions count against each of its rows, as if each row had been sent alone.
@Suite struct BatchQualityTests {
    @Test func aBatchCountsEachRowAsSingleRequestsWould() {
        var batched = QualityCounts()
        batched.record(template: "predict", rows: [8, 9, 0, 1], expected: ["8", "9", "0", "1"], predicted: ["8", "4", "0", nil])
        batched.record(template: "predict", rows: [0, 1, 2, 3], expected: ["0", "1", "2", "3"], predicted: ["0", "1", "2", "3"])
        var single = QualityCounts()
        for (row, predicted) in [(8, "8"), (9, "4"), (0, "0"), (1, nil), (0, "0"), (1, "1"), (2, "2"), (3, "3")] as [(Int, String?)] {
            single.record(template: "predict", row: row, expected: String(row), predicted: predicted)
        }
        #expect(batched == single)
        #expect(batched.total == 8)
        #expect(batched.rows["predict"]?[1]?.predicted == ["?": 1, "1": 1])
        let figures = QualityFigures(batched)
        #expect(figures?.predictions == 8 && figures?.accuracy == 6.0 / 8)
    }
}

/// Predictions against expected labels: a confusion matrix, and the same counts by distinct data
/// row, so candidates can be compared on the same rows and segments merge exactly.
public struct QualityCounts: Sendable, Equatable, Codable {
    /// confusion[expected][predicted] = count. A response whose prediction could not be read
    /// counts under the predicted class `"?"`, as a miss.
    public private(set) var confusion: [String: [String: UInt64]] = [:]
    /// rows[request template][row of its data, 0-based after the filter]: the row's label and
    /// what was predicted for it, how often. Absent in reports written before it was kept.
    public private(set) var rows: [String: [Int: RowPredictions]] = [:]

    public init() {}

    /// Counts one judged prediction of `row` of `template`'s data.
    public mutating func record(template: String, row: Int, expected: String, predicted: String?) {
        let predictedClass = predicted ?? "?"
        confusion[expected, default: [:]][predictedClass, default: 0] += 1
        rows[template, default: [:]][row, default: RowPredictions(expected: expected)].predicted[predictedClass, default: 0] += 1
    }

    /// Counts the judged predictions of one answer carrying several rows: each row's label
    /// against its own prediction, so a batch adds to each of its rows as single requests would.
    public mutating func record(template: String, rows: [Int], expected: [String], predicted: [String?]) {
        precondition(rows.count == expected.count && rows.count == predicted.count, "one label and one prediction per row")
        for index in rows.indices {
            record(template: template, row: rows[index], expected: expected[index], predicted: predicted[index])
        }
    }

    public mutating func merge(_ other: QualityCounts) {
        for (expected, row) in other.confusion {
            confusion[expected, default: [:]].merge(row, uniquingKeysWith: +)
        }
        for (template, byRow) in other.rows {
            rows[template, default: [:]].merge(byRow) { mine, theirs in
                var merged = mine
                merged.predicted.merge(theirs.predicted, uniquingKeysWith: +)
                return merged
            }
        }
    }

    /// The counts of one request template's rows alone.
    public func only(template: String) -> QualityCounts {
        var counts = QualityCounts()
        for (row, predictions) in rows[template] ?? [:] {
            counts.rows[template, default: [:]][row] = predictions
            counts.confusion[predictions.expected, default: [:]].merge(predictions.predicted, uniquingKeysWith: +)
        }
        return counts
    }

    /// The confusion matrix alone, without the rows behind it (which the run-wide counts keep).
    public var withoutRows: QualityCounts {
        var counts = self
        counts.rows = [:]
        return counts
    }

    public var total: UInt64 { confusion.values.reduce(0) { $0 + $1.values.reduce(0, +) } }
    public var isEmpty: Bool { confusion.isEmpty }

    /// The classes seen as expected answers, sorted (numerically when they are numbers).
    public var classes: [String] {
        confusion.keys.sorted { (Int($0) ?? .max, $0) < (Int($1) ?? .max, $1) }
    }

    private enum CodingKeys: String, CodingKey { case confusion, rows }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        confusion = try container.decode([String: [String: UInt64]].self, forKey: .confusion)
        rows = try container.decodeIfPresent([String: [Int: RowPredictions]].self, forKey: .rows) ?? [:]
    }
}

/// One data row's label and the predictions made for it.
public struct RowPredictions: Sendable, Equatable, Codable {
    public var expected: String
    /// Predicted class → how many times; `"?"` for an answer whose prediction could not be read.
    public var predicted: [String: UInt64] = [:]

    public init(expected: String, predicted: [String: UInt64] = [:]) {
        self.expected = expected
        self.predicted = predicted
    }
}

/// Accuracy and macro-averaged precision, recall and F1 over the expected classes.
public struct QualityFigures: Sendable, Equatable, Codable {
    public var predictions: UInt64
    public var accuracy: Double
    public var precision: Double
    public var recall: Double
    public var f1: Double
    public var classes: [String]
    /// Rows in `classes` order: expected; columns: predicted, in `classes` order plus misses.
    public var confusion: QualityCounts

    public init?(_ counts: QualityCounts) {
        let total = counts.total
        guard total > 0 else { return nil }
        let classes = counts.classes
        var correct: UInt64 = 0
        var precisions: [Double] = [], recalls: [Double] = [], f1s: [Double] = []
        for label in classes {
            let truePositives = counts.confusion[label]?[label] ?? 0
            correct += truePositives
            let actual = counts.confusion[label]?.values.reduce(0, +) ?? 0
            let predicted = counts.confusion.values.reduce(0) { $0 + ($1[label] ?? 0) }
            let precision = predicted == 0 ? 0 : Double(truePositives) / Double(predicted)
            let recall = actual == 0 ? 0 : Double(truePositives) / Double(actual)
            precisions.append(precision)
            recalls.append(recall)
            f1s.append(precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall))
        }
        func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
        predictions = total
        accuracy = Double(correct) / Double(total)
        precision = mean(precisions)
        recall = mean(recalls)
        f1 = mean(f1s)
        self.classes = classes
        confusion = counts
    }
}

/// Predictions against expected labels: a confusion matrix, mergeable across workers.
public struct QualityCounts: Sendable, Equatable, Codable {
    /// confusion[expected][predicted] = count. A response whose prediction could not be read
    /// counts under the predicted class `"?"`, as a miss.
    public private(set) var confusion: [String: [String: UInt64]] = [:]

    public init() {}

    public mutating func record(expected: String, predicted: String?) {
        confusion[expected, default: [:]][predicted ?? "?", default: 0] += 1
    }

    public mutating func merge(_ other: QualityCounts) {
        for (expected, row) in other.confusion {
            confusion[expected, default: [:]].merge(row, uniquingKeysWith: +)
        }
    }

    public var total: UInt64 { confusion.values.reduce(0) { $0 + $1.values.reduce(0, +) } }
    public var isEmpty: Bool { confusion.isEmpty }

    /// The classes seen as expected answers, sorted (numerically when they are numbers).
    public var classes: [String] {
        confusion.keys.sorted { (Int($0) ?? .max, $0) < (Int($1) ?? .max, $1) }
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

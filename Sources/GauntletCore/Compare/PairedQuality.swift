/// Two candidates' predictions on the same distinct labelled rows: who was right (the table
/// behind McNemar's test and the paired accuracy difference), how often they agreed, the
/// confusion between their predicted classes, and how far apart their class distributions are.
///
/// A row sent several times counts once, by its most frequent answer (ties to the class that
/// sorts first, so the result does not depend on arrival order): repeating a row is not more
/// evidence. Rows only one candidate answered are left out, and counted.
public struct PairedQuality: Sendable, Equatable, Codable {
    public var correctness: PairedCorrectness
    /// Rows where both gave the same class.
    public var agreements: Int
    /// confusion[A's class][B's class] = rows.
    public var confusion: [String: [String: Int]]
    /// Distinct rows answered by only one of the two.
    public var unpairedRows: Int
    /// Jensen–Shannon distance (base 2) between the two predicted-class distributions, over the paired rows.
    public var distributionDistance: Double?

    /// The share of paired rows on which the two predicted the same class.
    public var agreementRate: Double { correctness.rows == 0 ? 0 : Double(agreements) / Double(correctness.rows) }

    public init(baseline: QualityCounts, candidate: QualityCounts) {
        var bothRight = 0, onlyA = 0, onlyB = 0, bothWrong = 0, agreements = 0, unpaired = 0
        var confusion: [String: [String: Int]] = [:]
        var classesA: [String: UInt64] = [:], classesB: [String: UInt64] = [:]
        let templates = Set(baseline.rows.keys).union(candidate.rows.keys)
        for template in templates.sorted() {
            let rowsA = baseline.rows[template] ?? [:], rowsB = candidate.rows[template] ?? [:]
            for row in Set(rowsA.keys).union(rowsB.keys) {
                guard let a = rowsA[row], let b = rowsB[row], let answerA = a.mostFrequent, let answerB = b.mostFrequent else {
                    unpaired += 1
                    continue
                }
                let rightA = answerA == a.expected, rightB = answerB == b.expected
                switch (rightA, rightB) {
                case (true, true): bothRight += 1
                case (true, false): onlyA += 1
                case (false, true): onlyB += 1
                case (false, false): bothWrong += 1
                }
                if answerA == answerB { agreements += 1 }
                confusion[answerA, default: [:]][answerB, default: 0] += 1
                classesA[answerA, default: 0] += 1
                classesB[answerB, default: 0] += 1
            }
        }
        correctness = PairedCorrectness(bothRight: bothRight, onlyA: onlyA, onlyB: onlyB, bothWrong: bothWrong)
        self.agreements = agreements
        self.confusion = confusion
        unpairedRows = unpaired
        distributionDistance = JensenShannonDistance.between(classesA, classesB)
    }
}

extension RowPredictions {
    /// The class this row was predicted most often; ties go to the class that sorts first.
    public var mostFrequent: String? {
        predicted.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
    }
}

import Foundation
import Testing

/// Reference values computed by scipy and statsmodels (or written independently from the papers)
/// by `Fixtures/statistics/make_reference.py`, which says where each file's values come from
/// and how to regenerate them. The tests read the JSON and need no Python.
enum StatisticsReference {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/statistics")

    private struct File<Cases: Decodable>: Decodable {
        let generator: String
        let cases: Cases
    }

    /// The `cases` of one fixture file.
    static func cases<Cases: Decodable>(_ name: String, as type: Cases.Type = Cases.self) throws -> Cases {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try JSONDecoder().decode(File<Cases>.self, from: data).cases
    }

    /// |actual − expected| ≤ relative·|expected|, or both zero; infinities must match exactly.
    static func close(_ actual: Double, _ expected: Double, relative: Double, absolute: Double = 0) -> Bool {
        if expected.isInfinite || actual.isInfinite { return actual == expected }
        return abs(actual - expected) <= max(relative * abs(expected), absolute)
    }
}

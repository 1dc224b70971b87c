import Foundation
import GauntletCore
import GauntletReport

/// The saved runs the renderer tests read, and where the tests keep their golden files.
enum ReportFixtures {
    /// Tests/GauntletCLITests/Golden
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    /// The package's root folder.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A real run of Golden/showcase.yaml against the embedded server: a warm-up and three phases,
    /// HTTP 4xx errors, labelled predictions, cost, key and advisory objectives (verdict warn).
    static func showcase() throws -> RunResult {
        try RunResult.decode(Data(contentsOf: goldenFolder.appendingPathComponent("showcase.json")))
    }

    /// A real `run --url` report: no scenario, phases, objectives, cost or quality.
    static func quickLook() throws -> RunResult {
        try RunResult.decode(Data(contentsOf: goldenFolder.appendingPathComponent("quick-look.json")))
    }

    /// The showcase with its objectives judged otherwise: no key objectives, one failed and one
    /// inconclusive, so the verdict is fail (the cases JUnit must mark as failures).
    static func failing() throws -> RunResult {
        var report = try showcase()
        for index in report.objectives.indices { report.objectives[index].key = false }
        report.objectives[0].verdict = .fail
        report.objectives[0].measured = 61.4
        report.objectives[0].margin = report.objectives[0].threshold - 61.4
        report.objectives[3].verdict = .inconclusive
        report.objectives[3].reason = "'predict.latency.p99.9' rests on 450 of the 1000 samples it needs to be judged"
        report.verdict = .fail
        return report
    }

    /// A report as it was written before the per-second series gained p90, service time,
    /// schedule lag, errors by kind, in flight and the offered rate: the renderers must still work.
    static func withoutNewSeriesFields() throws -> RunResult {
        var report = try showcase()
        report.summary.series = report.summary.series.map {
            SecondPointFixture.strip($0)
        }
        return report
    }
}

enum SecondPointFixture {
    static func strip(_ point: SecondPoint) -> SecondPoint {
        .init(second: point.second, sent: point.sent, completed: point.completed, errors: point.errors,
              p50Microseconds: point.p50Microseconds, p99Microseconds: point.p99Microseconds)
    }
}

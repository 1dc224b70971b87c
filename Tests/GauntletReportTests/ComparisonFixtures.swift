import Foundation
import GauntletCore

/// The saved comparisons the comparison renderer tests read.
enum ComparisonFixtures {
    /// A real `gauntlet compare` of digits-logreg against digits-mlp on the embedded servers:
    /// 10 blocks of 1 s at 100/s, four objectives; the relative latency objective came out
    /// inconclusive (its interval straddles the threshold), so the verdict is inconclusive.
    static func realistic() throws -> CompareResult {
        try CompareResult.decode(Data(contentsOf: ReportFixtures.goldenFolder.appendingPathComponent("compare-models.json")))
    }

    /// The name the third candidate gets: markup and an ampersand, which every renderer must escape.
    static let awkwardName = #"tiny <i>"q"</i> & co"#

    /// The real comparison with a third candidate whose figures have no intervals (too few
    /// pairs), no paired quality, and different traffic; one absolute objective failed for mlp.
    static func threeCandidates() throws -> CompareResult {
        var report = try realistic()
        var third = report.candidates[1]
        third.name = awkwardName
        var traffic = TrafficDigest()
        traffic.add(index: 0, intended: 0, payload: 1)
        third.traffic = traffic
        report.candidates.append(third)
        report.comparisons += report.comparisons.filter { $0.candidate == "mlp" }.map { comparison in
            var copy = comparison
            copy.candidate = awkwardName
            copy.lower = nil
            copy.upper = nil
            copy.pValue = nil
            copy.adjustedPValue = nil
            copy.call = .inconclusive
            return copy
        }
        for index in report.blocks.indices { report.blocks[index].order.append(awkwardName) }
        var objectives: [CompareResult.ObjectiveRecord] = []
        for record in report.objectives {
            objectives.append(record)
            if record.candidate == "mlp" {
                var copy = record
                copy.candidate = awkwardName
                if copy.relative {
                    copy.lower = nil
                    copy.upper = nil
                    copy.verdict = .inconclusive
                    copy.reason = "no interval: too few pairs"
                }
                objectives.append(copy)
            }
        }
        let failed = objectives.firstIndex { $0.candidate == "mlp" && !$0.relative && $0.unit == "ms" }!
        objectives[failed].measured = 61.4
        objectives[failed].verdict = .fail
        report.objectives = objectives
        report.verdict = .fail
        return report
    }

    /// The real comparison with every objective met but one inside its warn band: a warning,
    /// which only `--strict` turns into a failure.
    static func warning() throws -> CompareResult {
        var report = try realistic()
        for index in report.objectives.indices { report.objectives[index].verdict = .pass }
        report.objectives[1].verdict = .warn
        report.verdict = .warn
        return report
    }

    /// Two saved runs compared unpaired, the candidate cut short: a fail no objective explains.
    static func unpairedPartial() throws -> CompareResult {
        let baseline = try ReportFixtures.showcase()
        var candidate = try ReportFixtures.showcase()
        candidate.summary.interrupted = true
        return UnpairedComparison(
            baseline: .init(name: "before", file: "reports/before.json", result: baseline),
            candidate: .init(name: "after", file: "reports/after.json", result: candidate),
            environment: baseline.environment
        ).result
    }
}

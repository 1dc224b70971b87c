import Foundation
import GauntletCore

/// A comparison as JUnit XML: one test case per objective and candidate (`mlp: latency.p99 <=
/// baseline * 1.5`), grouped by candidate. As for a run (``JUnitReportRenderer``), a test case
/// fails exactly when its objective makes the verdict fail (a gating objective missed or
/// inconclusive); a missed advisory one only warns; under `--strict` anything but a pass fails.
public enum ComparisonJUnitRenderer {
    public static func render(_ report: CompareResult) -> String {
        let name = report.scenario?.name ?? "comparison"
        let anyKey = report.objectives.contains(where: \.key)
        let strict = report.strict == true
        let baseline = report.candidates.first(where: \.baseline)
        var properties: [(String, String)] = [
            ("verdict", report.verdict.rawValue),
            ("schema", report.schema),
            ("gauntlet_version", report.environment.gauntletVersion),
            ("mode", report.mode),
            ("baseline", baseline?.name ?? ""),
            ("candidates", report.candidates.map(\.name).joined(separator: ", ")),
        ]
        if let unpaired = report.unpaired {
            properties.append(("same_schedule", unpaired.sameSchedule.map(String.init) ?? "unknown"))
        } else {
            properties.insert(("blocks", String(report.blocks.count)), at: 4)
            properties.append(("identical_traffic", String(report.candidates.allSatisfy { $0.baseline || ComparisonTextRenderer.sameTraffic($0, baseline) })))
        }
        if let file = report.scenario?.file { properties.insert(("scenario", file), at: 0) }
        var cases = report.objectives.map { objective in
            let detail = description(objective, anyKey: anyKey, strict: strict)
            var failure: (message: String, type: String)?
            if report.fails(objective) {
                let strictWarning = objective.verdict == .warn || !objective.gates(anyKey: anyKey)
                failure = (message(objective), JUnitReportRenderer.failureType(objective.verdict, strictWarning: strictWarning, strict: strict))
            }
            return JUnitReportRenderer.TestCase(
                name: "\(objective.candidate): \(objective.objective)", classname: "gauntlet.\(name).\(objective.candidate)",
                failure: failure, output: detail)
        }
        let verdict = VerdictSummary(report)
        // A failing verdict no objective explains (a saved run that was cut short) is a failing case
        // of its own, so the XML never says 0 failures beside exit 1.
        if report.verdict == .fail && !report.objectives.contains(where: report.fails) {
            cases.append(JUnitReportRenderer.TestCase(
                name: "partial data", classname: "gauntlet.\(name).compare", failure: (verdict.headline, "partial"),
                output: verdict.notes.joined(separator: "\n")))
        }
        return JUnitReportRenderer.document(
            suite: "gauntlet.\(name).compare", seconds: report.environment.endedAt.timeIntervalSince(report.environment.startedAt),
            startedAt: report.environment.startedAt, host: report.environment.host, properties: properties, cases: cases,
            output: "\(verdict.word): \(verdict.headline)" + verdict.notes.map { "\n" + $0 }.joined())
    }

    /// What failed, in one line: the value (and for a relative objective its interval) against the objective.
    static func message(_ objective: CompareResult.ObjectiveRecord) -> String {
        switch objective.verdict {
        case .inconclusive: return "inconclusive: \(objective.reason ?? "not enough data")"
        case .warn: return "warning, a failure under --strict: measured \(measured(objective))"
        default: return "measured \(measured(objective)); objective \(objective.objective)"
        }
    }

    /// `61.4ms`, or for a relative objective `1.620× [1.510×, 1.750×]`.
    static func measured(_ objective: CompareResult.ObjectiveRecord) -> String {
        guard objective.relative else { return objective.measured.map { FigureFormat.value($0, unit: objective.unit) } ?? "—" }
        let format = { ComparisonTextRenderer.relative($0, unit: objective.unit) }
        let interval = objective.lower.flatMap { low in objective.upper.map { " [\(format(low)), \(format($0))]" } } ?? " (no interval)"
        return (objective.measured.map(format) ?? "—") + interval
    }

    static func description(_ objective: CompareResult.ObjectiveRecord, anyKey: Bool, strict: Bool) -> String {
        var lines = [
            "objective: \(objective.objective)",
            "candidate: \(objective.candidate)",
            "verdict: \(objective.verdict)" + (objective.gates(anyKey: anyKey) ? "" : " (advisory: a miss counts as a warning)")
                + (strict && objective.verdict != .pass ? " (a failure under --strict)" : ""),
            "judged on: " + (objective.relative ? "the 95% interval against the baseline" : "the candidate's own figure"),
            "measured: \(measured(objective))",
            "threshold: " + (objective.relative ? ComparisonTextRenderer.relative(objective.threshold, unit: objective.unit)
                : FigureFormat.value(objective.threshold, unit: objective.unit)),
            "samples: \(objective.samples) \(ComparisonTextRenderer.basis(objective))",
        ]
        if let reason = objective.reason { lines.append("reason: \(reason)") }
        return lines.joined(separator: "\n")
    }
}

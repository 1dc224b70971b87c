import Foundation
import GauntletCore

/// The run as JUnit XML for CI test views: one test suite per run, one test case per objective
/// with what was measured against its threshold. A test case fails exactly when its objective
/// makes the gate fail (a gating objective missed, or too little data to judge it); a missed
/// advisory objective only warns, as it does in the gate, and says so in its output. Under
/// `--strict` a warning is a failure here too.
public enum JUnitReportRenderer {
    public static func render(_ report: RunResult) -> String {
        let summary = report.summary
        let name = report.scenario?.name ?? "run"
        let anyKey = report.objectives.contains(where: \.key)
        let failing = report.objectives.filter(report.fails)
        let time = summary.generator.elapsedSeconds.formatted(fractionDigits: 3)
        let count = report.objectives.count

        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"gauntlet\" tests=\"\(count)\" failures=\"\(failing.count)\" errors=\"0\" time=\"\(time)\">\n"
        xml += "  <testsuite name=\"\(attribute("gauntlet." + name))\" tests=\"\(count)\" failures=\"\(failing.count)\" errors=\"0\" skipped=\"0\""
            + " time=\"\(time)\" timestamp=\"\(timestamp(summary.startedAt))\" hostname=\"\(attribute(report.environment.host))\">\n"
        xml += "    <properties>\n"
        var properties: [(String, String)] = [
            ("verdict", report.verdict.rawValue),
            ("schema", report.schema),
            ("gauntlet_version", report.environment.gauntletVersion),
            ("target", SecretRedactor.redact(HTMLReportRenderer.targetDescription(report))),
            ("load", TextSummaryRenderer.loadDescription(summary.plan)),
            ("seed", String(summary.plan.seed)),
            ("requests_completed", String(summary.requests.completed)),
            ("requests_errors", String(summary.requests.errors)),
            ("latency_p99_ms", AxisScale.compact(summary.latency.p99, digits: 3)),
            ("interrupted", String(summary.interrupted)),
        ]
        if let file = report.scenario?.file { properties.insert(("scenario", file), at: 0) }
        for (key, value) in properties {
            xml += "      <property name=\"\(attribute(key))\" value=\"\(attribute(value))\"/>\n"
        }
        xml += "    </properties>\n"
        for objective in report.objectives {
            xml += "    <testcase name=\"\(attribute(objective.objective))\" classname=\"\(attribute("gauntlet." + name + ".objectives"))\" time=\"0\">\n"
            let detail = description(objective, anyKey: anyKey, strict: report.strict == true)
            if report.fails(objective) {
                let strictWarning = objective.verdict == .warn || !objective.gates(anyKey: anyKey)
                let message = objective.verdict == .inconclusive
                    ? "inconclusive: \(objective.reason ?? "not enough data")"
                    : objective.verdict == .warn
                    ? "warning, a failure under --strict: measured \(objective.measured.map { FigureFormat.value($0, unit: objective.unit) } ?? "—"), \(FigureFormat.warnThreshold(objective) ?? "inside the warn band")"
                    : "measured \(objective.measured.map { FigureFormat.value($0, unit: objective.unit) } ?? "—"), needed \(FigureFormat.threshold(objective))"
                let type = strictWarning && report.strict == true ? "strict-\(objective.verdict.rawValue)" : objective.verdict.rawValue
                xml += "      <failure message=\"\(attribute(message))\" type=\"\(type)\">\(text(detail))</failure>\n"
            }
            xml += "      <system-out>\(text(detail))</system-out>\n"
            xml += "    </testcase>\n"
        }
        let verdict = VerdictSummary(report)
        xml += "    <system-out>\(text("\(verdict.word): \(verdict.headline)" + verdict.notes.map { "\n" + $0 }.joined()))</system-out>\n"
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }

    static func description(_ objective: RunResult.ObjectiveRecord, anyKey: Bool, strict: Bool = false) -> String {
        var lines = [
            "objective: \(objective.objective)",
            "verdict: \(objective.verdict)" + (objective.gates(anyKey: anyKey) ? "" : " (advisory: a miss counts as a warning)")
                + (strict && objective.verdict != .pass ? " (a failure under --strict)" : ""),
            "measured: \(objective.measured.map { FigureFormat.value($0, unit: objective.unit) } ?? "not produced")",
            "threshold: \(FigureFormat.threshold(objective))" + (FigureFormat.warnThreshold(objective).map { ", \($0)" } ?? ""),
            "margin: \(objective.margin.map { FigureFormat.margin($0, unit: objective.unit) } ?? "—")",
            "samples: \(objective.samples)",
        ]
        if let reason = objective.reason { lines.append("reason: \(reason)") }
        return lines.joined(separator: "\n")
    }

    /// JUnit's timestamp: ISO 8601 in UTC without a zone designator, as Ant writes it.
    static func timestamp(_ date: Date) -> String {
        String(FigureFormat.date(date).dropLast(4)).replacingOccurrences(of: " ", with: "T")
    }

    static func attribute(_ value: String) -> String {
        HTMLText.escape(xmlSafe(value)).replacingOccurrences(of: "\n", with: "&#10;")
    }

    static func text(_ value: String) -> String {
        let escaped = xmlSafe(value).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        return escaped
    }

    /// Characters XML 1.0 cannot hold at all (control characters other than tab and newlines) are dropped.
    static func xmlSafe(_ value: String) -> String {
        String(String.UnicodeScalarView(value.unicodeScalars.filter { scalar in
            scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar.value >= 0x20 && !(0xFFFE...0xFFFF).contains(scalar.value)
        }))
    }
}

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
        if let tokens = summary.tokens {
            properties += [
                ("ttft_p99_ms", AxisScale.compact(tokens.ttft.p99, digits: 3)),
                ("itl_p99_ms", AxisScale.compact(tokens.itl.p99, digits: 3)),
                ("output_tokens_per_second", AxisScale.compact(tokens.outputTokensPerSecond, digits: 1)),
                ("goodput_per_second", AxisScale.compact(tokens.goodput.perSecond, digits: 3)),
            ]
        }
        let cases = report.objectives.map { objective in
            let detail = description(objective, anyKey: anyKey, strict: report.strict == true)
            var failure: (message: String, type: String)?
            if report.fails(objective) {
                let strictWarning = objective.verdict == .warn || !objective.gates(anyKey: anyKey)
                let message = objective.verdict == .inconclusive
                    ? "inconclusive: \(objective.reason ?? "not enough data")"
                    : objective.verdict == .warn
                    ? "warning, a failure under --strict: measured \(objective.measured.map { FigureFormat.value($0, unit: objective.unit) } ?? "—"), \(FigureFormat.warnThreshold(objective) ?? "inside the warn band")"
                    : "measured \(objective.measured.map { FigureFormat.value($0, unit: objective.unit) } ?? "—"), needed \(FigureFormat.threshold(objective))"
                failure = (message, failureType(objective.verdict, strictWarning: strictWarning, strict: report.strict == true))
            }
            return TestCase(name: objective.objective, classname: "gauntlet." + name + ".objectives", failure: failure, output: detail)
        }
        let verdict = VerdictSummary(report)
        return document(
            suite: "gauntlet." + name, seconds: summary.generator.elapsedSeconds, startedAt: summary.startedAt, host: report.environment.host,
            properties: properties, cases: cases, output: "\(verdict.word): \(verdict.headline)" + verdict.notes.map { "\n" + $0 }.joined())
    }

    /// One `<testcase>`: an objective (for a candidate, in a comparison).
    struct TestCase {
        var name: String
        var classname: String
        /// Set when the objective counts against the verdict.
        var failure: (message: String, type: String)?
        /// What was measured against what, in plain lines.
        var output: String
    }

    /// `fail`, `inconclusive`, or `strict-…` for what fails only because of `--strict`.
    static func failureType(_ verdict: GateVerdict, strictWarning: Bool, strict: Bool) -> String {
        strictWarning && strict ? "strict-\(verdict.rawValue)" : verdict.rawValue
    }

    /// The file around the test cases, shared by runs and comparisons so both read the same in a CI test view.
    static func document(
        suite: String, seconds: Double, startedAt: Date, host: String, properties: [(String, String)], cases: [TestCase], output: String
    ) -> String {
        let time = seconds.formatted(fractionDigits: 3)
        let failures = cases.filter { $0.failure != nil }.count
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"gauntlet\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" time=\"\(time)\">\n"
        xml += "  <testsuite name=\"\(attribute(suite))\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\""
            + " time=\"\(time)\" timestamp=\"\(timestamp(startedAt))\" hostname=\"\(attribute(host))\">\n"
        xml += "    <properties>\n"
        for (key, value) in properties {
            xml += "      <property name=\"\(attribute(key))\" value=\"\(attribute(value))\"/>\n"
        }
        xml += "    </properties>\n"
        for testCase in cases {
            xml += "    <testcase name=\"\(attribute(testCase.name))\" classname=\"\(attribute(testCase.classname))\" time=\"0\">\n"
            if let failure = testCase.failure {
                xml += "      <failure message=\"\(attribute(failure.message))\" type=\"\(failure.type)\">\(text(testCase.output))</failure>\n"
            }
            xml += "      <system-out>\(text(testCase.output))</system-out>\n"
            xml += "    </testcase>\n"
        }
        xml += "    <system-out>\(text(output))</system-out>\n"
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

import Foundation
import GauntletCore

/// The run for a CI summary (GitHub's `$GITHUB_STEP_SUMMARY`, a pull-request comment): the
/// verdict, the objectives table and the key figures, in GitHub-flavoured Markdown.
public enum MarkdownReportRenderer {
    public static func render(_ report: RunResult) -> String {
        let verdict = VerdictSummary(report)
        let summary = report.summary
        var text = "### \(symbol(report.verdict.gate)) Gauntlet: \(verdict.word) · \(cell(report.scenario?.name ?? "run"))\n\n"
        text += "**\(cell(verdict.headline)).**\n"
        for note in verdict.notes { text += "\n> **Warning:** \(cell(note))\n" }
        text += "\n"

        if !report.objectives.isEmpty {
            let anyKey = report.objectives.contains(where: \.key)
            text += "| verdict | objective | measured | threshold | margin | samples |\n"
            text += "| --- | --- | ---: | ---: | ---: | ---: |\n"
            for objective in report.objectives {
                var name = code(objective.objective)
                if anyKey { name += objective.key ? " (key)" : " (advisory)" }
                if let reason = objective.reason { name += "<br>\(cell(reason))" }
                var threshold = FigureFormat.threshold(objective)
                if let warn = FigureFormat.warnThreshold(objective) { threshold += " (\(warn))" }
                text += "| \(symbol(objective.verdict)) \(objective.verdict.rawValue.uppercased()) | \(name) | "
                    + "\(objective.measured.map { FigureFormat.value($0, unit: objective.unit) } ?? "—") | \(cell(threshold)) | "
                    + "\(objective.margin.map { FigureFormat.margin($0, unit: objective.unit) } ?? "—") | \(objective.samples) |\n"
            }
            text += "\n"
        }

        let requests = summary.requests
        var figures: [(String, String)] = [
            ("target", "\(summary.plan.method) \(SecretRedactor.redact(HTMLReportRenderer.targetDescription(report)))"),
            ("load", TextSummaryRenderer.loadDescription(summary.plan)),
            ("requests", "\(requests.completed) completed · \(requests.ok) ok · \(requests.errors) errors "
                + "(\(FigureFormat.percent(FigureFormat.errorRate(requests), digits: 3)))"
                + (requests.errorsByKind.isEmpty ? "" : ": " + HTMLReportRenderer.errorKinds(requests.errorsByKind))),
            ("rate", (summary.rate.target.map { "target \(FigureFormat.rate($0)) · " } ?? "")
                + "achieved \(FigureFormat.rate(summary.rate.achieved)) · ok \(FigureFormat.rate(summary.rate.successful)) over \(FigureFormat.seconds(summary.rate.windowSeconds))"),
            ("latency (from intended)", percentiles(summary.latency)),
            ("service time (from sent)", percentiles(summary.serviceTime)),
            ("schedule", "\(summary.scheduleLag.lateSends) sends more than \(FigureFormat.milliseconds(summary.scheduleLag.lateThresholdMilliseconds)) late · "
                + "lag p99 \(FigureFormat.milliseconds(summary.scheduleLag.figures.p99))"),
        ]
        if let tokens = summary.tokens {
            figures += [
                ("ttft (from intended)", percentiles(tokens.ttft)),
                ("itl", percentiles(tokens.itl)),
                ("tpot", percentiles(tokens.tpot)),
                ("tokens", "\(tokens.outputTokens) out (\(tokens.outputCountedFrom)) · \(tokens.outputTokensPerSecond.formatted(fractionDigits: 1)) tokens/s"),
                ("goodput", "\(FigureFormat.rate(tokens.goodput.perSecond)) (\(tokens.goodput.requests) of \(tokens.requests) answers) meeting \(tokens.goodput.limits.description)"),
            ]
        }
        for outage in summary.outages ?? [] {
            figures.append(("outage", TextSummaryRenderer.outageDescription(outage, runEnd: summary.generator.elapsedSeconds)))
        }
        if let quality = report.quality {
            figures.append(("quality", "accuracy \(FigureFormat.percent(quality.accuracy)) · F1 \(FigureFormat.percent(quality.f1)) over \(quality.predictions) predictions"))
        }
        if let cost = report.cost {
            figures.append(("cost", "\(cost.costPerMillionPredictions.formatted(fractionDigits: 4)) \(cost.currency) per 1M predictions "
                + "(\(cost.hourlyPrice.formatted(fractionDigits: 2)) \(cost.currency)/h × \(cost.instances) at \(cost.predictionsPerSecond.formatted(fractionDigits: 1)) predictions/s)"
                + (cost.costPerMillionOutputTokens.map { " · \($0.formatted(fractionDigits: 4)) \(cost.currency) per 1M output tokens" } ?? "")))
        }
        if let server = report.server {
            figures.append(("server", "CPU \(server.cpuSeconds.formatted(fractionDigits: 2))s · peak RSS \((Double(server.peakResidentBytes) / 1_048_576).formatted(fractionDigits: 1)) MiB"))
        }
        text += "| figure | value |\n| --- | --- |\n"
        for (label, value) in figures { text += "| \(label) | \(cell(value)) |\n" }
        text += "\n<sub>Gauntlet \(cell(report.environment.gauntletVersion)) · \(report.schema) · started \(FigureFormat.date(summary.startedAt))"
            + " · seed \(summary.plan.seed)\(summary.interrupted ? " · interrupted" : "")</sub>\n"
        return text
    }

    static func percentiles(_ figures: LatencyFigures) -> String {
        figures.shown.map { "\($0.label) \(FigureFormat.milliseconds($0.milliseconds))" }.joined(separator: " · ")
    }

    static func symbol(_ verdict: GateVerdict?) -> String {
        switch verdict {
        case .pass?: "✅"
        case .warn?: "⚠️"
        case .fail?: "❌"
        case .inconclusive?: "❔"
        case nil: "➖"
        }
    }

    /// A code span safe inside a table cell: only pipes need escaping there.
    static func code(_ text: String) -> String {
        "`" + text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") + "`"
    }

    /// Text safe inside a table cell: pipes escaped, no line breaks, no raw HTML.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\n", with: " ")
    }
}

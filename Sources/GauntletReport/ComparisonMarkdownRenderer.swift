import Foundation
import GauntletCore

/// A comparison for a CI summary (`$GITHUB_STEP_SUMMARY`, a pull-request comment), in
/// GitHub-flavoured Markdown: the verdict and why, the candidates' key figures side by side,
/// each figure against the baseline with its interval and call, paired quality, and the
/// objectives with the values and bounds that decided them.
public enum ComparisonMarkdownRenderer {
    public static func render(_ report: CompareResult) -> String {
        let verdict = VerdictSummary(report)
        let cell = MarkdownReportRenderer.cell
        var text = "### \(MarkdownReportRenderer.symbol(report.verdict.gate)) Gauntlet compare: \(verdict.word) · \(cell(report.scenario?.name ?? "comparison"))\n\n"
        text += "**\(cell(verdict.headline)).**\n"
        for note in verdict.notes { text += "\n> **Warning:** \(cell(note))\n" }
        text += "\n"

        text += "| figure | " + report.candidates.map { cell($0.name) + ($0.baseline ? " (baseline)" : "") }.joined(separator: " | ") + " |\n"
        text += "| --- |" + String(repeating: " ---: |", count: report.candidates.count) + "\n"
        for row in ComparisonKeyFigures.rows(report) {
            text += "| \(row.label) | " + row.cells.map(cell).joined(separator: " | ") + " |\n"
        }
        text += "\n"

        if !report.comparisons.isEmpty {
            text += "| figure | candidate | baseline | candidate | estimate | 95% interval | pairs | Holm p | call |\n"
            text += "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n"
            for comparison in report.comparisons {
                text += "| \(MarkdownReportRenderer.code(comparison.figure)) | \(cell(comparison.candidate)) | "
                    + [ComparisonTextRenderer.pooled(comparison.baselinePooled, comparison.figure),
                       ComparisonTextRenderer.pooled(comparison.candidatePooled, comparison.figure),
                       ComparisonTextRenderer.estimate(comparison.estimate, comparison.kind, comparison.figure),
                       ComparisonTextRenderer.interval(comparison), report.unpaired == nil ? String(comparison.pairs) : "—",
                       comparison.adjustedPValue.map { $0.formatted(fractionDigits: 3) } ?? "—"].map(cell).joined(separator: " | ")
                    + " | \(callWord(comparison.call)) |\n"
            }
            text += "\n"
        }

        if !report.quality.isEmpty {
            text += "| quality | distinct rows | baseline accuracy | candidate accuracy | difference [95%] | McNemar p | Holm p | agreement |\n"
            text += "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
            for quality in report.quality {
                let table = quality.paired.correctness
                var difference = quality.difference.map { ComparisonTextRenderer.points($0) } ?? "—"
                if let lower = quality.lower, let upper = quality.upper {
                    difference += " [\(ComparisonTextRenderer.points(lower)), \(ComparisonTextRenderer.points(upper))]"
                }
                text += "| \(cell(quality.candidate)) | \(table.rows) | \(FigureFormat.percent(table.accuracyA)) | \(FigureFormat.percent(table.accuracyB)) | "
                    + "\(difference) | \(quality.mcnemarPValue.formatted(fractionDigits: 3)) | \(quality.adjustedPValue.map { $0.formatted(fractionDigits: 3) } ?? "—") | "
                    + "\(FigureFormat.percent(quality.paired.agreementRate)) |\n"
            }
            text += "\n"
        }

        if !report.objectives.isEmpty {
            let anyKey = report.objectives.contains(where: \.key)
            text += "| verdict | candidate | objective | measured | threshold | samples |\n"
            text += "| --- | --- | --- | ---: | ---: | ---: |\n"
            for objective in report.objectives {
                var name = MarkdownReportRenderer.code(objective.objective)
                if anyKey { name += objective.key ? " (key)" : " (advisory)" }
                if let reason = objective.reason { name += "<br>\(cell(reason))" }
                let threshold = objective.relative
                    ? ComparisonTextRenderer.relative(objective.threshold, unit: objective.unit) : FigureFormat.value(objective.threshold, unit: objective.unit)
                text += "| \(MarkdownReportRenderer.symbol(objective.verdict)) \(objective.verdict.rawValue.uppercased()) | \(cell(objective.candidate)) | \(name) | "
                    + "\(cell(ComparisonJUnitRenderer.measured(objective))) | \(cell(threshold)) | \(objective.samples) \(ComparisonTextRenderer.basis(objective)) |\n"
            }
            text += "\n"
        }
        let blockSeconds = report.blocks.first.map { $0.endSeconds - $0.startSeconds } ?? 0
        let design = report.unpaired == nil
            ? "\(cell(report.mode)), \(report.blocks.count) blocks of \(FigureFormat.seconds(blockSeconds)) · started \(FigureFormat.date(report.environment.startedAt))"
            : "two saved runs, unpaired: " + report.candidates.map { "\(cell($0.name)) \(FigureFormat.date($0.result.environment.startedAt))" }.joined(separator: ", ")
        text += "<sub>Gauntlet \(cell(report.environment.gauntletVersion)) · \(report.schema) · \(design)"
            + (report.strict == true ? " · --strict" : "") + "</sub>\n"
        return text
    }

    /// The call in bold when it says there is a difference.
    static func callWord(_ call: CompareResult.FigureComparison.Call) -> String {
        call == .better || call == .worse ? "**\(call.rawValue)**" : call == .same ? "\\~" : call.rawValue
    }
}

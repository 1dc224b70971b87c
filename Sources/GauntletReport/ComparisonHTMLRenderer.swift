import Foundation
import GauntletCore

/// A comparison as one self-contained HTML page, in the run report's style and under its
/// policy (no script, nothing from the network): the verdict first, naming which objectives
/// failed for which candidate; the candidates' key figures side by side; each figure's paired
/// estimate with its interval; latency block by block; paired quality; the objectives with the
/// values and bounds that decided them; then the traffic digests, the block plan and the setup.
public enum ComparisonHTMLRenderer {
    /// The ids of the charts every comparison page carries, in page order.
    public static let chartIDs = [ComparisonCharts.ratioID, ComparisonCharts.differenceID, ComparisonCharts.blockLatencyID]

    public static func render(_ report: CompareResult) -> String {
        let verdict = VerdictSummary(report)
        let name = report.scenario?.name ?? "comparison"
        var body = header(report, verdict: verdict)
        body += keyFigures(report)
        body += charts(report)
        body += qualitySection(report)
        body += objectivesSection(report)
        body += trafficSection(report)
        if report.unpaired == nil { body += blocksSection(report) }
        body += environmentSection(report)
        body += "<footer>Written by Gauntlet \(HTMLText.escape(report.environment.gauntletVersion)) from a \(HTMLText.escape(report.schema)) report. "
            + (report.unpaired == nil
                ? "Figures are compared pair by pair over blocks of identical traffic; intervals are 95% and never come from the "
                    + "point estimate alone. docs/comparison.md has the statistics.</footer>\n"
                : "Two saved runs compared unpaired: whole-run figures only, and drift between the runs is not cancelled. "
                    + "docs/comparison.md says what each interval does and does not account for.</footer>\n")
        return HTMLReportRenderer.page(title: "Gauntlet: \(name) · \(verdict.word)", generator: report.environment.gauntletVersion, body: body)
    }

    static func header(_ report: CompareResult, verdict: VerdictSummary) -> String {
        var html = "<h1>\(HTMLText.escape(report.scenario?.name ?? "comparison"))</h1>\n"
        let blockSeconds = report.blocks.first.map { $0.endSeconds - $0.startSeconds } ?? 0
        let elapsed = report.environment.endedAt.timeIntervalSince(report.environment.startedAt)
        let subtitle = report.unpaired != nil
            ? "two saved runs compared unpaired: " + report.candidates.map { "\($0.name) \($0.report ?? "")" }.joined(separator: " against ")
            : "\(report.candidates.count) candidates, \(report.mode) · \(report.blocks.count) blocks of \(FigureFormat.seconds(blockSeconds))"
                + " · \(FigureFormat.date(report.environment.startedAt)) · \(FigureFormat.seconds(elapsed)) in all"
        html += "<p class=\"subtitle\">\(HTMLText.escape(subtitle))</p>\n"
        if let description = report.scenario?.description { html += "<p>\(HTMLText.escape(description))</p>\n" }
        return html + HTMLReportRenderer.banner(verdict)
    }

    // MARK: key figures, side by side

    /// The candidate's name as a column heading: its colour on the charts, and the baseline marked.
    static func heading(_ candidate: CompareResult.CandidateResult, colors: [String: String]) -> String {
        "<th class=\"num\"><span class=\"swatch\" style=\"border-color: \(colors[candidate.name] ?? ChartPalette.ink)\"></span> "
            + HTMLText.escape(candidate.name) + (candidate.baseline ? "<span class=\"key\">BASELINE</span>" : "") + "</th>"
    }

    static func keyFigures(_ report: CompareResult) -> String {
        let candidates = report.candidates
        let colors = ComparisonCharts(report).colors
        var html = "<h2 id=\"figures\">Key figures</h2>\n<table class=\"side-by-side\"><thead><tr><th></th>"
            + candidates.map { heading($0, colors: colors) }.joined() + "</tr></thead><tbody>\n"
        for row in ComparisonKeyFigures.rows(report) {
            html += "<tr><th>\(HTMLText.escape(row.label))</th>" + row.cells.map { "<td class=\"num\">\(HTMLText.escape($0))</td>" }.joined() + "</tr>\n"
        }
        html += "<tr><th>target</th>" + candidates.map { "<td class=\"num target\">\(HTMLText.escape(SecretRedactor.redact($0.target)))</td>" }.joined() + "</tr>\n"
        html += "</tbody></table>\n"
        return html + "<p class=\"note\">\(report.unpaired == nil ? "Each candidate's blocks pooled." : "Each saved run whole.") "
            + "Latency is of successful requests, from the intended send time: "
            + "a candidate whose requests fail fast does not look faster; its failures are in the error rate.</p>\n"
    }

    // MARK: charts

    static func charts(_ report: CompareResult) -> String {
        let charts = ComparisonCharts(report)
        var html = "<h2 id=\"charts\">Against the baseline</h2>\n"
        html += HTMLReportRenderer.figureHTML(charts.ratios())
        html += HTMLReportRenderer.figureHTML(charts.differences())
        html += comparisonsTable(report)
        guard report.unpaired == nil else { return html }  // two saved runs have no blocks
        html += "<h2 id=\"blocks-over-time\">Block by block</h2>\n"
        return html + HTMLReportRenderer.figureHTML(charts.blockLatency())
    }

    /// The chart's figures as numbers, for reading off and copying.
    static func comparisonsTable(_ report: CompareResult) -> String {
        guard !report.comparisons.isEmpty else { return "" }
        var html = "<table class=\"comparisons\"><thead><tr><th>figure</th><th>candidate</th><th class=\"num\">baseline</th>"
            + "<th class=\"num\">candidate</th><th class=\"num\">estimate</th><th class=\"num\">95% interval</th><th class=\"num\">pairs</th>"
            + "<th class=\"num\">p</th><th class=\"num\">Holm p</th><th>call</th></tr></thead><tbody>\n"
        for comparison in report.comparisons {
            let cells = [
                ComparisonTextRenderer.pooled(comparison.baselinePooled, comparison.figure),
                ComparisonTextRenderer.pooled(comparison.candidatePooled, comparison.figure),
                ComparisonTextRenderer.estimate(comparison.estimate, comparison.kind, comparison.figure),
                ComparisonTextRenderer.interval(comparison), report.unpaired == nil ? String(comparison.pairs) : "—",
                comparison.pValue.map { $0.formatted(fractionDigits: 3) } ?? "—",
                comparison.adjustedPValue.map { $0.formatted(fractionDigits: 3) } ?? "—",
            ]
            html += "<tr><td><code>\(HTMLText.escape(comparison.figure))</code></td><td>\(HTMLText.escape(comparison.candidate))</td>"
                + cells.map { "<td class=\"num\">\(HTMLText.escape($0))</td>" }.joined()
                + "<td>\(call(comparison.call))</td></tr>\n"
        }
        html += "</tbody></table>\n"
        for (figures, note) in ComparisonTextRenderer.figureNotes(report) {
            html += "<p class=\"note\">\(HTMLText.escape(figures.joined(separator: ", "))): \(HTMLText.escape(note))</p>\n"
        }
        return html
    }

    /// better, worse, ~ or inconclusive, coloured as the chart colours it.
    static func call(_ call: CompareResult.FigureComparison.Call) -> String {
        "<span class=\"call-\(call == .same ? "same" : call.rawValue)\">\(HTMLText.escape(call.rawValue))</span>"
    }
}

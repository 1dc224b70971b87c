import Foundation
import GauntletCore

/// A capacity search as one self-contained HTML page, in the run report's style and under its
/// policy (no script, nothing from the network): the answer first, then every step with its
/// figures and the reasons behind its verdict, the plan, and the setup.
public enum CapacityHTMLRenderer {
    /// The ids of the charts a rate search's page carries, in page order.
    public static let chartIDs = [CapacityCharts.latencyID, CapacityCharts.throughputID, CapacityCharts.errorsID]
    /// The ids of the charts a concurrency sweep's page carries, in page order.
    public static let sweepChartIDs = [CapacityCharts.sweepLatencyID, CapacityCharts.sweepThroughputID, CapacityCharts.errorsID]

    public static func render(_ result: CapacityResult) -> String {
        let name = result.scenario?.name ?? "capacity"
        var body = "<h1>\(HTMLText.escape(name))</h1>\n"
        let elapsed = result.environment.endedAt.timeIntervalSince(result.environment.startedAt)
        body += "<p class=\"subtitle\">\(HTMLText.escape("capacity search, \(result.steps.count) step\(result.steps.count == 1 ? "" : "s") · \(FigureFormat.date(result.environment.startedAt)) · \(FigureFormat.seconds(elapsed)) in all"))</p>\n"
        if let description = result.scenario?.description { body += "<p>\(HTMLText.escape(description))</p>\n" }
        body += banner(result)
        body += charts(result)
        body += stepsSection(result)
        body += planSection(result)
        body += HTMLReportRenderer.environmentFacts(facts(result), scenario: result.scenario)
        body += "<footer>Written by Gauntlet \(HTMLText.escape(result.environment.gauntletVersion)) from a \(HTMLText.escape(result.schema)) report. "
            + "A step passes only when the generator kept up, latency was stable, and every objective held on its 95% interval's "
            + "adverse end; docs/capacity.md has the rules.</footer>\n"
        return HTMLReportRenderer.page(title: "Gauntlet: \(name) · capacity", generator: result.environment.gauntletVersion, body: body)
    }

    static func banner(_ result: CapacityResult) -> String {
        let verdict = result.found ? "pass" : (result.partial ? "inconclusive" : "fail")
        return "<section class=\"banner v-\(verdict)\" id=\"verdict\"><span class=\"word\">\(result.found ? "FOUND" : "NOT FOUND")</span>"
            + "<span class=\"headline\">\(HTMLText.escape(result.headline))</span></section>\n"
    }

    /// The search's curves, before the table of steps they are drawn from.
    static func charts(_ result: CapacityResult) -> String {
        let charts = CapacityCharts(result: result)
        let figures = result.mode == "concurrency"
            ? [charts.sweepLatency(), charts.sweepThroughput(), charts.sweepErrors()]
            : [charts.latencyCurve(), charts.throughput(), charts.rateErrors()]
        return "<h2 id=\"charts\">Charts</h2>\n" + figures.map(HTMLReportRenderer.figureHTML).joined()
    }

    static func stepsSection(_ result: CapacityResult) -> String {
        var html = "<h2 id=\"steps\">Steps</h2>\n<table><thead><tr><th class=\"num\">step</th><th>stage</th><th class=\"num\">offered</th>"
            + "<th class=\"num\">achieved</th><th class=\"num\">ok/s</th><th class=\"num\">p50 ms</th><th class=\"num\">p99 ms [95%]</th>"
            + "<th class=\"num\">errors</th><th class=\"num\">503</th><th class=\"num\">late sends</th><th class=\"num\">server CPU s</th><th>verdict</th></tr></thead><tbody>\n"
        for step in result.steps {
            let p99 = step.p99.map { "\($0.value.formatted(fractionDigits: 2)) [\($0.lower.formatted(fractionDigits: 2)), \($0.upper.formatted(fractionDigits: 2))]" } ?? "—"
            let cells = [
                String(step.number), step.stage.rawValue + (step.extensions > 0 ? " +\(step.extensions)" : ""), step.rateLabel,
                CapacityTextRenderer.rate(step.achievedRate), CapacityTextRenderer.rate(step.okRate),
                step.p50.map { $0.value.formatted(fractionDigits: 2) } ?? "—", p99, String(step.errors), String(step.shed),
                String(step.lateSends), step.serverCPUSeconds.map { $0.formatted(fractionDigits: 2) } ?? "—",
            ]
            html += "<tr>" + cells.enumerated().map { index, cell in
                "<td\(index == 1 ? "" : " class=\"num\"")>\(HTMLText.escape(cell))</td>"
            }.joined()
            html += "<td><span class=\"verdict v-\(verdictClass(step.outcome))\">\(HTMLText.escape(step.outcome.rawValue.uppercased()))</span></td></tr>\n"
            // The reasons on a row of their own, the table's full width: a sentence does not fit a verdict cell.
            if !step.reasons.isEmpty {
                html += "<tr class=\"reasons\"><td></td><td colspan=\"\(cells.count)\"><ul>"
                    + step.reasons.map { "<li>\(HTMLText.escape($0))</li>" }.joined() + "</ul></td></tr>\n"
            }
        }
        return html + "</tbody></table>\n"
    }

    static func verdictClass(_ outcome: CapacitySearch.Outcome) -> String {
        switch outcome {
        case .pass: "pass"
        case .fail: "fail"
        case .invalid, .inconclusive, .undecided: "inconclusive"
        }
    }

    static func planSection(_ result: CapacityResult) -> String {
        if let refusal = result.planRefusal {
            return "<h2 id=\"plan\">Plan</h2>\n<p>No plan: \(HTMLText.escape(refusal))</p>\n"
        }
        guard let plan = result.plan else { return "" }
        var rows: [(String, String)] = [
            ("rate per instance (R_max's lower end)", CapacityTextRenderer.rate(plan.ratePerInstance)),
            ("peak", CapacityTextRenderer.rate(plan.peakRate)),
        ]
        if let average = plan.averageRate { rows.append(("average", CapacityTextRenderer.rate(average))) }
        rows += [
            ("headroom", FigureFormat.percent(plan.headroom, digits: 0)),
            ("instances", "\(plan.instances) (\(plan.instancesForPeak) + \(plan.spares) spare)"),
            ("utilisation at peak", FigureFormat.percent(plan.utilisationAtPeak, digits: 0)),
            ("cost per hour", CapacityTextRenderer.money(plan.hourlyCost, plan.currency)),
            ("cost per 1M predictions at peak", CapacityTextRenderer.money(plan.costPerMillionPredictionsAtPeak, plan.currency)),
        ]
        if let cost = plan.costPerMillionPredictionsAtAverage {
            rows.append(("cost per 1M predictions at average", CapacityTextRenderer.money(cost, plan.currency)))
        }
        return "<h2 id=\"plan\">Plan</h2>\n<table class=\"plan\"><tbody>\n"
            + rows.map { "<tr><th>\(HTMLText.escape($0.0))</th><td class=\"num\">\(HTMLText.escape($0.1))</td></tr>\n" }.joined()
            + "</tbody></table>\n"
    }

    static func facts(_ result: CapacityResult) -> [(String, String)] {
        var facts: [(String, String)] = [
            ("target", result.target),
            ("search", CapacityTextRenderer.settings(result)),
            ("objectives", result.objectives.isEmpty ? "none" : result.objectives.joined(separator: "; ")),
        ]
        if let configuration = result.serverConfiguration { facts.append(("server", configuration)) }
        facts += [
            ("host", "\(result.environment.host), \(result.environment.cores) cores, \(result.environment.os)"),
            ("started", FigureFormat.date(result.environment.startedAt)),
            ("ended", FigureFormat.date(result.environment.endedAt)),
        ]
        return facts
    }
}

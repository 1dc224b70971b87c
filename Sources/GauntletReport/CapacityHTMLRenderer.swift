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
        if let candidates = result.candidates {
            body += candidatesTable(result)
            for (index, candidate) in candidates.enumerated() {
                let suffix = "-\(index + 1)"
                body += "<h2 id=\"candidate\(suffix)\">Candidate \(HTMLText.escape(candidate.candidate ?? "?"))"
                    + (candidate.baseline == true ? "<span class=\"key\">BASELINE</span>" : "") + "</h2>\n"
                body += "<p class=\"subtitle\">\(HTMLText.escape(candidate.target))\(candidate.serverConfiguration.map { " · " + HTMLText.escape($0) } ?? "")</p>\n"
                body += banner(candidate, suffix: suffix)
                body += charts(candidate, suffix: suffix, heading: "h3")
                body += stepsSection(candidate, suffix: suffix, heading: "h3")
                body += planSection(candidate, suffix: suffix, heading: "h3")
            }
        } else {
            body += charts(result)
            body += stepsSection(result)
            body += planSection(result)
        }
        body += HTMLReportRenderer.environmentFacts(facts(result), scenario: result.scenario)
        body += "<footer>Written by Gauntlet \(HTMLText.escape(result.environment.gauntletVersion)) from a \(HTMLText.escape(result.schema)) report. "
            + "A step passes only when the generator kept up, latency was stable, and every objective held on its 95% interval's "
            + "adverse end; docs/capacity.md has the rules.</footer>\n"
        return HTMLReportRenderer.page(title: "Gauntlet: \(name) · capacity", generator: result.environment.gauntletVersion, body: body)
    }

    static func banner(_ result: CapacityResult, suffix: String = "") -> String {
        let verdict = result.found ? "pass" : (result.partial ? "inconclusive" : "fail")
        return "<section class=\"banner v-\(verdict)\" id=\"verdict\(suffix)\"><span class=\"word\">\(result.found ? "FOUND" : "NOT FOUND")</span>"
            + "<span class=\"headline\">\(HTMLText.escape(result.headline))</span></section>\n"
    }

    /// The search's curves, before the table of steps they are drawn from.
    static func charts(_ result: CapacityResult, suffix: String = "", heading: String = "h2") -> String {
        let charts = CapacityCharts(result: result, idSuffix: suffix)
        let figures = result.mode == "concurrency"
            ? [charts.sweepLatency(), charts.sweepThroughput(), charts.sweepErrors()]
            : [charts.latencyCurve(), charts.throughput(), charts.rateErrors()]
        return "<\(heading) id=\"charts\(suffix)\">Charts</\(heading)>\n" + figures.map(HTMLReportRenderer.figureHTML).joined()
    }

    static func stepsSection(_ result: CapacityResult, suffix: String = "", heading: String = "h2") -> String {
        var html = "<\(heading) id=\"steps\(suffix)\">Steps</\(heading)>\n<table><thead><tr><th class=\"num\">step</th><th>stage</th><th class=\"num\">offered</th>"
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

    static func planSection(_ result: CapacityResult, suffix: String = "", heading: String = "h2") -> String {
        if let refusal = result.planRefusal {
            return "<\(heading) id=\"plan\(suffix)\">Plan</\(heading)>\n<p>No plan: \(HTMLText.escape(refusal))</p>\n"
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
        return "<\(heading) id=\"plan\(suffix)\">Plan</\(heading)>\n<table class=\"plan\"><tbody>\n"
            + rows.map { "<tr><th>\(HTMLText.escape($0.0))</th><td class=\"num\">\(HTMLText.escape($0.1))</td></tr>\n" }.joined()
            + "</tbody></table>\n"
    }

    /// The candidates side by side: what each sustains within the objectives, and what its plan costs.
    static func candidatesTable(_ result: CapacityResult) -> String {
        var html = "<h2 id=\"candidates\">Candidates</h2>\n<table class=\"side-by-side\"><thead><tr><th>candidate</th>"
            + "<th class=\"num\">sustains</th><th class=\"num\">R_max</th><th class=\"num\">instances</th>"
            + "<th class=\"num\">per 1M predictions at peak</th><th class=\"num\">at average</th><th></th></tr></thead><tbody>\n"
        for candidate in result.candidates ?? [] {
            let interval = candidate.rateMax.map { interval in
                "[\(interval.low.map(CapacityStep.rateText) ?? "—"), \(interval.high.map(CapacityStep.rateText) ?? "…"))"
            } ?? "—"
            let plan = candidate.plan
            let cells = [
                candidate.sustainedRate.map(CapacityStep.rateText) ?? "none passed", interval, plan.map { String($0.instances) } ?? "—",
                plan.map { CapacityTextRenderer.money($0.costPerMillionPredictionsAtPeak, $0.currency) } ?? "—",
                plan?.costPerMillionPredictionsAtAverage.map { CapacityTextRenderer.money($0, plan!.currency) } ?? "—",
            ]
            html += "<tr><th>\(HTMLText.escape(candidate.candidate ?? "?"))\(candidate.baseline == true ? " (baseline)" : "")</th>"
                + cells.map { "<td class=\"num\">\(HTMLText.escape($0))</td>" }.joined()
                + "<td>\(candidate.candidate == result.best ? "<span class=\"verdict v-pass\">BEST</span>" : "")</td></tr>\n"
        }
        return html + "</tbody></table>\n"
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
        ] + result.environment.idleFacts + [
            ("started", FigureFormat.date(result.environment.startedAt)),
            ("ended", FigureFormat.date(result.environment.endedAt)),
        ]
        return facts
    }
}

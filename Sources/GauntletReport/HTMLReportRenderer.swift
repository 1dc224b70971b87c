import Foundation
import GauntletCore

/// The run as one self-contained HTML page: verdict and objectives first, then the key figures,
/// the charts (SVG drawn here, no script), cost, prediction quality, the server's resources,
/// and the environment and configuration with secrets redacted. No request leaves the page
/// when it is viewed: its Content-Security-Policy forbids every load but inline styles and
/// `data:` images, so it reads the same offline, and prints.
public enum HTMLReportRenderer {
    /// The policy the page declares for itself: nothing from the network, no script.
    public static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

    /// The ids of the charts every page carries, in page order.
    public static let chartIDs = [
        "chart-rate", "chart-latency", "chart-service-time", "chart-distribution", "chart-errors",
        "chart-schedule-lag", "chart-in-flight",
    ]

    public static func render(_ report: RunResult) -> String {
        let title = "Gauntlet: \(report.scenario?.name ?? "run") · \(VerdictSummary(report).word)"
        var body = header(report)
        body += objectives(report)
        body += keyFigures(report)
        body += charts(report)
        body += requestsSection(report)
        body += FailureSamplesRenderer.html(report.failureSamples ?? [])
        body += costSection(report)
        body += qualitySection(report)
        body += serverSection(report)
        body += environmentSection(report)
        body += "<footer>Written by Gauntlet \(HTMLText.escape(report.environment.gauntletVersion)) from a \(HTMLText.escape(report.schema)) report. "
            + "Latency is measured from each request's intended send time; percentiles come from merged HdrHistograms "
            + "(1 µs to 1 h, 3 significant digits), never from averages.</footer>\n"
        return page(title: title, generator: report.environment.gauntletVersion, body: body)
    }

    /// The document around a page's sections: its policy, its stylesheet, its title. Shared by
    /// the run's page and the comparison's, so both stand alone in the same way.
    static func page(title: String, generator version: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="Gauntlet \(HTMLText.escape(version))">
        <title>\(HTMLText.escape(title))</title>
        <style>
        \(HTMLStyle.css)
        </style>
        </head>
        <body>
        <main>

        """ + body + "</main>\n</body>\n</html>\n"
    }

    // MARK: verdict and objectives

    static func header(_ report: RunResult) -> String {
        let verdict = VerdictSummary(report)
        let summary = report.summary
        let name = report.scenario?.name ?? "run"
        var html = "<h1>\(HTMLText.escape(name))</h1>\n"
        var subtitle = "\(HTMLText.escape(summary.plan.method)) \(HTMLText.escape(SecretRedactor.redact(targetDescription(report))))"
        subtitle += " · \(HTMLText.escape(FigureFormat.date(summary.startedAt)))"
        subtitle += " · \(HTMLText.escape(FigureFormat.seconds(summary.generator.elapsedSeconds))) run"
        html += "<p class=\"subtitle\">\(subtitle)</p>\n"
        if let description = report.scenario?.description { html += "<p>\(HTMLText.escape(description))</p>\n" }
        return html + banner(verdict)
    }

    /// The verdict as the page's first word, coloured by it, with its headline and notes.
    static func banner(_ verdict: VerdictSummary) -> String {
        var html = "<section class=\"banner v-\(verdict.verdict.rawValue)\" id=\"verdict\">"
        html += "<span class=\"word\">\(HTMLText.escape(verdict.word))</span><span class=\"headline\">\(HTMLText.escape(verdict.headline))</span>"
        if !verdict.notes.isEmpty {
            html += "<ul>" + verdict.notes.map { "<li>\(HTMLText.escape($0))</li>" }.joined() + "</ul>"
        }
        return html + "</section>\n"
    }

    static func targetDescription(_ report: RunResult) -> String {
        if let server = report.server { return "\(server.url) (\(server.kind))" }
        return report.summary.plan.url.isEmpty ? "(no target)" : report.summary.plan.url
    }

    static func objectives(_ report: RunResult) -> String {
        var html = "<h2 id=\"objectives\">Objectives</h2>\n"
        guard !report.objectives.isEmpty else {
            return html + "<p class=\"note\">This run had no objectives, so there is no verdict; the figures below stand on their own.</p>\n"
        }
        let anyKey = report.objectives.contains(where: \.key)
        html += "<table class=\"objectives\"><thead><tr><th>verdict</th><th>objective</th><th class=\"num\">measured</th>"
            + "<th class=\"num\">threshold</th><th class=\"num\">margin</th><th class=\"num\">samples</th></tr></thead><tbody>\n"
        for objective in report.objectives {
            let missed = objective.verdict.isMiss
            html += "<tr class=\"\(missed ? "missed" : "")\"><td>\(badge(objective.verdict))</td>"
            html += "<td><code>\(HTMLText.escape(objective.objective))</code>"
            if anyKey { html += objective.key ? "<span class=\"key\">KEY</span>" : "<span class=\"key\">advisory</span>" }
            if let reason = objective.reason { html += "<div class=\"reason\">\(HTMLText.escape(reason))</div>" }
            html += "</td>"
            html += "<td class=\"num\">\(HTMLText.escape(objective.measured.map { FigureFormat.value($0, unit: objective.unit) } ?? "—"))</td>"
            var threshold = FigureFormat.threshold(objective)
            if let warn = FigureFormat.warnThreshold(objective) { threshold += " (\(warn))" }
            html += "<td class=\"num\">\(HTMLText.escape(threshold))</td>"
            html += "<td class=\"num\">\(HTMLText.escape(objective.margin.map { FigureFormat.margin($0, unit: objective.unit) } ?? "—"))</td>"
            html += "<td class=\"num\">\(FigureFormat.count(objective.samples))</td></tr>\n"
        }
        html += "</tbody></table>\n"
        if anyKey {
            html += "<p class=\"note\">Only KEY objectives gate the run; a missed advisory objective counts as a warning.</p>\n"
        }
        return html
    }

    static func badge(_ verdict: GateVerdict) -> String {
        "<span class=\"badge v-\(verdict.rawValue)\">\(verdict.rawValue.uppercased())</span>"
    }

    // MARK: key figures

    static func keyFigures(_ report: RunResult) -> String {
        let summary = report.summary
        let requests = summary.requests
        var cards: [(label: String, value: String, detail: String)] = []
        cards.append(("requests measured", FigureFormat.count(requests.completed),
                      "\(FigureFormat.count(requests.ok)) ok · \(FigureFormat.count(requests.errors)) errors"
                          + (requests.warmup > 0 ? " · \(FigureFormat.count(requests.warmup)) in warm-up" : "")))
        cards.append(("error rate", FigureFormat.percent(FigureFormat.errorRate(requests), digits: 3),
                      requests.errorsByKind.isEmpty ? "no errors" : errorKinds(requests.errorsByKind)))
        cards.append(("throughput (ok)", FigureFormat.rate(summary.rate.successful),
                      "achieved \(FigureFormat.rate(summary.rate.achieved))"
                          + (summary.rate.target.map { " of \(FigureFormat.rate($0)) target" } ?? "")
                          + " over \(FigureFormat.seconds(summary.rate.windowSeconds))"))
        cards.append(("latency p99", FigureFormat.milliseconds(summary.latency.p99),
                      "p50 \(FigureFormat.milliseconds(summary.latency.p50)) · p99.9 \(FigureFormat.milliseconds(summary.latency.p999)) · from intended send"))
        cards.append(("service time p99", FigureFormat.milliseconds(summary.serviceTime.p99),
                      "p50 \(FigureFormat.milliseconds(summary.serviceTime.p50)) · from actual send"))
        let lag = summary.scheduleLag
        cards.append(("late sends", FigureFormat.count(lag.lateSends),
                      "over \(FigureFormat.milliseconds(lag.lateThresholdMilliseconds)) late · lag p99 \(FigureFormat.milliseconds(lag.figures.p99))"))
        if let quality = report.quality {
            cards.append(("accuracy", FigureFormat.percent(quality.accuracy), "over \(FigureFormat.count(quality.predictions)) labelled predictions"))
        }
        if let tokens = summary.tokens {
            cards.append(("TTFT p99", FigureFormat.milliseconds(tokens.ttft.p99),
                          "p50 \(FigureFormat.milliseconds(tokens.ttft.p50)) · time to first token, from intended send"))
            cards.append(("ITL p99", FigureFormat.milliseconds(tokens.itl.p99),
                          "p50 \(FigureFormat.milliseconds(tokens.itl.p50)) · TPOT p50 \(FigureFormat.milliseconds(tokens.tpot.p50))"))
            cards.append(("output tokens/s", tokens.outputTokensPerSecond.formatted(fractionDigits: 1),
                          "\(FigureFormat.count(tokens.outputTokens)) tokens, \(tokens.outputTokensPerRequest.formatted(fractionDigits: 1)) per answer, counted from \(tokens.outputCountedFrom)"))
            cards.append(("goodput", FigureFormat.rate(tokens.goodput.perSecond),
                          "\(FigureFormat.count(tokens.goodput.requests)) of \(FigureFormat.count(tokens.requests)) answers meeting \(tokens.goodput.limits.description)"))
        }
        if let cost = report.cost {
            if let perMillion = cost.costPerMillionOutputTokens {
                cards.append(("cost per 1M output tokens", "\(perMillion.formatted(fractionDigits: 4)) \(cost.currency)",
                              "\(FigureFormat.count(cost.outputTokens ?? 0)) output tokens in the window"))
            }
            cards.append(("cost per 1M predictions", "\(cost.costPerMillionPredictions.formatted(fractionDigits: 4)) \(cost.currency)",
                          "at \(cost.predictionsPerSecond.formatted(fractionDigits: 1)) predictions/s"))
        }
        var html = "<h2 id=\"figures\">Key figures</h2>\n<div class=\"cards\">\n"
        for card in cards {
            html += "<div class=\"card\"><div class=\"label\">\(HTMLText.escape(card.label))</div><div class=\"value\">\(HTMLText.escape(card.value))</div>"
                + "<div class=\"detail\">\(HTMLText.escape(card.detail))</div></div>\n"
        }
        html += "</div>\n"
        html += "<table class=\"latency\"><thead><tr><th></th>" + LatencyFigures.headers.map { "<th class=\"num\">\($0)</th>" }.joined()
            + "<th class=\"num\">mean</th><th class=\"num\">count</th></tr></thead><tbody>\n"
        var rows = [("latency (from intended send)", summary.latency), ("service time (from actual send)", summary.serviceTime),
                    ("schedule lag", lag.figures)]
        if let tokens = summary.tokens {
            rows += [("time to first token (from intended send)", tokens.ttft), ("inter-token latency", tokens.itl),
                     ("time per output token", tokens.tpot)]
        }
        for (label, figures) in rows {
            html += "<tr><th>\(label)</th>" + figures.shown.map { "<td class=\"num\">\(FigureFormat.milliseconds($0.milliseconds))</td>" }.joined()
                + "<td class=\"num\">\(FigureFormat.milliseconds(figures.mean))</td><td class=\"num\">\(FigureFormat.count(figures.count))</td></tr>\n"
        }
        html += "</tbody></table>\n"
        html += "<p class=\"note\">Load: \(HTMLText.escape(TextSummaryRenderer.loadDescription(summary.plan))). "
            + "Generator: CPU \(FigureFormat.seconds(summary.generator.cpuSeconds)) "
            + "(\(summary.generator.cpuMicrosecondsPerRequest.formatted(fractionDigits: 1)) µs per request), "
            + "\(summary.plan.workers) workers, \(HTMLText.escape(summary.plan.connectionsDescription)).</p>\n"
        return html
    }

    static func errorKinds(_ kinds: [String: UInt64]) -> String {
        kinds.sorted { (ErrorKind(rawValue: $0.key) ?? .other, $0.key) < (ErrorKind(rawValue: $1.key) ?? .other, $1.key) }
            .map { "\(ErrorKind(rawValue: $0.key)?.label ?? $0.key) \($0.value)" }.joined(separator: " · ")
    }

    // MARK: charts

    static func charts(_ report: RunResult) -> String {
        let time = TimeSeriesCharts(report)
        var figures = [time.rate(), time.latency(), time.serviceTime(), PercentileChart(report: report).figure()]
        if time.hasTokens { figures += [time.tokenTimes(), time.tokensPerSecond()] }
        figures += [time.errors(), time.scheduleLag(), time.inFlight()]
        var html = "<h2 id=\"charts\">Over time</h2>\n"
        if !report.phases.isEmpty {
            html += "<p class=\"note\">Phases: " + report.phases.map {
                "\(HTMLText.escape($0.name == "warmup" ? "warm-up (not measured)" : $0.name)) "
                    + "\(AxisScale.compact($0.startSeconds, digits: 1))–\(AxisScale.compact($0.endSeconds, digits: 1)) s"
            }.joined(separator: " · ") + ". Shaded bands on every time axis; hover a point for its values.</p>\n"
        }
        return html + figures.map(figureHTML).joined()
    }

    /// A chart with its heading, legend and caption.
    static func figureHTML(_ figure: ChartFigure) -> String {
        var html = "<figure class=\"chart\" id=\"figure-\(figure.id)\">\n<h3>\(HTMLText.escape(figure.title))</h3>\n"
        if !figure.legend.isEmpty {
            html += "<ul class=\"legend\">" + figure.legend.map { "<li>\(swatch($0))\(HTMLText.escape($0.name))</li>" }.joined() + "</ul>\n"
        }
        html += figure.svg + "\n"
        return html + "<figcaption>\(HTMLText.escape(figure.caption))</figcaption>\n</figure>\n"
    }

    /// A legend entry's sample, drawn as the chart draws what it names.
    static func swatch(_ entry: ChartFigure.LegendEntry) -> String {
        switch entry.symbol {
        case .line:
            return "<span class=\"swatch\(entry.dashed ? " dashed" : "")\" style=\"border-color: \(entry.color)\"></span>"
        case .area:
            return "<span class=\"swatch area\" style=\"border-color: \(entry.color); background-color: \(entry.color)\"></span>"
        case .mark(let shape):
            return "<svg class=\"swatch-mark\" width=\"14\" height=\"14\" viewBox=\"-7 -7 14 14\" aria-hidden=\"true\">"
                + SVGChart.symbol(shape, color: entry.color, at: 0, 0) + "</svg>"
        }
    }
}

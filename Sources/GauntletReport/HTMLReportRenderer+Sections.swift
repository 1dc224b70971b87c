import Foundation
import GauntletCore

/// The page's second look: each request template, cost, prediction quality, the embedded
/// server's resources, and the environment and configuration.
extension HTMLReportRenderer {
    static func requestsSection(_ report: RunResult) -> String {
        let summary = report.summary
        var html = "<h2 id=\"requests\">Requests</h2>\n"
        if report.requests.count > 1 || !(report.requests.keys.first.map { $0 == "request" } ?? true) {
            html += "<table><thead><tr><th>request</th><th class=\"num\">completed</th><th class=\"num\">ok</th><th class=\"num\">errors</th>"
                + "<th class=\"num\">latency p50</th><th class=\"num\">p90</th><th class=\"num\">p99</th><th class=\"num\">max</th>"
                + "<th class=\"num\">service p99</th></tr></thead><tbody>\n"
            for (name, figures) in report.requests.sorted(by: { $0.key < $1.key }) {
                html += "<tr><td><code>\(HTMLText.escape(name))</code>"
                if !figures.errorsByKind.isEmpty { html += "<div class=\"reason\">\(HTMLText.escape(errorKinds(figures.errorsByKind)))</div>" }
                html += "</td><td class=\"num\">\(FigureFormat.count(figures.completed))</td><td class=\"num\">\(FigureFormat.count(figures.ok))</td>"
                    + "<td class=\"num\">\(FigureFormat.count(figures.errors))</td>"
                    + [figures.latency.p50, figures.latency.p90, figures.latency.p99, figures.latency.max, figures.serviceTime.p99]
                    .map { "<td class=\"num\">\(FigureFormat.milliseconds($0))</td>" }.joined() + "</tr>\n"
            }
            html += "</tbody></table>\n"
        }
        let statuses = summary.requests.statusCodes.sorted { $0.key < $1.key }.map { "\($0.key) × \(FigureFormat.count($0.value))" }
        html += "<p>HTTP status: \(statuses.isEmpty ? "none received" : HTMLText.escape(statuses.joined(separator: " · ")))."
        if !summary.requests.errorsByKind.isEmpty {
            html += " Errors by kind: \(HTMLText.escape(errorKinds(summary.requests.errorsByKind)))."
        }
        if summary.requests.cancelled > 0 {
            html += " \(FigureFormat.count(summary.requests.cancelled)) requests were still in flight when the run was interrupted (not counted)."
        }
        for outage in summary.outages ?? [] {
            let text = TextSummaryRenderer.outageDescription(outage, runEnd: summary.generator.elapsedSeconds)
            html += " Outage: \(HTMLText.escape(text))."
        }
        return html + "</p>\n"
    }

    static func costSection(_ report: RunResult) -> String {
        guard let cost = report.cost else { return "" }
        var html = "<h2 id=\"cost\">Cost</h2>\n<div class=\"cards\">\n"
        let cards = [
            ("cost per 1M predictions", "\(cost.costPerMillionPredictions.formatted(fractionDigits: 4)) \(cost.currency)",
             cost.meetsObjectives.map { $0 ? "while meeting the objectives" : "objectives NOT met: this price does not hold" } ?? "no objectives judged"),
            ("cost per prediction", "\(cost.costPerPrediction.formatted(fractionDigits: 8)) \(cost.currency)", ""),
            ("capacity", "\(cost.hourlyPrice.formatted(fractionDigits: 2)) \(cost.currency)/h × \(cost.instances)", "hourly price × instances"),
            ("predictions served", "\(cost.predictionsPerSecond.formatted(fractionDigits: 1))/s",
             "\(FigureFormat.count(cost.predictions)) over \(FigureFormat.seconds(cost.windowSeconds))"),
        ]
        for card in cards {
            html += "<div class=\"card\"><div class=\"label\">\(HTMLText.escape(card.0))</div><div class=\"value\">\(HTMLText.escape(card.1))</div>"
                + "<div class=\"detail\">\(HTMLText.escape(card.2))</div></div>\n"
        }
        html += "</div>\n<p class=\"note\">Cost per prediction = hourly price × instances × measured window ÷ 3600 ÷ predictions served "
            + "(successful requests × predictions each carried).</p>\n"
        return html
    }

    static func qualitySection(_ report: RunResult) -> String {
        guard let quality = report.quality else { return "" }
        var html = "<h2 id=\"quality\">Prediction quality</h2>\n<div class=\"cards\">\n"
        for (label, value) in [("accuracy", quality.accuracy), ("precision (macro)", quality.precision),
                               ("recall (macro)", quality.recall), ("F1 (macro)", quality.f1)] {
            html += "<div class=\"card\"><div class=\"label\">\(label)</div><div class=\"value\">\(FigureFormat.percent(value))</div>"
                + "<div class=\"detail\">over \(FigureFormat.count(quality.predictions)) predictions</div></div>\n"
        }
        html += "</div>\n"
        let matrix = quality.confusion.confusion
        var predicted = quality.classes
        let extra = Set(matrix.values.flatMap(\.keys)).subtracting(predicted).sorted()
        predicted += extra
        let largest = Double(matrix.values.flatMap(\.values).max() ?? 1)
        html += "<h3>Confusion matrix</h3>\n<p class=\"note\">Rows: expected class; columns: predicted class"
            + (extra.contains("?") ? " (<code>?</code>: the prediction could not be read)" : "")
            + ". The diagonal is correct; darker cells hold more predictions.</p>\n"
        html += "<table class=\"matrix\"><thead><tr><th class=\"corner\">expected ↓ predicted →</th>"
            + predicted.map { "<th>\(HTMLText.escape($0))</th>" }.joined() + "<th>recall</th></tr></thead><tbody>\n"
        for expected in quality.classes {
            let row = matrix[expected] ?? [:]
            let total = row.values.reduce(0, +)
            html += "<tr><th>\(HTMLText.escape(expected))</th>"
            for label in predicted {
                html += matrixCell(row[label] ?? 0, largest: largest, diagonal: label == expected)
            }
            let recall = total == 0 ? 0 : Double(row[expected] ?? 0) / Double(total)
            html += "<td>\(FigureFormat.percent(recall, digits: 1))</td></tr>\n"
        }
        return html + "</tbody></table>\n"
    }

    /// A cell of a confusion matrix, darker the more it holds: blue on the diagonal, orange off it.
    static func matrixCell(_ count: some BinaryInteger, largest: Double, diagonal: Bool) -> String {
        let strength = count == 0 ? 0 : 0.12 + 0.6 * Double(count) / largest
        let hue = diagonal ? "0, 114, 178" : "213, 94, 0"
        let style = count == 0 ? "" : " style=\"background: rgba(\(hue), \(strength.formatted(fractionDigits: 2)))\(strength > 0.5 ? "; color: #fff" : "")\""
        return "<td\(style)>\(count == 0 ? "·" : String(count))</td>"
    }

    static func serverSection(_ report: RunResult) -> String {
        guard let server = report.server else { return "" }
        let mebibytes = (Double(server.peakResidentBytes) / 1_048_576).formatted(fractionDigits: 1)
        let answered = report.summary.requests.completed + report.summary.requests.warmup
        let perRequest = answered == 0 ? "—" : "\((server.cpuSeconds * 1e6 / Double(answered)).formatted(fractionDigits: 1)) µs"
        return "<h2 id=\"server\">Server resources</h2>\n<dl class=\"facts\">"
            + "<dt>server</dt><dd>\(HTMLText.escape(server.kind)) at <code>\(HTMLText.escape(server.url))</code></dd>"
            + (server.configuration.map { "<dt>configuration</dt><dd>\(HTMLText.escape($0))</dd>" } ?? "")
            + "<dt>CPU time</dt><dd>\(server.cpuSeconds.formatted(fractionDigits: 2)) s (user + system), about \(perRequest) per request (warm-up included)</dd>"
            + "<dt>peak memory</dt><dd>\(mebibytes) MiB resident (VmHWM)</dd></dl>\n"
            + "<p class=\"note\">The server ran on the same machine as the generator, so the two shared its "
            + "\(report.environment.cores) cores.</p>\n"
    }

    static func environmentSection(_ report: RunResult) -> String {
        let environment = report.environment
        let plan = report.summary.plan
        var facts: [(String, String)] = [
            ("started", FigureFormat.date(environment.startedAt)),
            ("ended", FigureFormat.date(environment.endedAt)),
            ("host", "\(environment.host) · \(environment.cores) cores · \(environment.os)"),
        ] + environment.idleFacts + [
            ("Gauntlet", environment.gauntletVersion),
            ("target", SecretRedactor.redact(plan.url.isEmpty ? "embedded reference server" : plan.url)),
            ("method", plan.method),
            ("load", TextSummaryRenderer.loadDescription(plan)),
            ("mode", plan.mode.rawValue.replacingOccurrences(of: "_", with: " ")),
            ("seed", String(plan.seed)),
            ("connections", "\(plan.connectionsDescription) across \(plan.workers) workers"),
            ("timeout", FigureFormat.seconds(plan.timeoutSeconds)),
        ] + (report.summary.httpDescription.map { [("http", $0)] } ?? [])
            + (plan.proxy.map { [("proxy", SecretRedactor.redact($0))] } ?? [])
            + (plan.sendWindowMilliseconds.map { [("send window", "\(FigureFormat.milliseconds($0)) (sends due within it share a wake-up; the wait is in their latency)")] } ?? [])
        if let scenario = report.scenario {
            facts.insert(("scenario", "\(scenario.name) (\(scenario.file))"), at: 0)
            if !scenario.secrets.isEmpty {
                facts.append(("secrets", scenario.secrets.joined(separator: ", ") + " (read from the environment; values never recorded)"))
            }
        }
        return environmentFacts(facts, scenario: report.scenario)
    }

    /// The environment section: its facts as a list, then the scenario as written (secrets
    /// redacted). The run's page and the comparison's share it.
    static func environmentFacts(_ facts: [(String, String)], scenario: RunResult.ScenarioEcho?) -> String {
        var html = "<h2 id=\"environment\">Environment and configuration</h2>\n<dl class=\"facts\">"
        for (label, value) in facts { html += "<dt>\(HTMLText.escape(label))</dt><dd>\(HTMLText.escape(value))</dd>" }
        html += "</dl>\n"
        if let scenario {
            html += "<h3>Scenario as written</h3>\n<pre class=\"source\">\(HTMLText.escape(SecretRedactor.redact(scenario.source)))</pre>\n"
        }
        return html
    }
}

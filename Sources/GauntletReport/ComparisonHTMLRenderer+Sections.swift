import Foundation
import GauntletCore

/// The comparison page's second half: paired quality, the objectives, the traffic each
/// candidate got, the block plan and the setup.
extension ComparisonHTMLRenderer {
    static func qualitySection(_ report: CompareResult) -> String {
        let baseline = report.candidates.first(where: \.baseline)?.name ?? "baseline"
        var html = "<h2 id=\"quality\">Prediction quality, on the same rows</h2>\n"
        guard report.unpaired == nil else {
            return html + "<p class=\"note\">Two saved runs cannot be paired row by row: accuracy, when both runs had labels, "
                + "is compared above as a difference of independent proportions.</p>\n"
        }
        guard !report.quality.isEmpty else {
            return html + "<p class=\"note\">No labelled predictions were paired, so quality is not compared.</p>\n"
        }
        html += "<table class=\"quality\"><thead><tr><th>candidate</th><th class=\"num\">distinct rows</th>"
            + "<th class=\"num\">accuracy</th><th class=\"num\">difference [95%]</th>"
            + "<th class=\"num\">McNemar p</th><th class=\"num\">Holm p</th><th class=\"num\">agreement</th>"
            + "<th class=\"num\">JS distance</th></tr></thead><tbody>\n"
        for quality in report.quality {
            let table = quality.paired.correctness
            var difference = quality.difference.map { ComparisonTextRenderer.points($0) } ?? "—"
            if let lower = quality.lower, let upper = quality.upper {
                difference += " [\(ComparisonTextRenderer.points(lower)), \(ComparisonTextRenderer.points(upper))]"
            }
            let cells = [
                FigureFormat.count(UInt64(table.rows)), "\(FigureFormat.percent(table.accuracyA)) → \(FigureFormat.percent(table.accuracyB))", difference,
                quality.mcnemarPValue.formatted(fractionDigits: 3), quality.adjustedPValue.map { $0.formatted(fractionDigits: 3) } ?? "—",
                FigureFormat.percent(quality.paired.agreementRate), quality.paired.distributionDistance.map { $0.formatted(fractionDigits: 4) } ?? "—",
            ]
            html += "<tr><td>\(HTMLText.escape(quality.candidate))<div class=\"reason\">McNemar: \(HTMLText.escape(quality.mcnemarMethod))</div></td>"
                + cells.map { "<td class=\"num\">\(HTMLText.escape($0))</td>" }.joined() + "</tr>\n"
        }
        html += "</tbody></table>\n"
        html += "<p class=\"note\">Accuracy: \(HTMLText.escape(baseline))'s → the candidate's. A row sent several times counts once, by its most frequent answer. The difference is the candidate's "
            + "accuracy minus the baseline's (Newcombe's interval); McNemar's test uses only the rows one got right and the other wrong; "
            + "Holm's adjustment runs over every claim in the report. The Jensen–Shannon (JS) distance, 0 to 1, compares the predicted-class distributions.</p>\n"
        for quality in report.quality { html += pairedTables(quality, baseline: baseline, report: report) }
        return html
    }

    /// Who was right (the 2 × 2 table behind McNemar's test) and what each predicted, for one candidate.
    static func pairedTables(_ quality: CompareResult.QualityComparison, baseline: String, report: CompareResult) -> String {
        let table = quality.paired.correctness
        let candidate = HTMLText.escape(quality.candidate), base = HTMLText.escape(baseline)
        var html = "<h3>\(candidate) against \(base)</h3>\n"
        // The note a relative accuracy objective carries when the rows are too few for its margin.
        for objective in report.objectives where objective.relative && objective.candidate == quality.candidate && objective.objective.hasPrefix("accuracy") {
            if let reason = objective.reason { html += "<p class=\"note warning\">\(HTMLText.escape(objective.objective)): \(HTMLText.escape(reason))</p>\n" }
        }
        if quality.paired.unpairedRows > 0 {
            html += "<p class=\"note\">\(quality.paired.unpairedRows) distinct rows were answered by only one of the two and are left out.</p>\n"
        }
        html += "<div class=\"pair-tables\"><table class=\"matrix correctness\"><thead><tr><th class=\"corner\">\(base) ↓ \(candidate) →</th>"
            + "<th>right</th><th>wrong</th></tr></thead><tbody>\n"
        let largest = Double(max(1, table.bothRight, table.onlyA, table.onlyB, table.bothWrong))
        html += "<tr><th>right</th>" + HTMLReportRenderer.matrixCell(table.bothRight, largest: largest, diagonal: true)
            + HTMLReportRenderer.matrixCell(table.onlyA, largest: largest, diagonal: false) + "</tr>\n"
        html += "<tr><th>wrong</th>" + HTMLReportRenderer.matrixCell(table.onlyB, largest: largest, diagonal: false)
            + HTMLReportRenderer.matrixCell(table.bothWrong, largest: largest, diagonal: true) + "</tr>\n"
        html += "</tbody></table>\n"
        let confusion = quality.paired.confusion
        if !confusion.isEmpty {
            let classes = Set(confusion.keys).union(confusion.values.flatMap(\.keys)).sorted()
            let most = Double(confusion.values.flatMap(\.values).max() ?? 1)
            html += "<table class=\"matrix confusion\"><thead><tr><th class=\"corner\">\(base) ↓ \(candidate) →</th>"
                + classes.map { "<th>\(HTMLText.escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
            for row in classes {
                html += "<tr><th>\(HTMLText.escape(row))</th>"
                    + classes.map { HTMLReportRenderer.matrixCell(confusion[row]?[$0] ?? 0, largest: most, diagonal: $0 == row) }.joined() + "</tr>\n"
            }
            html += "</tbody></table>\n"
        }
        html += "</div>\n<p class=\"note\">Left: rows each got right or wrong (off the diagonal, McNemar's b = \(table.onlyA) and c = \(table.onlyB)). "
            + "Right: the class each predicted for the same row (rows: \(base)'s, columns: \(candidate)'s); the diagonal is agreement (\(FigureFormat.percent(quality.paired.agreementRate))).</p>\n"
        return html
    }

    static func objectivesSection(_ report: CompareResult) -> String {
        var html = "<h2 id=\"objectives\">Objectives</h2>\n"
        guard !report.objectives.isEmpty else {
            return html + "<p class=\"note\">This comparison had no objectives, so there is no verdict; the figures above stand on their own.</p>\n"
        }
        let anyKey = report.objectives.contains(where: \.key)
        html += "<table class=\"objectives\"><thead><tr><th>verdict</th><th>candidate</th><th>objective</th>"
            + "<th class=\"num\">measured</th><th class=\"num\">95% interval</th><th class=\"num\">threshold</th><th class=\"num\">samples</th></tr></thead><tbody>\n"
        for objective in report.objectives {
            let format = { (value: Double) in
                objective.relative ? ComparisonTextRenderer.relative(value, unit: objective.unit) : FigureFormat.value(value, unit: objective.unit)
            }
            let interval = objective.lower.flatMap { low in objective.upper.map { "[\(format(low)), \(format($0))]" } } ?? "—"
            html += "<tr class=\"\(report.fails(objective) ? "missed" : "")\"><td>\(HTMLReportRenderer.badge(objective.verdict))</td>"
                + "<td>\(HTMLText.escape(objective.candidate))</td><td><code>\(HTMLText.escape(objective.objective))</code>"
            html += "<span class=\"key\">\(objective.relative ? "relative" : "absolute")</span>"
            if anyKey { html += objective.key ? "<span class=\"key\">KEY</span>" : "<span class=\"key\">advisory</span>" }
            if let reason = objective.reason { html += "<div class=\"reason\">\(HTMLText.escape(reason))</div>" }
            html += "</td>"
            html += [objective.measured.map(format) ?? "—", interval, format(objective.threshold),
                     "\(FigureFormat.count(objective.samples)) \(ComparisonTextRenderer.basis(objective))"]
                .map { "<td class=\"num\">\(HTMLText.escape($0))</td>" }.joined() + "</tr>\n"
        }
        html += "</tbody></table>\n"
        if report.unpaired != nil {
            return html + "<p class=\"note\">Each saved run's objectives keep the verdicts that run gave them; a relative objective "
                + "is inconclusive, since two runs at different times have no interval to judge it on.</p>\n"
        }
        return html + "<p class=\"note\">An absolute objective is judged on each candidate's pooled figure. A relative one, against the baseline, passes when its whole interval meets the threshold, fails when none of it does, "
            + "and is inconclusive otherwise: never judged on the point estimate."
            + (anyKey ? " Only KEY objectives gate; a missed advisory objective counts as a warning." : "") + "</p>\n"
    }

    static func trafficSection(_ report: CompareResult) -> String {
        if let unpaired = report.unpaired { return savedRunsSection(report, unpaired) }
        let baseline = report.candidates.first(where: \.baseline)
        var html = "<h2 id=\"traffic\">Traffic</h2>\n<table class=\"traffic\"><thead><tr><th>candidate</th><th class=\"num\">arrivals</th>"
            + "<th>digest</th><th>same as the baseline's</th></tr></thead><tbody>\n"
        for candidate in report.candidates {
            let same = candidate.baseline ? "(the baseline)" : ComparisonTextRenderer.sameTraffic(candidate, baseline) ? "identical" : "DIFFERS"
            html += "<tr><td>\(HTMLText.escape(candidate.name))</td><td class=\"num\">\(FigureFormat.count(candidate.traffic.arrivals))</td>"
                + "<td><code>\(HTMLText.escape(candidate.traffic.hex))</code></td>"
                + "<td class=\"\(same == "DIFFERS" ? "call-worse" : "")\">\(same)</td></tr>\n"
        }
        html += "</tbody></table>\n"
        return html + "<p class=\"note\">The digest covers (arrival index, intended offset, data rows) of every arrival sent: equal digests "
            + "mean identical traffic. A candidate whose blocks were missing or cut short shows no arrivals.</p>\n"
    }

    /// Two saved runs: which reports, when and where they ran, and whether they were sent the same
    /// schedule (a run report keeps the schedule's digest, not the data rows').
    static func savedRunsSection(_ report: CompareResult, _ unpaired: UnpairedNotes) -> String {
        var html = "<h2 id=\"traffic\">Runs compared</h2>\n<table class=\"traffic\"><thead><tr><th>run</th><th>report</th>"
            + "<th>started</th><th>host</th><th class=\"num\">arrivals</th><th>schedule digest</th></tr></thead><tbody>\n"
        for candidate in report.candidates {
            let environment = candidate.result.environment
            html += "<tr><td>\(HTMLText.escape(candidate.name))</td><td><code>\(HTMLText.escape(candidate.report ?? "—"))</code></td>"
                + "<td>\(HTMLText.escape(FigureFormat.date(environment.startedAt)))</td><td>\(HTMLText.escape(environment.host))</td>"
                + "<td class=\"num\">\(candidate.result.schedule.map { FigureFormat.count($0.arrivals) } ?? "—")</td>"
                + "<td><code>\(HTMLText.escape(candidate.result.schedule?.hex ?? "none kept"))</code></td></tr>\n"
        }
        html += "</tbody></table>\n"
        let schedule = switch unpaired.sameSchedule {
        case true?: "Equal schedule digests: both runs were sent the same arrivals at the same offsets (the digest does not cover data rows)."
        case false?: "The schedule digests differ: the runs were not sent the same arrivals."
        case nil: "A report holds no schedule digest: whether the runs were sent the same arrivals is unknown."
        }
        return html + "<p class=\"note\">\(HTMLText.escape(schedule)) \(HTMLText.escape(VerdictSummary.sentence(unpaired.caveat)))</p>\n"
    }

    static func blocksSection(_ report: CompareResult) -> String {
        var html = "<h2 id=\"blocks\">Block plan</h2>\n"
        html += "<p class=\"note\">" + (report.mode == "mirrored"
            ? "Mirrored: every arrival of a block went to all candidates at once."
            : "Interleaved: each block was sent to every candidate back to back, in this order, so drift hits both members of a pair.")
            + "</p>\n<table class=\"blocks narrow\"><thead><tr><th class=\"num\">block</th><th class=\"num\">from</th><th class=\"num\">to</th>"
            + "<th>order</th></tr></thead><tbody>\n"
        for block in report.blocks {
            html += "<tr><td class=\"num\">\(block.index + 1)</td><td class=\"num\">\(AxisScale.compact(block.startSeconds, digits: 1)) s</td>"
                + "<td class=\"num\">\(AxisScale.compact(block.endSeconds, digits: 1)) s</td>"
                + "<td>\(HTMLText.escape(block.order.joined(separator: " → ")))</td></tr>\n"
        }
        return html + "</tbody></table>\n"
    }

    static func environmentSection(_ report: CompareResult) -> String {
        let environment = report.environment
        var facts: [(String, String)] = [("mode", report.mode)]
        if let scenario = report.scenario { facts.insert(("scenario", "\(scenario.name) (\(scenario.file))"), at: 0) }
        if let plan = report.candidates.first(where: \.baseline)?.result.summary.plan {
            facts += [("load", TextSummaryRenderer.loadDescription(plan)), ("seed", String(plan.seed)),
                      ("connections", "\(plan.connectionsDescription) across \(plan.workers) workers"), ("timeout", FigureFormat.seconds(plan.timeoutSeconds))]
        }
        facts += [
            ("started", FigureFormat.date(environment.startedAt)), ("ended", FigureFormat.date(environment.endedAt)),
            ("host", "\(environment.host) · \(environment.cores) cores · \(environment.os)"),
        ] + environment.idleFacts + [
            ("Gauntlet", environment.gauntletVersion),
            ("judged", report.strict == true ? "--strict: a warning is a failure" : "warnings allowed"),
        ]
        return HTMLReportRenderer.environmentFacts(facts, scenario: report.scenario)
    }
}

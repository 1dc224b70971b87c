import Foundation
import GauntletCore

/// A capacity search for a CI summary: the answer, the steps as a table, the plan.
public enum CapacityMarkdownRenderer {
    public static func render(_ result: CapacityResult) -> String {
        let cell = MarkdownReportRenderer.cell
        if let candidates = result.candidates {
            var text = "### \(result.found ? "✅" : "❌") Gauntlet capacity: \(result.found ? "found" : "not found") · \(cell(result.scenario?.name ?? "capacity"))\n\n"
            text += "**\(cell(result.headline))**\n\n"
            text += "| candidate | sustains | R_max | instances | per 1M predictions at peak | |\n| --- | ---: | ---: | ---: | ---: | --- |\n"
            for candidate in candidates {
                let interval = candidate.rateMax.map { "[\($0.low.map(CapacityStep.rateText) ?? "—"), \($0.high.map(CapacityStep.rateText) ?? "…"))" } ?? "—"
                text += "| \(cell(candidate.candidate ?? "?"))\(candidate.baseline == true ? " (baseline)" : "") | "
                    + "\(candidate.sustainedRate.map(CapacityStep.rateText) ?? "none passed") | \(interval) | "
                    + "\(candidate.plan.map { String($0.instances) } ?? "—") | "
                    + "\(candidate.plan.map { CapacityTextRenderer.money($0.costPerMillionPredictionsAtPeak, $0.currency) } ?? "—") | "
                    + "\(candidate.candidate == result.best ? "**best**" : "") |\n"
            }
            for candidate in candidates {
                // Each candidate's own summary, one heading level down.
                text += "\n#" + render(candidate).replacingOccurrences(of: "Gauntlet capacity:", with: "\(cell(candidate.candidate ?? "?")):")
            }
            return text
        }
        let symbol = result.found ? "✅" : "❌"
        var text = "### \(symbol) Gauntlet capacity: \(result.found ? "found" : "not found") · \(cell(result.scenario?.name ?? "capacity"))\n\n"
        text += "**\(cell(result.headline))**\n\n"
        text += "Target: \(cell(result.target)). Search: \(cell(CapacityTextRenderer.settings(result))).\n\n"
        if !result.objectives.isEmpty {
            text += "Objectives, judged on each percentile's 95% interval: " + result.objectives.map(MarkdownReportRenderer.code).joined(separator: ", ") + "\n\n"
        }
        text += "| step | stage | offered | achieved | ok/s | p50 ms | p99 ms [95%] | errors | 503 | late sends | verdict |\n"
        text += "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n"
        for step in result.steps {
            let p99 = step.p99.map { "\($0.value.formatted(fractionDigits: 2)) [\($0.lower.formatted(fractionDigits: 2)), \($0.upper.formatted(fractionDigits: 2))]" } ?? "—"
            let verdict = step.outcome.rawValue + (step.reasons.isEmpty ? "" : ": " + step.reasons.joined(separator: "; "))
            text += "| \(step.number) | \(step.stage.rawValue)\(step.extensions > 0 ? " +\(step.extensions)" : "") | \(step.rateLabel) | "
                + "\(CapacityTextRenderer.rate(step.achievedRate)) | \(CapacityTextRenderer.rate(step.okRate)) | "
                + "\(step.p50.map { $0.value.formatted(fractionDigits: 2) } ?? "—") | \(p99) | \(step.errors) | \(step.shed) | \(step.lateSends) | \(cell(verdict)) |\n"
        }
        if let knee = result.knee { text += "\nKnee: the median latency more than doubles its low-load value past \(CapacityTextRenderer.rate(knee)).\n" }
        if let plan = result.plan {
            text += "\n| plan | value |\n| --- | ---: |\n"
            text += "| rate per instance (R_max's lower end) | \(CapacityTextRenderer.rate(plan.ratePerInstance)) |\n"
            text += "| peak | \(CapacityTextRenderer.rate(plan.peakRate)) |\n"
            if let average = plan.averageRate { text += "| average | \(CapacityTextRenderer.rate(average)) |\n" }
            text += "| headroom | \(FigureFormat.percent(plan.headroom, digits: 0)) |\n"
            text += "| instances | \(plan.instances) (\(plan.instancesForPeak) + \(plan.spares) spare) |\n"
            text += "| cost per hour | \(CapacityTextRenderer.money(plan.hourlyCost, plan.currency)) |\n"
            text += "| cost per 1M predictions at peak | \(CapacityTextRenderer.money(plan.costPerMillionPredictionsAtPeak, plan.currency)) |\n"
            if let cost = plan.costPerMillionPredictionsAtAverage {
                text += "| cost per 1M predictions at average | \(CapacityTextRenderer.money(cost, plan.currency)) |\n"
            }
        }
        if let refusal = result.planRefusal { text += "\n> **Warning:** no plan: \(cell(refusal))\n" }
        return text
    }
}

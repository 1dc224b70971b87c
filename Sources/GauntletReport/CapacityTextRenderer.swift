import Foundation
import GauntletCore

/// A capacity search for a terminal: the answer first, then one line per step, then the plan.
/// ``stepLine(_:)`` is also what `gauntlet capacity` prints as each step ends.
public enum CapacityTextRenderer {
    public static func render(_ result: CapacityResult) -> String {
        if let candidates = result.candidates {
            var text = "\(result.found ? "FOUND" : "NOT FOUND"): \(result.headline)\n\n"
            text += candidatesTable(result).joined(separator: "\n") + "\n"
            for candidate in candidates {
                text += "\n── candidate \(candidate.candidate ?? "?")\(candidate.baseline == true ? " (baseline)" : "") ──\n" + render(candidate)
            }
            return text
        }
        var text = "\(result.found ? "FOUND" : "NOT FOUND"): \(result.headline)\n"
        text += "target: \(result.target)\n"
        if let configuration = result.serverConfiguration { text += "server: \(configuration)\n" }
        text += "objectives: \(result.objectives.isEmpty ? "none (every valid, stable step passes)" : result.objectives.joined(separator: "; "))\n"
        text += "search: \(settings(result))\n\n"
        text += header + "\n"
        for step in result.steps { text += stepLine(step) + "\n" }
        if let knee = result.knee { text += "\nknee: the median latency more than doubles its low-load value past \(rate(knee))\n" }
        if let plan = result.plan { text += "\n" + planLines(plan).joined(separator: "\n") + "\n" }
        if let refusal = result.planRefusal { text += "\nplan: not made: \(refusal)\n" }
        return text
    }

    /// A line per candidate: what it sustains, its R_max, and its plan's instances and cost.
    static func candidatesTable(_ result: CapacityResult) -> [String] {
        let rows = (result.candidates ?? []).map { candidate -> [String] in
            let interval = candidate.rateMax.map { "[\($0.low.map(rate) ?? "—"), \($0.high.map(rate) ?? "…"))" } ?? "—"
            let plan = candidate.plan
            return [
                (candidate.candidate ?? "?") + (candidate.baseline == true ? " (baseline)" : ""),
                candidate.sustainedRate.map(rate) ?? "none passed", interval,
                plan.map { "\($0.instances)" } ?? "—", plan.map { money($0.costPerMillionPredictionsAtPeak, $0.currency) } ?? "—",
                candidate.candidate == result.best ? "best" : "",
            ]
        }
        let header = ["candidate", "sustains", "R_max", "instances", "per 1M at peak", ""]
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            row.enumerated().map { pad($0.element, widths[$0.offset]) }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }

    static func settings(_ result: CapacityResult) -> String {
        let s = result.settings
        var parts: [String] = []
        if let levels = s.concurrency {
            parts.append("closed loop at concurrency \(levels.map(String.init).joined(separator: ", "))")
        } else {
            let burstiness = s.burstiness.map { " (burstiness \($0.compact))" } ?? ""
            parts.append("\(s.arrivals) arrivals\(burstiness) from \(rate(s.startRate ?? 0)) up to \(rate(s.maxRate ?? 0)), resolution \(s.resolution ?? "—")")
        }
        parts.append("steps of \(FigureFormat.seconds(s.stepSeconds)) after \(FigureFormat.seconds(s.warmupSeconds)) warm-up, up to \(s.extensions) extension\(s.extensions == 1 ? "" : "s")")
        parts.append("\(s.connections) connections, \(s.workers) worker\(s.workers == 1 ? "" : "s")")
        return parts.joined(separator: "; ")
    }

    public static let header = "step stage      offered          achieved  p50 ms    p99 ms [95% interval]        errors  late    verdict"

    /// `3  bracket  400/s  399.8/s  0.41  1.93 [1.80, 2.10]  0  0  pass`, and the reasons below a step that did not pass.
    public static func stepLine(_ step: CapacityStep) -> String {
        let p99 = step.p99.map { "\($0.value.formatted(fractionDigits: 2)) [\($0.lower.formatted(fractionDigits: 2)), \($0.upper.formatted(fractionDigits: 2))]" } ?? "—"
        let errors = step.completed == 0 ? "—" : FigureFormat.percent(Double(step.errors) / Double(step.completed))
        let late = step.completed == 0 ? "—" : FigureFormat.percent(Double(step.lateSends) / Double(step.completed), digits: 1)
        var line = [
            pad(String(step.number), 4), pad(step.stage.rawValue + (step.extensions > 0 ? "+\(step.extensions)" : ""), 10),
            pad(step.rateLabel, 16), pad(rate(step.achievedRate), 9), pad(step.p50.map { $0.value.formatted(fractionDigits: 2) } ?? "—", 9),
            pad(p99, 28), pad(errors, 7), pad(late, 7), step.outcome.rawValue,
        ].joined(separator: " ")
        for reason in step.reasons { line += "\n      \(reason)" }
        return line
    }

    static func planLines(_ plan: CapacityPlan) -> [String] {
        var lines = [
            "plan: \(plan.instances) instance\(plan.instances == 1 ? "" : "s") (\(plan.instancesForPeak) for a peak of \(rate(plan.peakRate)) at \(FigureFormat.percent(plan.headroom, digits: 0)) headroom, \(plan.spares) spare\(plan.spares == 1 ? "" : "s")), each sustaining \(rate(plan.ratePerInstance))",
            "      \(money(plan.hourlyCost, plan.currency)) per hour; per 1M predictions \(money(plan.costPerMillionPredictionsAtPeak, plan.currency)) at peak",
        ]
        if let average = plan.averageRate, let cost = plan.costPerMillionPredictionsAtAverage {
            lines[1] += ", \(money(cost, plan.currency)) at the average \(rate(average))"
        }
        return lines
    }

    static func money(_ value: Double, _ currency: String) -> String {
        "\(value.formatted(fractionDigits: value < 1 ? 4 : 2)) \(currency)"
    }

    public static func rate(_ value: Double) -> String { CapacityStep.rateText(value) }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}

import GauntletCore

/// A saved or live run for a person: the summary, each request's figures (for a scenario),
/// then each objective with what was measured, and the verdict with its reason.
public enum TextReportRenderer {
    /// - Parameter verbose: also print the failed requests the report kept (status, headers,
    ///   the start of the body, libcurl's message); without it, one line says how many.
    public static func render(_ report: RunResult, verbose: Bool = false) -> String {
        var text = ""
        if let scenario = report.scenario { text += "scenario   \(scenario.name) (\(scenario.file))\n" }
        text += TextSummaryRenderer.render(report.summary)
        if let quality = report.quality {
            text += "quality    accuracy \(percent(quality.accuracy)) · precision \(percent(quality.precision)) · recall \(percent(quality.recall)) · F1 \(percent(quality.f1)) over \(quality.predictions) predictions\n"
        }
        if let cost = report.cost {
            text += "cost       \(cost.costPerMillionPredictions.formatted(fractionDigits: 4)) \(cost.currency) per 1M predictions"
                + " (\(cost.hourlyPrice.formatted(fractionDigits: 2)) \(cost.currency)/h × \(cost.instances) at \(cost.predictionsPerSecond.formatted(fractionDigits: 1)) predictions/s)\n"
            if let perMillion = cost.costPerMillionOutputTokens {
                text += "           \(perMillion.formatted(fractionDigits: 4)) \(cost.currency) per 1M output tokens\n"
            }
        }
        if let server = report.server {
            let mebibytes = (Double(server.peakResidentBytes) / 1_048_576).formatted(fractionDigits: 1)
            text += "server     \(server.kind) at \(server.url) · CPU \(server.cpuSeconds.formatted(fractionDigits: 2))s · peak RSS \(mebibytes) MiB\n"
            if let configuration = server.configuration { text += "           \(configuration)\n" }
        }
        // Late sends have two causes; say when the host's halted CPUs may be one of them.
        if let idle = report.environment.idlePolling, !idle.held, report.summary.scheduleLag.lateSends > 0 {
            text += "host       idle CPUs were free to halt (\(idle.reason ?? "not held")): waking them adds to schedule lag\n"
        }
        let samples = report.failureSamples ?? []
        // An error of kind "other" is never left without libcurl's words.
        for sample in samples where sample.kind == ErrorKind.other.rawValue && !verbose {
            text += "other      \(sample.message ?? "no message from libcurl") (\(sample.request), at \(FigureFormat.seconds(sample.atSeconds)))\n"
            break
        }
        if verbose {
            text += FailureSamplesRenderer.text(samples)
        } else if !samples.isEmpty {
            text += "failures   \(samples.count) failed requests kept with their answers; --verbose prints them\n"
        }
        // A quick look has one request, the run itself; a scenario's requests are the scopes its objectives name.
        if report.scenario != nil { text += RequestTableRenderer.render(report) }
        guard !report.objectives.isEmpty else { return text }
        text += "\nobjectives\n"
        for objective in report.objectives {
            let measured = objective.measured.map { format($0, unit: objective.unit) } ?? "—"
            var line = "  \(TextSummaryRenderer.pad(objective.verdict.rawValue.uppercased(), 13))\(TextSummaryRenderer.pad(objective.objective, 34)) measured \(measured)"
            if objective.key { line += " · key" }
            if let reason = objective.reason { line += " · \(reason)" }
            text += line + "\n"
        }
        let verdict = VerdictSummary(report)
        text += "verdict    \(report.verdict.rawValue.uppercased()) · \(verdict.headline)\n"
        for note in verdict.notes { text += "           \(note)\n" }
        return text
    }

    /// `FAIL · 1 of 3 objectives missed: latency.p99 < 50ms`: the verdict in one line, for
    /// standard error when the summary is not printed.
    public static func verdictLine(_ report: RunResult) -> String {
        let verdict = VerdictSummary(report)
        return "\(verdict.word) · \(verdict.headline)"
    }

    static func percent(_ value: Double) -> String { (value * 100).formatted(fractionDigits: 2) + "%" }

    static func format(_ value: Double, unit: String) -> String {
        switch unit {
        case "ms": TextSummaryRenderer.milliseconds(value)
        case "fraction": (value * 100).formatted(fractionDigits: 3) + "%"
        case "per second": TextSummaryRenderer.rate(value)
        default: value.formatted(fractionDigits: value == value.rounded() ? 0 : 4)
        }
    }
}

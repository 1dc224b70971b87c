import Foundation
import GauntletCore

/// A comparison for a person in a terminal: who was compared and whether they got the same
/// traffic, each figure's paired estimate with its interval and call, paired quality, the
/// objectives with what decided them, and the verdict.
public enum ComparisonTextRenderer {
    /// Wide enough for a difference's interval, `−0.125 pt…+0.250 pt`, with room to spare.
    static let intervalWidth = 24

    /// - Parameter verbose: also print the failed requests each candidate's result kept;
    ///   without it, one line per candidate says how many.
    public static func render(_ report: CompareResult, verbose: Bool = false) -> String {
        var text = report.unpaired.map { unpairedHeader(report, $0) } ?? pairedHeader(report)

        text += "\n" + TextSummaryRenderer.pad("figure", 14) + TextSummaryRenderer.pad("candidate", 14)
            + ["baseline", "candidate", "estimate"].map { TextSummaryRenderer.pad($0, 14, right: true) }.joined()
            + TextSummaryRenderer.pad("95% interval", Self.intervalWidth, right: true)
            + ["pairs", "p (Holm)"].map { TextSummaryRenderer.pad($0, 14, right: true) }.joined()
            + "  call\n"
        for comparison in report.comparisons {
            let cells = [
                pooled(comparison.baselinePooled, comparison.figure), pooled(comparison.candidatePooled, comparison.figure),
                estimate(comparison.estimate, comparison.kind, comparison.figure),
            ].map { TextSummaryRenderer.pad($0, 14, right: true) }.joined()
                + TextSummaryRenderer.pad(interval(comparison), Self.intervalWidth, right: true)
                + [report.unpaired == nil ? String(comparison.pairs) : "—", comparison.adjustedPValue.map { $0.formatted(fractionDigits: 3) } ?? "—"]
                .map { TextSummaryRenderer.pad($0, 14, right: true) }.joined()
            text += TextSummaryRenderer.pad(comparison.figure, 14) + TextSummaryRenderer.pad(comparison.candidate, 14)
                + cells + "  \(comparison.call.rawValue)\n"
        }
        if report.unpaired != nil { text += unpairedNotes(report) }

        for quality in report.quality {
            let table = quality.paired.correctness
            text += "\nquality    \(quality.candidate) vs baseline on \(table.rows) distinct labelled rows"
                + (quality.paired.unpairedRows > 0 ? " (\(quality.paired.unpairedRows) answered by only one)" : "") + "\n"
            text += "           accuracy \(FigureFormat.percent(table.accuracyA)) → \(FigureFormat.percent(table.accuracyB))"
            if let difference = quality.difference, let lower = quality.lower, let upper = quality.upper {
                text += " · Δ \(points(difference)) [\(points(lower)), \(points(upper))]"
            }
            text += " · McNemar p \(quality.mcnemarPValue.formatted(fractionDigits: 3)) (\(quality.mcnemarMethod); b \(table.onlyA), c \(table.onlyB))\n"
            text += "           agreement \(FigureFormat.percent(quality.paired.agreementRate))"
                + (quality.paired.distributionDistance.map { " · class distributions \($0.formatted(fractionDigits: 4)) apart (Jensen–Shannon)" } ?? "") + "\n"
        }

        if !report.objectives.isEmpty {
            text += "\nobjectives\n"
            for objective in report.objectives {
                var line = "  \(TextSummaryRenderer.pad(objective.verdict.rawValue.uppercased(), 13))"
                    + TextSummaryRenderer.pad(objective.objective, 34) + TextSummaryRenderer.pad(objective.candidate, 14)
                if objective.relative {
                    let bounds = objective.lower.flatMap { low in objective.upper.map { "[\(compact(low)), \(compact($0))]" } } ?? "no interval"
                    let what = objective.unit == "ratio" ? "ratio" : "difference"
                    line += "\(what) \(objective.measured.map(compact) ?? "—") \(bounds) vs \(compact(objective.threshold)) · \(objective.samples) \(basis(objective))"
                } else {
                    line += "measured \(objective.measured.map { TextReportRenderer.format($0, unit: objective.unit) } ?? "—") · \(objective.samples) samples"
                }
                if let reason = objective.reason { line += " · \(reason)" }
                text += line + "\n"
            }
        }
        text += failures(report, verbose: verbose)
        let verdict = VerdictSummary(report)
        text += "verdict    \(verdict.word) · \(verdict.headline)\n"
        for note in verdict.notes { text += "           \(note)\n" }
        return text
    }

    /// Who was compared, over how many blocks, and whether they got the same traffic.
    static func pairedHeader(_ report: CompareResult) -> String {
        var text = ""
        let blockSeconds = report.blocks.first.map { $0.endSeconds - $0.startSeconds } ?? 0
        text += "comparison \(report.scenario.map { "\($0.name) (\($0.file))" } ?? "candidates") · \(report.mode)"
            + " · \(report.blocks.count) blocks of \(FigureFormat.seconds(blockSeconds))\n"
        let baseline = report.candidates.first(where: \.baseline)
        for candidate in report.candidates {
            text += "  \(TextSummaryRenderer.pad(candidate.name + (candidate.baseline ? " (baseline)" : ""), 24))\(candidate.target)\n"
            text += "  \(TextSummaryRenderer.pad("", 24))\(traffic(candidate, baseline: baseline))\n"
        }
        return text
    }

    /// `FAIL · 1 of 6 objectives missed: mlp: latency.p99 <= baseline * 1.5`, for standard error
    /// when the summary is not printed.
    public static func verdictLine(_ report: CompareResult) -> String {
        let verdict = VerdictSummary(report)
        return "\(verdict.word) · \(verdict.headline)"
    }

    /// Each candidate's failed requests, as `run --verbose` prints a run's.
    static func failures(_ report: CompareResult, verbose: Bool) -> String {
        var text = ""
        for candidate in report.candidates {
            let samples = candidate.result.failureSamples ?? []
            guard !samples.isEmpty else { continue }
            text += verbose
                ? "\n\(candidate.name): " + String(FailureSamplesRenderer.text(samples).dropFirst())
                : "failures   \(candidate.name): \(samples.count) failed requests kept with their answers; --verbose prints them\n"
        }
        return text
    }

    /// Whether `candidate` was sent exactly the traffic the baseline was (and some was sent).
    static func sameTraffic(_ candidate: CompareResult.CandidateResult, _ baseline: CompareResult.CandidateResult?) -> Bool {
        baseline.map { $0.traffic == candidate.traffic && candidate.traffic.arrivals > 0 } ?? false
    }

    /// `450 arrivals, digest 1f2e… (identical to the baseline's)`.
    static func traffic(_ candidate: CompareResult.CandidateResult, baseline: CompareResult.CandidateResult?) -> String {
        guard candidate.traffic.arrivals > 0 else { return "traffic not as planned (blocks missing or cut short)" }
        return "\(candidate.traffic.arrivals) arrivals, digest \(candidate.traffic.hex)"
            + (candidate.baseline ? "" : sameTraffic(candidate, baseline) ? " (identical to the baseline's)" : " (DIFFERS from the baseline's)")
    }

    static func pooled(_ value: Double, _ figure: String) -> String {
        guard value.isFinite else { return "—" }
        let figure = CompareResult.unscoped(figure)
        if ["latency", "ttft", "itl", "tpot"].contains(where: { figure.hasPrefix($0) }) { return FigureFormat.milliseconds(value) }
        if figure == "error_rate" { return FigureFormat.percent(value, digits: 3) }
        if figure == "accuracy" { return FigureFormat.percent(value) }
        return FigureFormat.rate(value)
    }

    static func estimate(_ value: Double, _ kind: CompareResult.FigureComparison.Kind, _ figure: String) -> String {
        guard value.isFinite else { return "—" }
        return kind == .ratio ? value.formatted(fractionDigits: 3) + "×" : points(value, figure: figure)
    }

    static func interval(_ comparison: CompareResult.FigureComparison) -> String {
        guard let lower = comparison.lower, let upper = comparison.upper else {
            return comparison.note == nil ? "too few pairs" : "no interval"
        }
        return comparison.kind == .ratio
            ? "\(lower.formatted(fractionDigits: 2))–\(upper.formatted(fractionDigits: 2))"
            : "\(points(lower, figure: comparison.figure))…\(points(upper, figure: comparison.figure))"
    }

    /// A difference of fractions in percentage points, signed.
    static func points(_ value: Double, figure: String = "") -> String {
        (value >= 0 ? "+" : "−") + (abs(value) * 100).formatted(fractionDigits: CompareResult.unscoped(figure) == "error_rate" ? 3 : 2) + " pt"
    }

    /// What a relative objective's samples count: block pairs, or distinct rows for accuracy.
    static func basis(_ objective: CompareResult.ObjectiveRecord) -> String {
        guard objective.relative else { return "samples" }
        return objective.objective.hasPrefix("accuracy") ? "distinct rows" : "pairs"
    }

    /// A relative objective's estimate, bound or threshold as a reader takes it: `1.234×` for a
    /// ratio, `−1.20 pt` for a difference of fractions, `+5.0ms` for one in a unit.
    static func relative(_ value: Double, unit: String) -> String {
        switch unit {
        case "ratio": value.formatted(fractionDigits: 3) + "×"
        case "fraction": points(value)
        default: FigureFormat.margin(value, unit: unit)
        }
    }

    static func compact(_ value: Double) -> String { value.formatted(fractionDigits: abs(value) < 10 ? 4 : 2) }
}


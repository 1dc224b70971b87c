import Foundation
import GauntletCore

/// A comparison for a person in a terminal: who was compared and whether they got the same
/// traffic, each figure's paired estimate with its interval and call, paired quality, the
/// objectives with what decided them, and the verdict.
public enum ComparisonTextRenderer {
    public static func render(_ report: CompareResult) -> String {
        var text = report.unpaired.map { unpairedHeader(report, $0) } ?? pairedHeader(report)

        text += "\n" + TextSummaryRenderer.pad("figure", 14) + TextSummaryRenderer.pad("candidate", 14)
            + ["baseline", "candidate", "estimate", "95% interval", "pairs", "p (Holm)"].map { TextSummaryRenderer.pad($0, 14, right: true) }.joined()
            + "  call\n"
        for comparison in report.comparisons {
            let cells = [
                pooled(comparison.baselinePooled, comparison.figure), pooled(comparison.candidatePooled, comparison.figure),
                estimate(comparison.estimate, comparison.kind, comparison.figure), interval(comparison),
                report.unpaired == nil ? String(comparison.pairs) : "—", comparison.adjustedPValue.map { $0.formatted(fractionDigits: 3) } ?? "—",
            ]
            text += TextSummaryRenderer.pad(comparison.figure, 14) + TextSummaryRenderer.pad(comparison.candidate, 14)
                + cells.map { TextSummaryRenderer.pad($0, 14, right: true) }.joined() + "  \(comparison.call.rawValue)\n"
        }
        if let unpaired = report.unpaired { text += unpairedNotes(report, unpaired) }

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
                    let basis = objective.objective.hasPrefix("accuracy") ? "distinct rows" : "pairs"
                    line += "\(what) \(objective.measured.map(compact) ?? "—") \(bounds) vs \(compact(objective.threshold)) · \(objective.samples) \(basis)"
                } else {
                    line += "measured \(objective.measured.map { TextReportRenderer.format($0, unit: objective.unit) } ?? "—") · \(objective.samples) samples"
                }
                if let reason = objective.reason { line += " · \(reason)" }
                text += line + "\n"
            }
        }
        text += "verdict    \(report.verdict.word)\n"
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
            let same = baseline.map { $0.traffic == candidate.traffic && candidate.traffic.arrivals > 0 } ?? false
            let traffic = candidate.traffic.arrivals == 0
                ? "traffic not as planned (blocks missing or cut short)"
                : "\(candidate.traffic.arrivals) arrivals, digest \(candidate.traffic.hex)"
                    + (candidate.baseline ? "" : same ? " (identical to the baseline's)" : " (DIFFERS from the baseline's)")
            text += "  \(TextSummaryRenderer.pad(candidate.name + (candidate.baseline ? " (baseline)" : ""), 24))\(candidate.target)\n"
            text += "  \(TextSummaryRenderer.pad("", 24))\(traffic)\n"
        }
        return text
    }

    static func pooled(_ value: Double, _ figure: String) -> String {
        guard value.isFinite else { return "—" }
        if figure.hasPrefix("latency") { return FigureFormat.milliseconds(value) }
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
        (value >= 0 ? "+" : "−") + (abs(value) * 100).formatted(fractionDigits: figure == "error_rate" ? 3 : 2) + " pt"
    }

    static func compact(_ value: Double) -> String { value.formatted(fractionDigits: abs(value) < 10 ? 4 : 2) }
}


import GauntletCore

/// The comparison page's charts: each figure's paired estimate with its interval (ratios and
/// differences on their own axes), and each candidate's latency block by block.
struct ComparisonCharts {
    static let ratioID = "chart-ratios", differenceID = "chart-differences", blockLatencyID = "chart-block-latency"

    let report: CompareResult
    /// Each candidate keeps its colour on every chart: the baseline blue, the others from the palette.
    let colors: [String: String]

    init(_ report: CompareResult) {
        self.report = report
        let others = ChartPalette.cycle.filter { $0 != ChartPalette.blue }
        var colors: [String: String] = [:]
        for candidate in report.candidates where candidate.baseline { colors[candidate.name] = ChartPalette.blue }
        for (index, candidate) in report.candidates.filter({ !$0.baseline }).enumerated() { colors[candidate.name] = others[index % others.count] }
        self.colors = colors
    }

    var baselineName: String { report.candidates.first(where: \.baseline)?.name ?? "baseline" }

    // MARK: estimates with their intervals

    var unpaired: Bool { report.unpaired != nil }

    func ratios() -> ChartFigure {
        forest(
            .ratio, id: Self.ratioID, title: "Candidate ÷ baseline, with 95% intervals", neutral: 1, scaledBy: 1, minimumSpan: 0.1,
            xLabel: "candidate ÷ \(baselineName) (\(unpaired ? "whole-run ratio, unpaired" : "ratio over the block pairs"))",
            tickSuffix: "×",
            caption: unpaired
                ? "Each whole-run figure of the candidate divided by the baseline's. Two runs at different times have no block "
                    + "pairs, so there is no interval and no call: drift between the runs is not cancelled."
                : "Each figure of each candidate divided by the baseline's, block pair by block pair: the dot is the "
                    + "Hodges–Lehmann estimate, the bar its 95% signed-rank interval. A bar clear of the dashed line at 1 is a "
                    + "difference; the word beside it is the call after Holm's adjustment over every claim in the report "
                    + "(~ when none survives, inconclusive when there are too few pairs). Purple ticks are relative objectives' thresholds.")
    }

    func differences() -> ChartFigure {
        forest(
            .difference, id: Self.differenceID, title: "Candidate − baseline, with 95% intervals", neutral: 0, scaledBy: 100,
            minimumSpan: 0.2,
            xLabel: "candidate − \(baselineName) (percentage points, \(unpaired ? "whole runs, unpaired" : "over the block pairs"))",
            tickSuffix: "",
            caption: unpaired
                ? "Proportions (the error rate, accuracy) of the two runs, with Newcombe's interval for independent proportions: "
                    + "it takes each request as an independent draw, so failures in bursts make it too narrow, and drift between "
                    + "the runs is not in it."
                : "Figures that can be zero (the error rate) are compared by their difference, in percentage points: "
                    + "the dot is the estimate, the bar its 95% interval, the dashed line no difference.")
    }

    /// - Parameter scale: what turns a value into the axis's unit (100: fractions into points).
    private func forest(
        _ kind: CompareResult.FigureComparison.Kind, id: String, title: String, neutral: Double, scaledBy scale: Double,
        minimumSpan: Double, xLabel: String, tickSuffix: String, caption: String
    ) -> ChartFigure {
        let comparisons = report.comparisons.filter { $0.kind == kind }
        var figures: [String] = []
        for comparison in comparisons where !figures.contains(comparison.figure) { figures.append(comparison.figure) }
        let rows = figures.flatMap { figure in
            comparisons.filter { $0.figure == figure }.map { comparison in
                let estimate = comparison.estimate.isFinite ? comparison.estimate * scale : nil
                let interval = comparison.lower.flatMap { low in comparison.upper.map { low * scale...$0 * scale } }
                let thresholds = report.objectives.filter {
                    $0.relative && $0.candidate == comparison.candidate && $0.objective.hasPrefix(comparison.figure + " ")
                        && ($0.unit == "ratio") == (kind == .ratio)
                }.map { (value: $0.threshold * scale, label: "objective \($0.objective)") }
                return ForestChart.Row(
                    figure: comparison.figure, candidate: comparison.candidate, color: colors[comparison.candidate] ?? ChartPalette.ink,
                    estimate: estimate, interval: interval, call: comparison.call.rawValue, summary: Self.summary(comparison),
                    tooltip: Self.tooltip(comparison), thresholds: thresholds)
            }
        }
        let chart = ForestChart(id: id, title: title, neutral: neutral, minimumSpan: minimumSpan, xLabel: xLabel, tickSuffix: tickSuffix, rows: rows)
        var legend = report.candidates.filter { !$0.baseline }.map { ChartFigure.LegendEntry(name: $0.name, color: colors[$0.name] ?? ChartPalette.ink) }
        legend.append(.init(name: "no difference", color: ChartPalette.ink, dashed: true))
        if rows.contains(where: { !$0.thresholds.isEmpty }) { legend.append(.init(name: "relative objective", color: ChartPalette.purple, dashed: true)) }
        return ChartFigure(id: id, title: title, legend: legend, caption: caption, svg: chart.render())
    }

    /// `1.234× [1.10–1.40]`, or what is missing.
    static func summary(_ comparison: CompareResult.FigureComparison) -> String {
        guard comparison.estimate.isFinite else { return "no estimate: no pair had the figure" }
        let estimate = ComparisonTextRenderer.estimate(comparison.estimate, comparison.kind, comparison.figure)
        return comparison.lower == nil ? "\(estimate), no interval" : "\(estimate) [\(ComparisonTextRenderer.interval(comparison))]"
    }

    static func tooltip(_ comparison: CompareResult.FigureComparison) -> String {
        var text = "\(comparison.candidate) \(comparison.figure): \(summary(comparison)) over \(comparison.pairs) pairs"
            + (comparison.lower == nil ? " (too few for a 95% interval)" : "")
        text += " · pooled: baseline \(ComparisonTextRenderer.pooled(comparison.baselinePooled, comparison.figure)), "
            + "candidate \(ComparisonTextRenderer.pooled(comparison.candidatePooled, comparison.figure))"
        if let p = comparison.pValue { text += " · p \(p.formatted(fractionDigits: 3))" }
        if let adjusted = comparison.adjustedPValue { text += ", Holm \(adjusted.formatted(fractionDigits: 3))" }
        return text + " · \(comparison.call.rawValue)"
    }

    // MARK: latency block by block

    func blockLatency() -> ChartFigure {
        let spans = report.blocks.sorted { $0.startSeconds < $1.startSeconds }
        let starts = Dictionary(spans.map { ($0.index, $0) }, uniquingKeysWith: { first, _ in first })
        var values: [Double] = []
        for candidate in report.candidates {
            for block in candidate.blocks where block.ok > 0 { values += [block.latency.p50, block.latency.p99].map { $0 * 1000 } }
        }
        // An absolute objective on a charted percentile is drawn as a rule, once however many candidates it was judged for.
        var rules: [(milliseconds: Double, label: String)] = []
        for objective in report.objectives where !objective.relative && objective.unit == "ms"
            && (objective.objective.hasPrefix("latency.p99 ") || objective.objective.hasPrefix("latency.p50 "))
            && !rules.contains(where: { $0.label == "objective \(objective.objective)" }) {
            rules.append((objective.threshold, "objective \(objective.objective)"))
        }
        let domain = ValueScale.forLatency(microseconds: values, thresholdsMilliseconds: rules.map(\.milliseconds))
        let first = spans.first?.startSeconds ?? 0, last = spans.last?.endSeconds ?? 1
        var chart = SVGChart(
            id: Self.blockLatencyID, title: "Latency of each candidate, block by block",
            x: .linear(from: first, to: last), xLabel: "block start, seconds into the schedule (s)", y: domain.scale,
            yLabel: "latency of successes (\(domain.unit)\(domain.scale.kind == .logarithmic ? ", log scale" : ""))")
        chart.bands = spans.map { .init(start: $0.startSeconds, end: $0.endSeconds, label: spans.count <= 12 ? "block \($0.index + 1)" : "\($0.index + 1)", muted: false) }
        for candidate in report.candidates {
            let blocks = candidate.blocks.filter { starts[$0.block] != nil }.sorted { starts[$0.block]!.startSeconds < starts[$1.block]!.startSeconds }
            let color = colors[candidate.name] ?? ChartPalette.ink
            let tooltip = { (index: Int) -> String in
                let block = blocks[index], span = starts[block.block]!
                return "block \(block.block + 1) (\(AxisScale.compact(span.startSeconds, digits: 1))–\(AxisScale.compact(span.endSeconds, digits: 1)) s), "
                    + "\(candidate.name) sent \(Self.ordinal(block.position + 1)): p50 \(FigureFormat.milliseconds(block.latency.p50)) · "
                    + "p99 \(FigureFormat.milliseconds(block.latency.p99)) over \(block.ok) successes of \(block.completed)"
            }
            for (label, percentile, dashed) in [("p99", \LatencyFigures.p99, false), ("p50", \LatencyFigures.p50, true)] {
                chart.series.append(.init(
                    name: "\(candidate.name) \(label)", color: color,
                    points: blocks.map { (x: starts[$0.block]!.startSeconds, y: $0.ok > 0 ? $0.latency[keyPath: percentile] * 1000 / domain.divisor : nil) },
                    dashed: dashed, tooltip: tooltip))
            }
        }
        for rule in rules { chart.rules.append(.init(value: rule.milliseconds * 1000 / domain.divisor, label: rule.label, color: ChartPalette.purple)) }
        if values.isEmpty { chart.note = "no block had a successful request" }
        return ChartFigure(
            id: chart.id, title: "Latency block by block", legend: chart.legend,
            caption: "p99 (solid) and p50 (dashed) of each candidate's successful requests in each block, at the block's start. "
                + "Every candidate was sent the same arrivals in a block; drift that moves all lines together is what the pairing cancels.",
            svg: chart.render())
    }

    /// 1st, 2nd, 3rd, 4th …
    static func ordinal(_ number: Int) -> String {
        let suffix = (11...13).contains(number % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][number % 10] ?? "th"
        return "\(number)\(suffix)"
    }
}

/// Paired estimates as a forest plot: one row per figure and candidate, the 95% interval as a
/// bar, the estimate as a dot, a dashed line where there is no difference, the threshold of a
/// relative objective as a tick on its row, and the call written beside each row so the plot
/// reads without hovering. With several candidates, each row names its candidate on the left. Drawn on an ``AxisScale`` with ``SVGChart``'s width, fonts and
/// markup (`class="series"` on what carries data), so it sits on the page like the other charts.
struct ForestChart {
    struct Row {
        var figure: String
        var candidate: String
        var color: String
        /// nil when there is no estimate at all (no pair had the figure).
        var estimate: Double?
        var interval: ClosedRange<Double>?
        var call: String
        /// The estimate and interval in words, beside the row: `1.23× [1.10, 1.40]`.
        var summary: String
        var tooltip: String
        var thresholds: [(value: Double, label: String)] = []
    }

    static let labelWidth = 230.0, callWidth = 250.0, top = 30.0, bottom = 46.0, rowHeight = 26.0
    /// Characters of a candidate's name beside its row before it is cut short (12 px text), so
    /// it stays clear of the figure's name at the left edge.
    static let nameCharacters = 18

    var id: String
    var title: String
    /// Where there is no difference: 1 for a ratio, 0 for a difference.
    var neutral: Double
    /// The narrowest axis span, so identical values do not blow a rounding error up to full width.
    var minimumSpan: Double
    var xLabel: String
    var tickSuffix: String
    var rows: [Row]

    var height: Double { Self.top + Double(max(rows.count, 1)) * Self.rowHeight + Self.bottom }
    private var plotLeft: Double { Self.labelWidth }
    private var plotRight: Double { SVGChart.width - Self.callWidth }

    var scale: AxisScale {
        var values = [neutral]
        for row in rows {
            values += [row.estimate, row.interval?.lowerBound, row.interval?.upperBound].compactMap { $0 }
            values += row.thresholds.map(\.value)
        }
        let finite = values.filter(\.isFinite)
        let low = finite.min() ?? neutral, high = finite.max() ?? neutral
        let pad = max((high - low) * 0.06, (minimumSpan - (high - low)) / 2)
        return .linear(from: low - pad, to: high + pad, targetTicks: 6)
    }

    private func px(_ value: Double, _ scale: AxisScale) -> Double { plotLeft + scale.fraction(value) * (plotRight - plotLeft) }

    /// Whether the candidate is worth naming on each row: only when several are compared.
    private var namesCandidates: Bool { Set(rows.map(\.candidate)).count > 1 }

    func render() -> String {
        let c = HTMLText.coordinate, scale = self.scale
        let plotBottom = Self.top + Double(rows.count) * Self.rowHeight
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-svg\" id=\"\(id)\" data-chart=\"\(id)\""
            + " viewBox=\"0 0 \(c(SVGChart.width)) \(c(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\">"
        svg += "<title>\(HTMLText.escape(title))</title>"
        // Rows of one figure share a shade, so a figure's candidates read as a group.
        var shaded = true, previous: String?
        for (index, row) in rows.enumerated() {
            if row.figure != previous { shaded.toggle() }
            previous = row.figure
            if shaded {
                svg += "<rect x=\"0\" y=\"\(c(Self.top + Double(index) * Self.rowHeight))\" width=\"\(c(SVGChart.width))\" height=\"\(c(Self.rowHeight))\" fill=\"#f4f6f9\"/>"
            }
        }
        svg += "<g class=\"grid\" stroke=\"#dfe3e8\" stroke-width=\"1\">"
        for tick in scale.ticks where (0...1).contains(scale.fraction(tick.value)) {
            svg += "<line x1=\"\(c(px(tick.value, scale)))\" y1=\"\(c(Self.top))\" x2=\"\(c(px(tick.value, scale)))\" y2=\"\(c(plotBottom))\"/>"
        }
        svg += "</g>"
        let reference = px(neutral, scale)
        svg += "<line class=\"rule\" x1=\"\(c(reference))\" y1=\"\(c(Self.top - 6))\" x2=\"\(c(reference))\" y2=\"\(c(plotBottom))\" stroke=\"\(ChartPalette.ink)\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"><title>no difference</title></line>"
        svg += "<text x=\"\(c(reference))\" y=\"\(c(Self.top - 10))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#4a5563\">no difference</text>"
        for (index, row) in rows.enumerated() { svg += render(row, at: Self.top + (Double(index) + 0.5) * Self.rowHeight, scale: scale, firstOfFigure: index == 0 || rows[index - 1].figure != row.figure) }
        if rows.isEmpty {
            svg += "<text class=\"note\" x=\"\(c((plotLeft + plotRight) / 2))\" y=\"\(c(Self.top + Self.rowHeight / 2 + 5))\" text-anchor=\"middle\" font-size=\"15\" fill=\"#5b6470\">nothing compared</text>"
        }
        svg += "<g class=\"axes\" font-size=\"12\" fill=\"#333c48\">"
        svg += "<line x1=\"\(c(plotLeft))\" y1=\"\(c(plotBottom))\" x2=\"\(c(plotRight))\" y2=\"\(c(plotBottom))\" stroke=\"#5b6470\"/>"
        for tick in scale.ticks where (-0.001...1.001).contains(scale.fraction(tick.value)) {
            let position = px(tick.value, scale)
            svg += "<line x1=\"\(c(position))\" y1=\"\(c(plotBottom))\" x2=\"\(c(position))\" y2=\"\(c(plotBottom + 5))\" stroke=\"#5b6470\"/>"
            svg += "<text x=\"\(c(position))\" y=\"\(c(plotBottom + 19))\" text-anchor=\"middle\">\(HTMLText.escape(tick.label + tickSuffix))</text>"
        }
        svg += "<text class=\"axis-label\" x=\"\(c((plotLeft + plotRight) / 2))\" y=\"\(c(height - 8))\" text-anchor=\"middle\" font-size=\"13\">\(HTMLText.escape(xLabel))</text>"
        return svg + "</g></svg>"
    }

    private func render(_ row: Row, at y: Double, scale: AxisScale, firstOfFigure: Bool) -> String {
        let c = HTMLText.coordinate
        var svg = ""
        if firstOfFigure {
            svg += "<text x=\"8\" y=\"\(c(y + 4))\" font-size=\"12.5\" font-weight=\"600\" fill=\"#333c48\">\(HTMLText.escape(row.figure))</text>"
        }
        if namesCandidates {
            let name = row.candidate.count > Self.nameCharacters ? String(row.candidate.prefix(Self.nameCharacters - 1)) + "…" : row.candidate
            svg += "<text x=\"\(c(plotLeft - 10))\" y=\"\(c(y + 4))\" text-anchor=\"end\" font-size=\"12\" fill=\"\(row.color)\">"
                + "\(HTMLText.escape(name))<title>\(HTMLText.escape(row.candidate))</title></text>"
        }
        for threshold in row.thresholds {
            svg += "<line class=\"threshold\" x1=\"\(c(px(threshold.value, scale)))\" y1=\"\(c(y - 10))\" x2=\"\(c(px(threshold.value, scale)))\" y2=\"\(c(y + 10))\""
                + " stroke=\"\(ChartPalette.purple)\" stroke-width=\"2.5\" stroke-dasharray=\"4 2\"><title>\(HTMLText.escape(threshold.label))</title></line>"
        }
        let tooltip = "<title>\(HTMLText.escape(row.tooltip))</title>"
        if let interval = row.interval {
            svg += "<path class=\"series\" data-mark=\"interval\" data-series=\"\(HTMLText.escape(row.candidate))\" d=\"M\(c(px(interval.lowerBound, scale))) \(c(y))H\(c(px(interval.upperBound, scale)))\""
                + " stroke=\"\(row.color)\" stroke-width=\"4\" stroke-linecap=\"round\" stroke-opacity=\"0.55\">\(tooltip)</path>"
        }
        if let estimate = row.estimate, estimate.isFinite {
            // A zero-length line with a round cap is a dot, and counts as drawn data like any series.
            svg += "<path class=\"series\" data-mark=\"estimate\" data-series=\"\(HTMLText.escape(row.candidate))\" d=\"M\(c(px(estimate, scale))) \(c(y))l0.01 0\""
                + " stroke=\"\(row.color)\" stroke-width=\"11\" stroke-linecap=\"round\">\(tooltip)</path>"
        }
        svg += "<text x=\"\(c(plotRight + 14))\" y=\"\(c(y + 4))\" font-size=\"12\" fill=\"#5b6470\">"
            + "<tspan class=\"call-\(callClass(row.call))\" font-weight=\"700\">\(HTMLText.escape(row.call))</tspan> \(HTMLText.escape(row.summary))\(tooltip)</text>"
        return svg
    }

    /// `~` is not a class name; the rest are.
    private func callClass(_ call: String) -> String { call == "~" ? "same" : call }
}

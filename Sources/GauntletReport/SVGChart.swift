/// A chart drawn as SVG by our own code: lines or stacked bars over two ``AxisScale``s, with
/// the run's phases as bands on the time axis, threshold rules, and a tooltip (`<title>`) on
/// each point, so it reads without a script, offline and on paper. Shaded spans, vertical rules
/// and points marked in plain sight are drawn by SVGChart+Marks.swift.
struct SVGChart {
    static let width = 960.0
    static let height = 300.0
    static let left = 72.0, right = 24.0, top = 30.0, bottom = 50.0
    /// More points than this per series and the hover markers are left out, to keep the page light.
    static let maximumMarkers = 400

    struct Series {
        var name: String
        var color: String
        var points: [(x: Double, y: Double?)]
        var dashed = false
        /// The tooltip of each point, by index; nil for none.
        var tooltip: ((Int) -> String)? = nil
        /// False for hover points only, with no line between them.
        var drawsLine = true
        /// The points with a tooltip drawn as dots, not only on hover: a line through a few
        /// measured steps then shows where the measurements are.
        var showsPoints = false
    }

    /// A column of stacked bars from `start` to `end` on the x axis.
    struct Column {
        var start: Double
        var end: Double
        /// One value for each key, in key order.
        var values: [Double]
        var tooltip: String
    }

    struct Band {
        var start: Double
        var end: Double
        var label: String
        /// Warm-up: drawn grey, not measured.
        var muted: Bool
    }

    struct Rule {
        var value: Double
        var label: String
        var color: String
    }

    /// A stretch of the x axis shaded in a colour and named above the plot, e.g. an interval the
    /// answer lies in. Unlike a ``Band`` it is not one of a sequence that tiles the axis.
    struct Span {
        var start: Double
        var end: Double
        var label: String
        var color: String
    }

    /// A vertical line at a value of the x axis, named beside its top, e.g. where a curve bends.
    struct XRule {
        var value: Double
        var label: String
        var color: String
    }

    /// The symbol of a ``Mark``; each reads apart from the others without its colour.
    enum Shape { case circle, cross, triangle, diamond, square }

    /// A point in plain sight (not only on hover), with its shape, colour, tooltip and, when it
    /// has one, an interval drawn as a vertical error bar.
    struct Mark {
        var x: Double
        var y: Double
        var interval: ClosedRange<Double>?
        var shape: Shape
        var color: String
        var tooltip: String
        /// A few characters beside the point (`c=8`), when the x axis alone does not say which it is.
        var label: String? = nil
    }

    var id: String
    var title: String
    var x: AxisScale
    var xLabel: String
    var y: AxisScale
    var yLabel: String
    var series: [Series] = []
    var barKeys: [(name: String, color: String)] = []
    var columns: [Column] = []
    var bands: [Band] = []
    var rules: [Rule] = []
    /// Rules named at the left end instead of the right, for a chart whose data crowd the right
    /// (latency against throughput, which climbs a wall at capacity).
    var ruleLabelsAtStart = false
    var spans: [Span] = []
    var xRules: [XRule] = []
    var marks: [Mark] = []
    /// Text across the middle of the plot, e.g. when there is nothing to draw.
    var note: String?

    var plotWidth: Double { Self.width - Self.left - Self.right }
    var plotHeight: Double { Self.height - Self.top - Self.bottom }
    func px(_ value: Double) -> Double { Self.left + x.fraction(value) * plotWidth }
    func py(_ value: Double) -> Double { Self.top + (1 - y.fraction(value)) * plotHeight }

    /// What the chart draws, for the legend beside it; a rule outside the value axis is named
    /// with where it lies, so an objective far from the data is still reported.
    var legend: [ChartFigure.LegendEntry] {
        series.filter(\.drawsLine).map { .init(name: $0.name, color: $0.color, dashed: $0.dashed) }
            + rules.map { rule in
                let position = y.fraction(rule.value)
                let suffix = position > 1 ? " (above the chart)" : position < 0 ? " (below the chart)" : ""
                return .init(name: rule.label + suffix, color: rule.color, dashed: true)
            }
            + spans.map { .init(name: $0.label, color: $0.color, symbol: .area) }
            + xRules.map { .init(name: $0.label, color: $0.color, dashed: true) }
    }

    func render() -> String {
        let c = HTMLText.coordinate
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-svg\" id=\"\(id)\" data-chart=\"\(id)\""
            + " viewBox=\"0 0 \(c(Self.width)) \(c(Self.height))\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\">"
        svg += "<title>\(HTMLText.escape(title))</title>"
        svg += "<defs><clipPath id=\"\(id)-clip\"><rect x=\"\(c(Self.left))\" y=\"\(c(Self.top))\" width=\"\(c(plotWidth))\" height=\"\(c(plotHeight))\"/></clipPath>"
        svg += "<pattern id=\"\(id)-hatch\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
        svg += "<rect width=\"8\" height=\"8\" fill=\"#eef0f3\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#d5d9df\" stroke-width=\"3\"/></pattern></defs>"
        svg += renderBands()
        svg += renderSpans()
        svg += renderGrid()
        svg += "<g clip-path=\"url(#\(id)-clip)\">"
        svg += renderColumns()
        svg += renderSeries()
        svg += renderRules()
        svg += renderXRules()
        svg += "</g>"
        svg += renderMarks()
        svg += renderMarkers()
        svg += renderAxes()
        if let note {
            svg += "<text class=\"note\" x=\"\(c(Self.left + plotWidth / 2))\" y=\"\(c(Self.top + plotHeight / 2))\" text-anchor=\"middle\" font-size=\"15\" fill=\"#5b6470\">\(HTMLText.escape(note))</text>"
        }
        return svg + "</svg>"
    }

    private func renderBands() -> String {
        let c = HTMLText.coordinate
        var svg = "<g class=\"phases\">"
        var shaded = false
        for band in bands {
            let start = max(Self.left, px(band.start)), end = min(Self.left + plotWidth, px(band.end))
            guard end > start else { continue }
            let fill = band.muted ? "url(#\(id)-hatch)" : (shaded ? "#f4f6f9" : "#ffffff")
            if !band.muted { shaded.toggle() }
            svg += "<rect x=\"\(c(start))\" y=\"\(c(Self.top))\" width=\"\(c(end - start))\" height=\"\(c(plotHeight))\" fill=\"\(fill)\">"
            svg += "<title>\(HTMLText.escape(band.label)): \(HTMLText.escape(AxisScale.label(band.start, step: 0.1)))–\(HTMLText.escape(AxisScale.label(band.end, step: 0.1))) s</title></rect>"
            if band.start > x.lower {
                svg += "<line x1=\"\(c(start))\" y1=\"\(c(Self.top - 4))\" x2=\"\(c(start))\" y2=\"\(c(Self.top + plotHeight))\" stroke=\"#8a94a3\" stroke-dasharray=\"3 3\"/>"
            }
            // A label only where it fits; the table of phases lists every one.
            let room = end - start - 6
            let text = Double(band.label.count) * 6.6 < room ? band.label : (band.label.count > 3 && room > 30 ? String(band.label.prefix(Int(room / 6.6) - 1)) + "…" : "")
            if !text.isEmpty {
                svg += "<text x=\"\(c(start + 4))\" y=\"\(c(Self.top - 8))\" font-size=\"11\" fill=\"#4a5563\">\(HTMLText.escape(text))</text>"
            }
        }
        return svg + "</g>"
    }

    private func renderGrid() -> String {
        let c = HTMLText.coordinate
        var svg = "<g class=\"grid\" stroke=\"#dfe3e8\" stroke-width=\"1\">"
        for tick in y.ticks where (0...1).contains(y.fraction(tick.value)) {
            svg += "<line x1=\"\(c(Self.left))\" y1=\"\(c(py(tick.value)))\" x2=\"\(c(Self.left + plotWidth))\" y2=\"\(c(py(tick.value)))\"/>"
        }
        return svg + "</g>"
    }

    private func renderAxes() -> String {
        let c = HTMLText.coordinate
        let baseline = Self.top + plotHeight
        var svg = "<g class=\"axes\" font-size=\"12\" fill=\"#333c48\">"
        svg += "<line x1=\"\(c(Self.left))\" y1=\"\(c(baseline))\" x2=\"\(c(Self.left + plotWidth))\" y2=\"\(c(baseline))\" stroke=\"#5b6470\"/>"
        svg += "<line x1=\"\(c(Self.left))\" y1=\"\(c(Self.top))\" x2=\"\(c(Self.left))\" y2=\"\(c(baseline))\" stroke=\"#5b6470\"/>"
        for tick in x.ticks where (-0.001...1.001).contains(x.fraction(tick.value)) {
            let position = px(tick.value)
            svg += "<line x1=\"\(c(position))\" y1=\"\(c(baseline))\" x2=\"\(c(position))\" y2=\"\(c(baseline + 5))\" stroke=\"#5b6470\"/>"
            // A label at the right edge ends there, or its second half would be cut off the chart.
            let anchor = x.fraction(tick.value) > 0.98 ? "end" : "middle"
            svg += "<text x=\"\(c(position))\" y=\"\(c(baseline + 19))\" text-anchor=\"\(anchor)\">\(HTMLText.escape(tick.label))</text>"
        }
        for tick in y.ticks where (-0.001...1.001).contains(y.fraction(tick.value)) {
            let position = py(tick.value)
            svg += "<line x1=\"\(c(Self.left - 5))\" y1=\"\(c(position))\" x2=\"\(c(Self.left))\" y2=\"\(c(position))\" stroke=\"#5b6470\"/>"
            svg += "<text x=\"\(c(Self.left - 8))\" y=\"\(c(position + 4))\" text-anchor=\"end\">\(HTMLText.escape(tick.label))</text>"
        }
        svg += "<text class=\"axis-label\" x=\"\(c(Self.left + plotWidth / 2))\" y=\"\(c(Self.height - 8))\" text-anchor=\"middle\" font-size=\"13\">\(HTMLText.escape(xLabel))</text>"
        let middle = Self.top + plotHeight / 2
        svg += "<text class=\"axis-label\" x=\"16\" y=\"\(c(middle))\" text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 16 \(c(middle)))\">\(HTMLText.escape(yLabel))</text>"
        return svg + "</g>"
    }

    private func renderColumns() -> String {
        let c = HTMLText.coordinate
        var svg = ""
        for column in columns {
            var stacked = 0.0
            let left = px(column.start), width = max(1, px(column.end) - px(column.start) - 1)
            for (index, value) in column.values.enumerated() where value > 0 {
                let bottom = py(stacked), top = py(stacked + value)
                stacked += value
                svg += "<rect class=\"series bar\" data-series=\"\(HTMLText.escape(barKeys[index].name))\" x=\"\(c(left))\" y=\"\(c(top))\" width=\"\(c(width))\" height=\"\(c(max(0.5, bottom - top)))\" fill=\"\(barKeys[index].color)\">"
                svg += "<title>\(HTMLText.escape(column.tooltip))</title></rect>"
            }
        }
        return svg
    }

    private func renderSeries() -> String {
        var svg = ""
        for series in series where series.drawsLine {
            var path = ""
            var drawing = false
            for point in series.points {
                guard let value = point.y, value.isFinite, y.kind == .linear || value > 0 else {
                    drawing = false
                    continue
                }
                path += (drawing ? "L" : "M") + HTMLText.coordinate(px(point.x)) + " " + HTMLText.coordinate(py(value))
                drawing = true
            }
            guard !path.isEmpty else { continue }
            // A lone point still shows: a zero-length line with round caps is a dot.
            if !path.dropFirst().contains("L") { path += "l0.01 0" }
            svg += "<path class=\"series\" data-series=\"\(HTMLText.escape(series.name))\" d=\"\(path)\" fill=\"none\" stroke=\"\(series.color)\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\""
                + (series.dashed ? " stroke-dasharray=\"6 4\"" : "") + "><title>\(HTMLText.escape(series.name))</title></path>"
        }
        return svg
    }

    private func renderRules() -> String {
        let c = HTMLText.coordinate
        var svg = ""
        for rule in rules where (0...1).contains(y.fraction(rule.value)) {
            let position = py(rule.value)
            svg += "<line class=\"rule\" x1=\"\(c(Self.left))\" y1=\"\(c(position))\" x2=\"\(c(Self.left + plotWidth))\" y2=\"\(c(position))\" stroke=\"\(rule.color)\" stroke-width=\"1.5\" stroke-dasharray=\"8 4\"><title>\(HTMLText.escape(rule.label))</title></line>"
            let (labelX, anchor) = ruleLabelsAtStart ? (Self.left + 4, "start") : (Self.left + plotWidth - 4, "end")
            svg += "<text x=\"\(c(labelX))\" y=\"\(c(position - 5))\" text-anchor=\"\(anchor)\" font-size=\"11\" fill=\"\(rule.color)\">\(HTMLText.escape(rule.label))</text>"
        }
        return svg
    }

    private func renderMarkers() -> String {
        let c = HTMLText.coordinate
        var svg = "<g class=\"markers\">"
        for series in series {
            guard let tooltip = series.tooltip, series.points.count <= Self.maximumMarkers else { continue }
            for (index, point) in series.points.enumerated() {
                guard let value = point.y, value.isFinite, y.kind == .linear || value > 0,
                      (0...1).contains(y.fraction(value)), (0...1).contains(x.fraction(point.x)) else { continue }
                svg += "<circle class=\"pt\" cx=\"\(c(px(point.x)))\" cy=\"\(c(py(value)))\" r=\"\(series.showsPoints ? "3" : "3.5")\" fill=\"\(series.color)\" fill-opacity=\"\(series.showsPoints ? "1" : "0")\"><title>\(HTMLText.escape(tooltip(index)))</title></circle>"
            }
        }
        return svg + "</g>"
    }
}

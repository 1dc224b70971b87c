/// What ``SVGChart`` draws besides lines and bars: shaded spans and vertical rules on the x axis,
/// and points in plain sight with a shape and an error bar. The capacity page draws its answer
/// (R_max's interval, the knee) and each step's verdict with these.
extension SVGChart {
    /// Opacity of a span's fill: light enough that the grid and the data read through it.
    static let spanOpacity = 0.16
    /// Half the width of an error bar's caps, in pixels.
    static let capHalfWidth = 4.0

    /// The outline of `shape` centred on 0,0, about 10 px across, and whether it is filled (the
    /// cross is a stroke only).
    static func path(of shape: Shape) -> (d: String, filled: Bool) {
        switch shape {
        case .circle: ("M-4.5 0a4.5 4.5 0 1 0 9 0a4.5 4.5 0 1 0 -9 0Z", true)
        case .square: ("M-4 -4H4V4H-4Z", true)
        case .triangle: ("M0 -5.5L5 3.5H-5Z", true)
        case .diamond: ("M0 -5.5L5 0L0 5.5L-5 0Z", true)
        case .cross: ("M-4 -4L4 4M-4 4L4 -4", false)
        }
    }

    /// `shape` as SVG at a point, in `color`; filled shapes get a white rim so they stand out on a line.
    static func symbol(_ shape: Shape, color: String, at x: Double, _ y: Double) -> String {
        let (d, filled) = path(of: shape)
        let paint = filled
            ? "fill=\"\(color)\" stroke=\"#ffffff\" stroke-width=\"1.2\""
            : "fill=\"none\" stroke=\"\(color)\" stroke-width=\"2.6\" stroke-linecap=\"round\""
        return "<path transform=\"translate(\(HTMLText.coordinate(x)) \(HTMLText.coordinate(y)))\" d=\"\(d)\" \(paint)/>"
    }

    func renderSpans() -> String {
        let c = HTMLText.coordinate
        var svg = "<g class=\"spans\">"
        for span in spans {
            let start = max(Self.left, px(span.start)), end = min(Self.left + plotWidth, px(span.end))
            guard end >= start else { continue }
            // A span narrower than a pixel or two (a resolved interval on a wide axis) still shows.
            let width = max(3, end - start), left = min(start, Self.left + plotWidth - width)
            svg += "<rect class=\"span\" x=\"\(c(left))\" y=\"\(c(Self.top))\" width=\"\(c(width))\" height=\"\(c(plotHeight))\""
                + " fill=\"\(span.color)\" fill-opacity=\"\(Self.spanOpacity)\" stroke=\"\(span.color)\" stroke-opacity=\"0.5\">"
                + "<title>\(HTMLText.escape(span.label))</title></rect>"
            // The name sits above the plot, centred on the span but kept inside the chart.
            let textWidth = Double(span.label.count) * 6.6
            let middle = min(max(left + width / 2, Self.left + textWidth / 2), Self.left + plotWidth - textWidth / 2)
            svg += "<text class=\"span-label\" x=\"\(c(middle))\" y=\"\(c(Self.top - 8))\" text-anchor=\"middle\" font-size=\"11\""
                + " font-weight=\"600\" fill=\"\(span.color)\">\(HTMLText.escape(span.label))</text>"
        }
        return svg + "</g>"
    }

    func renderXRules() -> String {
        let c = HTMLText.coordinate
        var svg = ""
        for rule in xRules where (0...1).contains(x.fraction(rule.value)) {
            let position = px(rule.value)
            svg += "<line class=\"x-rule\" x1=\"\(c(position))\" y1=\"\(c(Self.top))\" x2=\"\(c(position))\" y2=\"\(c(Self.top + plotHeight))\""
                + " stroke=\"\(rule.color)\" stroke-width=\"1.5\" stroke-dasharray=\"3 3\"><title>\(HTMLText.escape(rule.label))</title></line>"
            // Written on the side with more room, so a rule near the right edge keeps its label.
            let onLeft = x.fraction(rule.value) > 0.5
            svg += "<text x=\"\(c(position + (onLeft ? -5 : 5)))\" y=\"\(c(Self.top + 13))\" text-anchor=\"\(onLeft ? "end" : "start")\""
                + " font-size=\"11\" fill=\"\(rule.color)\">\(HTMLText.escape(rule.label))</text>"
        }
        return svg
    }

    func renderMarks() -> String {
        let c = HTMLText.coordinate
        var svg = "<g class=\"marks\">"
        let visible = { (value: Double, axis: AxisScale) in value.isFinite && (axis.kind == .linear || value > 0) && (0...1).contains(axis.fraction(value)) }
        for mark in marks where visible(mark.x, x) && visible(mark.y, y) {
            let cx = px(mark.x), cy = py(mark.y)
            svg += "<g class=\"mark\"><title>\(HTMLText.escape(mark.tooltip))</title>"
            if let interval = mark.interval {
                // Ends past the axis are cut at the plot's edge rather than drawn over the labels.
                let top = max(Self.top, py(interval.upperBound))
                let bottom = min(Self.top + plotHeight, y.kind == .logarithmic && interval.lowerBound <= 0 ? Self.top + plotHeight : py(interval.lowerBound))
                svg += "<path class=\"error-bar\" d=\"M\(c(cx)) \(c(top))V\(c(bottom))M\(c(cx - Self.capHalfWidth)) \(c(top))h\(c(2 * Self.capHalfWidth))"
                    + "M\(c(cx - Self.capHalfWidth)) \(c(bottom))h\(c(2 * Self.capHalfWidth))\" stroke=\"\(mark.color)\" stroke-width=\"1.5\" fill=\"none\"/>"
            }
            svg += Self.symbol(mark.shape, color: mark.color, at: cx, cy)
            if let label = mark.label {
                svg += "<text x=\"\(c(cx + 7))\" y=\"\(c(cy - 6))\" font-size=\"11\" fill=\"#4a5563\">\(HTMLText.escape(label))</text>"
            }
            svg += "</g>"
        }
        return svg + "</g>"
    }
}

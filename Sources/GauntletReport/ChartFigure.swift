/// A chart as the page shows it: the SVG, a heading, a legend and a sentence saying how to read it.
struct ChartFigure {
    struct LegendEntry {
        var name: String
        var color: String
        var dashed = false
        var symbol: Symbol = .line
    }

    /// How an entry is drawn beside its name: as the chart draws what it names.
    enum Symbol {
        /// A stroke, dashed or not: a series or a rule.
        case line
        /// A shaded patch: a ``SVGChart/Span``.
        case area
        /// A point's symbol: a ``SVGChart/Mark``.
        case mark(SVGChart.Shape)
    }

    /// `chart-rate`: the SVG's id, and what tests look for.
    var id: String
    var title: String
    var legend: [LegendEntry]
    /// How to read the chart, in plain words (HTML-escaped when rendered).
    var caption: String
    var svg: String
}

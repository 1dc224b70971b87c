import Foundation
import GauntletCore

/// The latency distribution as HdrHistogram draws it: value against percentile, the
/// percentile on a log axis of 1/(1 − p) so that 90%, 99%, 99.9% … sit evenly apart. Read
/// from the report's encoded histograms, so a saved run draws exactly what was measured.
struct PercentileChart {
    /// Points per unit of the percentile axis (per "nine").
    static let pointsPerNine = 40
    /// Beyond this many nines the plot would only repeat the maximum.
    static let maximumNines = 6
    /// Request templates drawn beside the run-wide curves, at most.
    static let maximumTemplates = 5
    /// Percentiles that get a hover marker.
    static let marked: [Double] = [50, 90, 99, 99.9, 99.99, 99.999, 100]

    struct Curve {
        var name: String
        var color: String
        var dashed: Bool
        var histogram: LatencyHistogram
    }

    let report: RunResult

    func figure() -> ChartFigure {
        var curves: [Curve] = []
        var unreadable: [String] = []
        func add(_ name: String, _ encoded: String, _ color: String, dashed: Bool = false) {
            guard let histogram = try? LatencyHistogram(base64EncodedV2: encoded) else {
                unreadable.append(name)
                return
            }
            if histogram.totalCount > 0 { curves.append(Curve(name: name, color: color, dashed: dashed, histogram: histogram)) }
        }
        add("latency (from intended)", report.histograms.latency, ChartPalette.vermillion)
        add("service time (from sent)", report.histograms.serviceTime, ChartPalette.blue)
        let templates = report.histograms.byRequest.keys.sorted()
        if templates.count > 1 {
            for (index, name) in templates.prefix(Self.maximumTemplates).enumerated() {
                add("\(name): latency", report.histograms.byRequest[name]!.latency, ChartPalette.cycle[(index + 2) % ChartPalette.cycle.count], dashed: true)
            }
        }

        let count = curves.map(\.histogram.totalCount).max() ?? 0
        let nines = min(Self.maximumNines, max(2, Int(log10(Double(max(count, 1))).rounded(.up))))
        let thresholds = report.objectives.filter { objective in
            objective.unit == "ms" && (objective.figure.hasPrefix("latency.p") || objective.figure.hasPrefix("service_time.p"))
        }
        var values: [Double] = []
        for curve in curves { values += [50, 90, 99, 100].map { Double(curve.histogram.bucketTop(atPercentile: $0)) } }
        let domain = ValueScale.forLatency(microseconds: values, thresholdsMilliseconds: thresholds.map(\.threshold))

        var svg = SVGChart(
            id: "chart-distribution", title: "Latency distribution (HdrHistogram percentile plot)",
            x: .percentile(nines: nines), xLabel: "percentile (log scale of 1/(1−p))",
            y: domain.scale, yLabel: "latency (\(domain.unit)\(domain.scale.kind == .logarithmic ? ", log scale" : ""))")
        for curve in curves {
            var points: [(x: Double, y: Double?)] = []
            var percentiles: [Double] = []
            for step in 0...(nines * Self.pointsPerNine) {
                let position = Double(step) / Double(Self.pointsPerNine)
                let percentile = 100 * (1 - pow(10, -position))
                percentiles.append(percentile)
                points.append((position, Double(curve.histogram.bucketTop(atPercentile: percentile)) / domain.divisor))
            }
            points.append((Double(nines), Double(curve.histogram.bucketTop(atPercentile: 100)) / domain.divisor))
            percentiles.append(100)
            svg.series.append(.init(name: curve.name, color: curve.color, points: points, dashed: curve.dashed))
            // Hover markers at the percentiles people quote, drawn as a series of their own.
            let marks = Self.marked.filter { $0 == 100 || AxisScale.percentilePosition($0) <= Double(nines) }
            let histogram = curve.histogram
            let markPoints = marks.map { percentile -> (x: Double, y: Double?) in
                (percentile == 100 ? Double(nines) : AxisScale.percentilePosition(percentile),
                 Double(histogram.bucketTop(atPercentile: percentile)) / domain.divisor)
            }
            let name = curve.name
            var markers = SVGChart.Series(name: "\(curve.name) markers", color: curve.color, points: markPoints) { index in
                let percentile = marks[index]
                let label = percentile == 100 ? "max" : "p" + AxisScale.compact(percentile)
                return "\(name) \(label): \(FigureFormat.milliseconds(Double(histogram.bucketTop(atPercentile: percentile)) / 1000)) of \(histogram.totalCount) requests"
            }
            markers.drawsLine = false
            svg.series.append(markers)
        }
        for objective in thresholds {
            svg.rules.append(.init(value: objective.threshold * 1000 / domain.divisor, label: "objective \(objective.objective)", color: ChartPalette.purple))
        }
        if curves.isEmpty { svg.note = unreadable.isEmpty ? "no request finished in the measurement window" : "the histograms could not be read" }
        return ChartFigure(
            id: svg.id, title: "Latency distribution",
            legend: svg.legend,
            caption: "Every measured request, from the run's HdrHistograms: the latency at each percentile. The horizontal axis "
                + "stretches the tail (90%, 99%, 99.9% … evenly spaced), where objectives are usually set. "
                + "Values are bucket tops at 3 significant digits, as in every figure of this report.",
            svg: svg.render())
    }
}

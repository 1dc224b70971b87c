import GauntletCore

/// The charts over the run's time axis, from the per-second series: offered against achieved
/// rate, latency and service time percentiles, errors by kind, schedule lag and requests in
/// flight. Every one marks the phases, so a reader sees what the load was doing at each moment.
struct TimeSeriesCharts {
    let report: RunResult
    /// Points up to the last second that saw any traffic (a trailing empty second is the run's end, not news).
    let points: [SecondPoint]
    /// Seconds per unit of the time axis: 1, or 60 for runs longer than ``minutesAfter``.
    let timeUnit: Double
    let time: AxisScale
    let bands: [SVGChart.Band]

    static let minutesAfter = 900.0

    init(_ report: RunResult) {
        self.report = report
        let series = report.summary.series
        let lastBusy = series.lastIndex { $0.sent > 0 || $0.completed > 0 } ?? -1
        points = Array(series.prefix(lastBusy + 1))
        let planEnd = report.summary.plan.warmupSeconds + report.summary.plan.durationSeconds
        let end = max(planEnd, report.phases.map(\.endSeconds).max() ?? 0, Double(points.last.map { $0.second + 1 } ?? 1))
        let unit = end > Self.minutesAfter ? 60.0 : 1.0
        timeUnit = unit
        time = AxisScale.linear(to: end / unit, targetTicks: 10)
        var bands = report.phases.map {
            SVGChart.Band(start: $0.startSeconds / unit, end: $0.endSeconds / unit,
                          label: $0.name == "warmup" ? "warm-up" : $0.name, muted: $0.name == "warmup")
        }
        let warmup = report.summary.plan.warmupSeconds
        if bands.isEmpty && warmup > 0 {
            bands = [
                SVGChart.Band(start: 0, end: warmup / unit, label: "warm-up", muted: true),
                SVGChart.Band(start: warmup / unit, end: planEnd / unit, label: "measured", muted: false),
            ]
        }
        self.bands = bands
    }

    var timeLabel: String { timeUnit == 60 ? "time since start (min)" : "time since start (s)" }

    /// The middle of a second on the time axis.
    func x(_ point: SecondPoint) -> Double { (Double(point.second) + 0.5) / timeUnit }

    func chart(_ id: String, _ title: String, y: AxisScale, yLabel: String) -> SVGChart {
        SVGChart(id: id, title: title, x: time, xLabel: timeLabel, y: y, yLabel: yLabel, bands: bands)
    }

    func at(_ point: SecondPoint) -> String { "t = \(point.second)–\(point.second + 1) s" }

    // MARK: rate

    func rate() -> ChartFigure {
        let offered = points.map { (x: x($0), y: $0.offeredRate) }
        let hasOffered = offered.contains { $0.y != nil }
        let peak = points.map { max(Double($0.sent), Double($0.completed), $0.offeredRate ?? 0) }.max() ?? 0
        var svg = chart("chart-rate", "Offered and achieved rate per second", y: .linear(to: max(1, peak)), yLabel: "requests per second (/s)")
        // Drawn from the bottom up, so where the lines coincide (a target that keeps up) the
        // dashed offered line stays visible on top of the solid ones.
        svg.series.append(.init(name: "sent", color: ChartPalette.sky, points: points.map { (x: x($0), y: Double($0.sent)) }))
        svg.series.append(.init(name: "ok", color: ChartPalette.green, points: points.map { (x: x($0), y: Double($0.completed - $0.errors)) }))
        svg.series.append(.init(name: "achieved (completed)", color: ChartPalette.blue, points: points.map { (x: x($0), y: Double($0.completed)) }) { index in
            let point = points[index]
            let offered = point.offeredRate.map { " · offered \(FigureFormat.rate($0))" } ?? ""
            return "\(at(point)): sent \(point.sent) · completed \(point.completed) · ok \(point.completed - point.errors)\(offered)"
        })
        if hasOffered {
            svg.series.append(.init(name: "offered (schedule)", color: ChartPalette.ink, points: offered, dashed: true))
        }
        if points.isEmpty { svg.note = "no requests were sent" }
        return ChartFigure(
            id: svg.id, title: "Offered vs achieved rate", legend: legend(svg),
            caption: "Requests per second, each second of the run. Offered is what the open-loop schedule asked for"
                + (hasOffered ? "" : " (none here: closed loop keeps a number of requests in flight instead)")
                + "; achieved counts requests that finished in that second, ok the successes among them. "
                + "Achieved below offered means the target (or the generator) could not keep up.",
            svg: svg.render())
    }

    // MARK: latency over time

    /// Latency and service time on one scale, so the two charts compare by eye.
    private var latencyDomain: (scale: AxisScale, divisor: Double, unit: String) {
        var values: [Double] = []
        for point in points where point.completed > 0 {
            values += [point.p50Microseconds, point.p99Microseconds].map { Double($0) }
            values += [point.p90Microseconds, point.serviceTimeP50Microseconds, point.serviceTimeP90Microseconds, point.serviceTimeP99Microseconds]
                .compactMap { $0 }.map { Double($0) }
        }
        let thresholds = timeRules(for: ["latency", "service_time"]).map(\.milliseconds)
        return ValueScale.forLatency(microseconds: values, thresholdsMilliseconds: thresholds)
    }

    func latency() -> ChartFigure {
        percentileChart(
            id: "chart-latency", title: "Latency from the intended send time",
            figure: "latency", values: { [$0.p50Microseconds, $0.p90Microseconds, $0.p99Microseconds] },
            caption: "p50, p90 and p99 of the requests that finished in each second, measured from when the schedule "
                + "said each request was due: what a user waited, including any wait inside the generator.")
    }

    func serviceTime() -> ChartFigure {
        percentileChart(
            id: "chart-service-time", title: "Service time (from the actual send)",
            figure: "service_time",
            values: { [$0.serviceTimeP50Microseconds, $0.serviceTimeP90Microseconds, $0.serviceTimeP99Microseconds] },
            caption: "The same percentiles measured from the actual send: what the server and network took. "
                + "Same scale as the latency chart; a gap between the two is time spent waiting to be sent.")
    }

    private func percentileChart(
        id: String, title: String, figure: String, values: @escaping (SecondPoint) -> [UInt64?], caption: String
    ) -> ChartFigure {
        let domain = latencyDomain
        var svg = chart(id, title, y: domain.scale, yLabel: "\(figure == "latency" ? "latency" : "service time") (\(domain.unit)\(domain.scale.kind == .logarithmic ? ", log scale" : ""))")
        let names = ["p50", "p90", "p99"], colors = [ChartPalette.green, ChartPalette.blue, ChartPalette.vermillion]
        var recorded = false
        for (index, name) in names.enumerated() {
            let series = points.map { point -> (x: Double, y: Double?) in
                guard point.completed > 0, let value = values(point)[index] else { return (x(point), nil) }
                return (x(point), Double(value) / domain.divisor)
            }
            guard series.contains(where: { $0.y != nil }) else { continue }
            recorded = true
            svg.series.append(.init(name: name, color: colors[index], points: series) { i in
                let point = points[i]
                let shown = values(point).map { $0.map { FigureFormat.milliseconds(Double($0) / 1000) } ?? "—" }
                return "\(at(point)): p50 \(shown[0]) · p90 \(shown[1]) · p99 \(shown[2]) over \(point.completed) requests"
            })
        }
        for rule in timeRules(for: [figure]) {
            svg.rules.append(.init(value: rule.milliseconds * 1000 / domain.divisor, label: rule.label, color: ChartPalette.purple))
        }
        if !recorded {
            svg.note = points.contains(where: { $0.completed > 0 })
                ? "not recorded: this report was written before per-second \(figure == "latency" ? "p90" : "service time") was kept"
                : "no request finished"
        }
        return ChartFigure(id: id, title: title, legend: legend(svg), caption: caption, svg: svg.render())
    }

    /// Run-wide objectives on a per-second-charted percentile (p50, p90, p99) of these figures.
    func timeRules(for figures: [String]) -> [(milliseconds: Double, label: String)] {
        report.objectives.compactMap { objective in
            guard objective.unit == "ms", let dot = objective.figure.firstIndex(of: "."),
                  figures.contains(String(objective.figure[..<dot])),
                  ["p50", "p90", "p99"].contains(String(objective.figure[objective.figure.index(after: dot)...])) else { return nil }
            return (objective.threshold, "objective \(objective.objective)")
        }
    }

    // MARK: errors

    func errors() -> ChartFigure {
        var kinds = Set<String>()
        for point in points { kinds.formUnion(point.errorsByKind?.keys ?? [:].keys) }
        let byKindRecorded = points.allSatisfy { $0.errors == 0 || $0.errorsByKind != nil }
        if !byKindRecorded { kinds.insert("unrecorded") }
        let keys = kinds.sorted { (ErrorKind(rawValue: $0) ?? .other, $0) < (ErrorKind(rawValue: $1) ?? .other, $1) }
        let peak = points.map { Double($0.errors) }.max() ?? 0
        var svg = chart("chart-errors", "Errors by kind per second", y: .linear(to: max(1, peak), counts: true), yLabel: "errors per second (count)")
        svg.barKeys = keys.map { key in
            (name: key == "unrecorded" ? "errors (kind not recorded)" : ErrorKind(rawValue: key)?.label ?? key,
             color: key == "unrecorded" ? ChartPalette.vermillion : ChartPalette.color(of: key))
        }
        for point in points where point.errors > 0 {
            let values = keys.map { key -> Double in
                key == "unrecorded" ? (point.errorsByKind == nil ? Double(point.errors) : 0) : Double(point.errorsByKind?[key] ?? 0)
            }
            let parts = zip(svg.barKeys, values).filter { $0.1 > 0 }.map { "\($0.0.name) \(Int($0.1))" }
            svg.columns.append(.init(
                start: Double(point.second) / timeUnit, end: Double(point.second + 1) / timeUnit, values: values,
                tooltip: "\(at(point)): \(point.errors) of \(point.completed) failed: " + parts.joined(separator: ", ")))
        }
        var legendEntries = svg.barKeys.map { ChartFigure.LegendEntry(name: $0.name, color: $0.color) }
        if peak == 0 {
            // A run without errors still shows a drawn zero, not an empty box.
            svg.series.append(.init(name: "errors", color: ChartPalette.ink, points: points.map { (x: x($0), y: Double($0.errors)) }))
            legendEntries.append(.init(name: "errors", color: ChartPalette.ink))
            svg.note = "no errors in this run"
        }
        return ChartFigure(
            id: svg.id, title: "Errors by kind", legend: legendEntries,
            caption: "Failed requests finished in each second, stacked by kind (timeouts, resets, HTTP 4xx and 5xx, failed checks …). "
                + "Every failure counts toward the error rate.",
            svg: svg.render())
    }

    // MARK: generator

    func scheduleLag() -> ChartFigure {
        let threshold = report.summary.scheduleLag.lateThresholdMilliseconds
        let recorded = points.contains { $0.scheduleLagP99Microseconds != nil }
        var values: [Double] = []
        for point in points where point.sent > 0 {
            values += [point.scheduleLagP99Microseconds, point.scheduleLagMaxMicroseconds].compactMap { $0 }.map { Double($0) }
        }
        let domain = ValueScale.forLatency(microseconds: values, thresholdsMilliseconds: [threshold])
        var svg = chart("chart-schedule-lag", "Schedule lag per second", y: domain.scale,
                        yLabel: "schedule lag (\(domain.unit)\(domain.scale.kind == .logarithmic ? ", log scale" : ""))")
        for (name, color, value) in [("p99", ChartPalette.blue, \SecondPoint.scheduleLagP99Microseconds), ("max", ChartPalette.vermillion, \SecondPoint.scheduleLagMaxMicroseconds)] {
            svg.series.append(.init(
                name: name, color: color,
                points: points.map { point in (x: x(point), y: point.sent > 0 ? point[keyPath: value].map { Double($0) / domain.divisor } : nil) }
            ) { i in
                let point = points[i]
                return "\(at(point)): \(point.sent) sent · lag p99 \(FigureFormat.milliseconds(Double(point.scheduleLagP99Microseconds ?? 0) / 1000)) · max \(FigureFormat.milliseconds(Double(point.scheduleLagMaxMicroseconds ?? 0) / 1000)) · \(point.lateSends ?? 0) late"
            })
        }
        svg.rules.append(.init(value: threshold * 1000 / domain.divisor, label: "late: > \(FigureFormat.milliseconds(threshold))", color: ChartPalette.purple))
        if !recorded { svg.note = "not recorded: this report was written before per-second schedule lag was kept" }
        return ChartFigure(
            id: svg.id, title: "Schedule lag", legend: legend(svg),
            caption: "How late the generator started the sends of each second, against their intended times. "
                + "Lag above the line means requests waited for a free connection or a busy generator: the generator, "
                + "not the server, may be the bottleneck.",
            svg: svg.render())
    }

    func inFlight() -> ChartFigure {
        let recorded = points.contains { $0.inFlight != nil }
        let plan = report.summary.plan
        let peak = Double(points.compactMap(\.inFlight).max() ?? 0)
        let cap = Double(plan.inFlightLimit)
        let showCap = cap <= max(4 * peak, 8)
        var svg = chart("chart-in-flight", "Requests in flight", y: .linear(to: max(1, showCap ? max(peak, cap) : peak), counts: true),
                        yLabel: "requests in flight (count)")
        svg.series.append(.init(
            name: "in flight", color: ChartPalette.blue, points: points.map { (x: x($0), y: $0.inFlight.map { Double($0) }) }
        ) { i in "\(at(points[i])): \(points[i].inFlight ?? 0) in flight at the second's end" })
        if showCap { svg.rules.append(.init(value: cap, label: "cap: \(plan.connectionsDescription)", color: ChartPalette.purple)) }
        if !recorded { svg.note = "not recorded: this report was written before in-flight counts were kept" }
        return ChartFigure(
            id: svg.id, title: "Requests in flight", legend: legend(svg),
            caption: "Requests sent and not yet answered as each second closed. At the connection cap, new requests queue "
                + "inside the generator (and their wait shows in latency and schedule lag).",
            svg: svg.render())
    }

    func legend(_ chart: SVGChart) -> [ChartFigure.LegendEntry] { chart.legend }
}

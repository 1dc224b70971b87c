import GauntletCore

/// The capacity page's charts for a rate search: latency against offered rate with each step's
/// verdict, the knee and R_max; what the target achieved against what was offered; and errors and
/// 503s against offered rate. A concurrency sweep's are in CapacityCharts+Sweep.swift.
struct CapacityCharts {
    static let latencyID = "chart-capacity-latency", throughputID = "chart-capacity-throughput", errorsID = "chart-capacity-errors"

    let result: CapacityResult
    /// Appended to each chart's id, so several searches' charts (one per candidate) share a page.
    var idSuffix = ""

    /// Rate steps by offered rate, one point each: the curve reads left to right, whatever order
    /// the search measured them in.
    var rateSteps: [CapacityStep] {
        result.steps.filter { $0.offeredRate != nil }.sorted { $0.offeredRate! < $1.offeredRate! }
    }

    // MARK: latency against offered rate

    func latencyCurve() -> ChartFigure {
        let steps = rateSteps
        var chart = latencyChart(
            id: Self.latencyID + idSuffix, title: "p50 and p99 latency against offered rate", steps: steps, x: { $0.offeredRate! },
            xAxis: offeredAxis,
            xLabel: "offered rate (requests/s)", markLabel: { _ in nil })
        if let span = rateMaxSpan(axis: chart.x) { chart.spans.append(span) }
        if let knee = result.knee {
            chart.xRules.append(.init(value: knee, label: "knee \(CapacityTextRenderer.rate(knee))", color: ChartPalette.ink))
        }
        return ChartFigure(
            id: chart.id, title: "Latency against offered rate", legend: chart.legend + outcomeLegend(steps),
            caption: "Latency from each request's intended send time at each step, by the rate offered: p99 (solid, its 95% "
                + "interval as the bar) and p50 (dashed). Each p99 point is drawn by its step's verdict: an invalid step is one "
                + "where the generator could not send what was asked, so its latency is partly the generator's queue. "
                + "R_max (shaded) lies between the highest rate that passed and the lowest that did not; the knee is the last rate "
                + "before p50 more than doubles its value at the lowest valid rate.",
            svg: chart.render())
    }

    /// The latency chart both modes draw: p99 and p50 through the steps in the order given, each p99
    /// point marked by the step's outcome with its interval, and the latency objectives as rules.
    func latencyChart(
        id: String, title: String, steps: [CapacityStep], x: (CapacityStep) -> Double, xAxis: AxisScale, xLabel: String,
        markLabel: (CapacityStep) -> String?
    ) -> SVGChart {
        var values: [Double] = []
        for step in steps {
            values += [step.p50?.value, step.p99?.value, step.p99?.lower, step.p99?.upper].compactMap { $0 }.map { $0 * 1000 }
        }
        let thresholds = latencyObjectives
        // The curve's low-load end is as much the point as its blow-up: the spread is measured
        // from the lowest latency, so seconds at saturation turn the axis logarithmic rather than
        // flatten the milliseconds of the passing steps onto zero.
        let domain = ValueScale.forLatency(
            microseconds: values, thresholdsMilliseconds: thresholds.map(\.milliseconds), typical: values.filter { $0 > 0 }.min())
        let scale = { (milliseconds: Double) in milliseconds * 1000 / domain.divisor }
        var chart = SVGChart(
            id: id, title: title, x: xAxis, xLabel: xLabel, y: domain.scale,
            yLabel: "latency (\(domain.unit)\(domain.scale.kind == .logarithmic ? ", log scale" : ""))")
        chart.series.append(.init(name: "p99", color: ChartPalette.ink, points: steps.map { (x($0), $0.p99.map { scale($0.value) }) }))
        var p50 = SVGChart.Series(name: "p50", color: ChartPalette.grey, points: steps.map { (x($0), $0.p50.map { scale($0.value) }) }, dashed: true) { index in
            "step \(steps[index].number) (\(steps[index].rateLabel)): p50 \(steps[index].p50.map { FigureFormat.milliseconds($0.value) } ?? "—")"
        }
        p50.showsPoints = true
        chart.series.append(p50)
        chart.marks = steps.compactMap { step in
            step.p99.map { p99 in
                let style = Self.style(step.outcome)
                return SVGChart.Mark(
                    x: x(step), y: scale(p99.value), interval: scale(p99.lower)...scale(p99.upper), shape: style.shape,
                    color: style.color, tooltip: Self.tooltip(step), label: markLabel(step))
            }
        }
        chart.rules = thresholds.map { .init(value: scale($0.milliseconds), label: "objective \($0.label)", color: ChartPalette.purple) }
        if chart.marks.isEmpty { chart.note = "no step has a latency to draw" }
        return chart
    }

    // MARK: achieved against offered

    func throughput() -> ChartFigure {
        let steps = rateSteps
        let x = offeredAxis
        // The same range up both axes, so the diagonal is at 45° and a gap reads the same everywhere.
        var chart = SVGChart(
            id: Self.throughputID + idSuffix, title: "Achieved and successful rate against offered rate", x: x,
            xLabel: "offered rate (requests/s)", y: Self.rateAxis([x.upper] + steps.map(\.achievedRate)), yLabel: "requests/s")
        // The diagonal spans the whole axis, so a step on it sits on the line wherever it is.
        chart.series.append(.init(name: "offered (y = x)", color: ChartPalette.grey, points: [(x.lower, x.lower), (x.upper, x.upper)], dashed: true))
        for (name, color, dashed, rate) in [("achieved", ChartPalette.blue, false, \CapacityStep.achievedRate), ("ok/s", ChartPalette.green, true, \CapacityStep.okRate)] {
            var series = SVGChart.Series(name: name, color: color, points: steps.map { ($0.offeredRate!, $0[keyPath: rate]) }, dashed: dashed) { index in
                Self.tooltip(steps[index])
            }
            series.showsPoints = true
            chart.series.append(series)
        }
        if let span = rateMaxSpan(axis: x) { chart.spans.append(span) }
        if steps.isEmpty { chart.note = "no rate step was measured" }
        return ChartFigure(
            id: chart.id, title: "Achieved against offered", legend: chart.legend,
            caption: "Requests finished per second (achieved) and answered successfully (ok/s) at each step, by the rate offered. "
                + "On the diagonal the target kept up; below it, requests queued or the generator fell behind, and a gap between "
                + "achieved and ok/s is failed requests.",
            svg: chart.render())
    }

    // MARK: errors and sheds

    func rateErrors() -> ChartFigure {
        let steps = rateSteps
        let x = offeredAxis
        return errors(steps: steps, x: { $0.offeredRate! }, xAxis: x, xLabel: "offered rate (requests/s)", spans: [rateMaxSpan(axis: x)].compactMap { $0 })
    }

    /// Errors and 503s as shares of completed requests, against `x` (offered rate, or concurrency).
    func errors(steps: [CapacityStep], x: (CapacityStep) -> Double, xAxis: AxisScale, xLabel: String, spans: [SVGChart.Span] = []) -> ChartFigure {
        func share(_ count: UInt64, _ step: CapacityStep) -> Double? { step.completed == 0 ? nil : 100 * Double(count) / Double(step.completed) }
        let thresholds = errorObjectives
        let highest = steps.flatMap { [share($0.errors, $0), share($0.shed, $0)].compactMap { $0 } } + thresholds.map(\.percent)
        var chart = SVGChart(
            id: Self.errorsID + idSuffix, title: "Errors and 503s as a share of completed requests", x: xAxis, xLabel: xLabel,
            y: .linear(to: highest.max() ?? 0), yLabel: "share of completed (%)")
        for (name, color, dashed, count) in [("errors (503 included)", ChartPalette.vermillion, false, \CapacityStep.errors), ("503 (shed)", ChartPalette.orange, true, \CapacityStep.shed)] {
            var series = SVGChart.Series(name: name, color: color, points: steps.map { (x($0), share($0[keyPath: count], $0)) }, dashed: dashed) { index in
                let step = steps[index]
                return "step \(step.number) (\(step.rateLabel)): \(step.errors) errors, \(step.shed) of them 503, of \(step.completed) completed"
            }
            series.showsPoints = true
            chart.series.append(series)
        }
        chart.rules = thresholds.map { .init(value: $0.percent, label: "objective \($0.label)", color: ChartPalette.purple) }
        chart.spans = spans
        if steps.allSatisfy({ $0.completed == 0 }) { chart.note = "no step completed a request" }
        return ChartFigure(
            id: chart.id, title: "Errors and 503s", legend: chart.legend,
            caption: "The share of each step's completed requests that failed, and of those answered 503 (the target shedding "
                + "load). A 503 is an error too, so the 503 line is never above the errors line; the gap between them is errors of other kinds.",
            svg: chart.render())
    }

    // MARK: shared pieces

    /// R_max's interval, shaded; an open end runs to the edge of the axis.
    func rateMaxSpan(axis: AxisScale) -> SVGChart.Span? {
        guard let interval = result.rateMax else { return nil }
        let rate = CapacityTextRenderer.rate
        switch (interval.low, interval.high) {
        case let (low?, high?):
            // `450–462.5/s`: the unit once, each end as the headline writes it.
            let label = "R_max \(rate(low).dropLast(2))–\(rate(high))"
            return .init(start: low, end: high, label: label, color: ChartPalette.green)
        case let (low?, nil): return .init(start: low, end: axis.upper, label: "R_max ≥ \(rate(low))", color: ChartPalette.green)
        case let (nil, high?): return .init(start: axis.lower, end: high, label: "R_max < \(rate(high))", color: ChartPalette.green)
        case (nil, nil): return nil
        }
    }

    /// The offered-rate axis the rate charts share, reaching R_max's upper end so its span shows.
    var offeredAxis: AxisScale { Self.rateAxis(rateSteps.map { $0.offeredRate! } + [result.rateMax?.high].compactMap { $0 }) }

    /// A rate axis from zero to a round value at or above every rate given.
    static func rateAxis(_ rates: [Double]) -> AxisScale { .linear(to: rates.filter(\.isFinite).max() ?? 0) }

    /// Run-wide latency percentile objectives (`latency.p99 < 20ms`), with their thresholds as the
    /// judge saved them on each step (milliseconds), so no objective text is parsed again here. A
    /// scoped objective (`predict.latency.p99`) is about one request, not the run-wide curve, and
    /// is left out.
    var latencyObjectives: [(milliseconds: Double, label: String)] {
        judgedObjectives { $0.objective.hasPrefix("latency.p") }.map { ($0.threshold, $0.objective) }
    }

    /// Run-wide error-rate objectives, their thresholds (fractions) as percentages.
    var errorObjectives: [(percent: Double, label: String)] {
        judgedObjectives { $0.objective.hasPrefix("error_rate ") }.map { ($0.threshold * 100, $0.objective) }
    }

    /// Every step is judged on the same objectives; the first step that has them says what they are.
    private func judgedObjectives(_ keep: (CapacityObjectiveResult) -> Bool) -> [CapacityObjectiveResult] {
        (result.steps.first { !$0.objectives.isEmpty }?.objectives ?? []).filter(keep)
    }

    /// Each outcome's name, colour and symbol on every chart of the page. Undecided (a verdict still
    /// open) only appears in a step an interrupted search left, and reads as inconclusive.
    static func style(_ outcome: CapacitySearch.Outcome) -> (name: String, color: String, shape: SVGChart.Shape) {
        switch outcome {
        case .pass: ("pass", ChartPalette.green, .circle)
        case .fail: ("fail", ChartPalette.vermillion, .cross)
        case .invalid: ("invalid (load not sent)", ChartPalette.orange, .triangle)
        case .inconclusive, .undecided: ("inconclusive", ChartPalette.blue, .diamond)
        }
    }

    /// A symbol for each verdict the steps have, in a fixed order.
    func outcomeLegend(_ steps: [CapacityStep]) -> [ChartFigure.LegendEntry] {
        var seen: [String] = []
        var entries: [ChartFigure.LegendEntry] = []
        for outcome in [CapacitySearch.Outcome.pass, .fail, .invalid, .inconclusive, .undecided] where steps.contains(where: { $0.outcome == outcome }) {
            let style = Self.style(outcome)
            guard !seen.contains(style.name) else { continue }
            seen.append(style.name)
            entries.append(.init(name: style.name, color: style.color, symbol: .mark(style.shape)))
        }
        return entries
    }

    /// A step's figures and verdict, for hovering over its point.
    static func tooltip(_ step: CapacityStep) -> String {
        var text = "step \(step.number), \(step.stage.rawValue), \(step.rateLabel): achieved \(CapacityTextRenderer.rate(step.achievedRate)), "
            + "ok \(CapacityTextRenderer.rate(step.okRate))"
        if let p50 = step.p50 { text += " · p50 \(FigureFormat.milliseconds(p50.value))" }
        if let p99 = step.p99 {
            text += " · p99 \(FigureFormat.milliseconds(p99.value)) [\(FigureFormat.milliseconds(p99.lower)), \(FigureFormat.milliseconds(p99.upper))]"
        }
        text += " · \(step.outcome.rawValue.uppercased())"
        if let reason = step.reasons.first { text += ": \(reason)" }
        return text
    }
}

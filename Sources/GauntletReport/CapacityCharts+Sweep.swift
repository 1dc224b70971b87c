import GauntletCore

/// A concurrency sweep's charts: latency against the throughput each level reached (the curve a
/// closed loop traces: more in flight buys throughput until it only buys queueing), throughput
/// against concurrency with the best level marked, and errors against concurrency.
extension CapacityCharts {
    static let sweepLatencyID = "chart-sweep-latency", sweepThroughputID = "chart-sweep-throughput"

    /// Sweep levels in order of concurrency.
    var sweepSteps: [CapacityStep] {
        result.steps.filter { $0.concurrency != nil }.sorted { $0.concurrency! < $1.concurrency! }
    }

    /// Concurrency levels are usually doubled from one to the next. Up to a fiftyfold spread a
    /// linear axis keeps the lowest levels apart; past it they are spaced by ratio, or they would
    /// crowd into the corner (a logarithmic axis spans whole decades, so it wastes room below that).
    static let logarithmicSpread = 50.0

    static func concurrencyAxis(_ levels: [Int]) -> AxisScale {
        let lowest = Double(levels.min() ?? 1), highest = Double(levels.max() ?? 1)
        return lowest > 0 && highest / lowest > logarithmicSpread ? .logarithmic(from: lowest, to: highest) : .linear(to: highest, counts: true)
    }

    func sweepLatency() -> ChartFigure {
        let steps = sweepSteps
        var chart = latencyChart(
            id: Self.sweepLatencyID + idSuffix, title: "p50 and p99 latency against throughput, one point per concurrency level", steps: steps,
            x: \.okRate, xAxis: Self.rateAxis(steps.map(\.okRate)), xLabel: "throughput (successful requests/s)",
            markLabel: { "c=\($0.concurrency!)" })
        // Past capacity the levels stack up at the right, at the most the target serves.
        chart.ruleLabelsAtStart = true
        return ChartFigure(
            id: chart.id, title: "Latency against throughput", legend: chart.legend + outcomeLegend(steps),
            caption: "Each concurrency level (c=…) at the throughput it reached: p99 (solid, its 95% interval as the bar, drawn by "
                + "the level's verdict) and p50 (dashed). Where the curve turns upward, more requests in flight only wait longer.",
            svg: chart.render())
    }

    func sweepThroughput() -> ChartFigure {
        let steps = sweepSteps
        let x = Self.concurrencyAxis(steps.map { $0.concurrency! })
        var chart = SVGChart(
            id: Self.sweepThroughputID + idSuffix, title: "Throughput against concurrency", x: x, xLabel: "concurrency (requests in flight)",
            y: Self.rateAxis(steps.map(\.achievedRate)), yLabel: "requests/s")
        chart.series.append(.init(name: "ok/s", color: ChartPalette.ink, points: steps.map { (Double($0.concurrency!), $0.okRate) }))
        var achieved = SVGChart.Series(name: "achieved", color: ChartPalette.blue, points: steps.map { (Double($0.concurrency!), $0.achievedRate) }, dashed: true) { index in
            Self.tooltip(steps[index])
        }
        achieved.showsPoints = true
        chart.series.append(achieved)
        chart.marks = steps.map { step in
            let style = Self.style(step.outcome)
            return .init(x: Double(step.concurrency!), y: step.okRate, shape: style.shape, color: style.color, tooltip: Self.tooltip(step))
        }
        if let best = result.bestConcurrency {
            chart.xRules.append(.init(value: Double(best), label: "best: concurrency \(best)", color: ChartPalette.green))
        }
        if steps.isEmpty { chart.note = "no concurrency level was measured" }
        return ChartFigure(
            id: chart.id, title: "Throughput against concurrency", legend: chart.legend + outcomeLegend(steps),
            caption: "Successful requests per second (solid, each level drawn by its verdict) and all finished requests per second "
                + "(dashed) at each concurrency level. Best is the level with the most ok/s among those that passed.",
            svg: chart.render())
    }

    func sweepErrors() -> ChartFigure {
        let steps = sweepSteps
        return errors(
            steps: steps, x: { Double($0.concurrency!) }, xAxis: Self.concurrencyAxis(steps.map { $0.concurrency! }),
            xLabel: "concurrency (requests in flight)")
    }
}

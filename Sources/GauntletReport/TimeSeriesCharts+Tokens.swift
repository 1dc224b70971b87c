import GauntletCore

/// The charts of generative answers over the run: time to first token and inter-token latency
/// (p50 and p99 of each second's answers, one scale), and output tokens per second.
extension TimeSeriesCharts {
    /// Whether the run had generative answers, so the token charts are drawn.
    var hasTokens: Bool { report.summary.tokens != nil }

    func tokenTimes() -> ChartFigure {
        var values: [Double] = []
        for point in points { if let tokens = point.tokens {
            values += [tokens.ttftP50Microseconds, tokens.ttftP99Microseconds, tokens.itlP50Microseconds, tokens.itlP99Microseconds]
                .map { Double($0) }
        } }
        let thresholds = timeRules(for: ["ttft", "itl"])
        let domain = ValueScale.forLatency(microseconds: values, thresholdsMilliseconds: thresholds.map(\.milliseconds))
        var svg = chart(
            "chart-tokens-time", "Time to first token and inter-token latency", y: domain.scale,
            yLabel: "time (\(domain.unit)\(domain.scale.kind == .logarithmic ? ", log scale" : ""))")
        let lines: [(String, String, Bool, (SecondPoint.Tokens) -> UInt64)] = [
            ("TTFT p50", ChartPalette.green, false, \.ttftP50Microseconds), ("TTFT p99", ChartPalette.vermillion, false, \.ttftP99Microseconds),
            ("ITL p50", ChartPalette.sky, true, \.itlP50Microseconds), ("ITL p99", ChartPalette.purple, true, \.itlP99Microseconds),
        ]
        for (name, color, dashed, value) in lines {
            let series = points.map { point in (x: x(point), y: point.tokens.map { Double(value($0)) / domain.divisor }) }
            svg.series.append(.init(name: name, color: color, points: series, dashed: dashed) { index in
                let point = points[index]
                guard let tokens = point.tokens else { return "\(at(point)): no answer finished" }
                func ms(_ micros: UInt64) -> String { FigureFormat.milliseconds(Double(micros) / 1000) }
                return "\(at(point)): TTFT p50 \(ms(tokens.ttftP50Microseconds)) · p99 \(ms(tokens.ttftP99Microseconds)) · "
                    + "ITL p50 \(ms(tokens.itlP50Microseconds)) · p99 \(ms(tokens.itlP99Microseconds))"
            })
        }
        for rule in thresholds {
            svg.rules.append(.init(value: rule.milliseconds * 1000 / domain.divisor, label: rule.label, color: ChartPalette.ink))
        }
        if !points.contains(where: { $0.tokens != nil }) { svg.note = "no generative answer succeeded" }
        return ChartFigure(
            id: svg.id, title: "Time to first token and inter-token latency", legend: legend(svg),
            caption: "Of the generative answers that finished in each second: time to first token (from when each request "
                + "was due, so a queue in the server or the generator shows in it) and the gaps between consecutive tokens. "
                + "TTFT rising with load while ITL holds is a queue for the batch; ITL rising is a fuller batch.",
            svg: svg.render())
    }

    func tokensPerSecond() -> ChartFigure {
        let peak = Double(points.compactMap(\.outputTokens).max() ?? 0)
        var svg = chart("chart-tokens-rate", "Output tokens per second", y: .linear(to: max(1, peak)), yLabel: "output tokens per second (/s)")
        svg.series.append(.init(
            name: "output tokens", color: ChartPalette.blue,
            points: points.map { point in (x: x(point), y: point.outputTokens.map { Double($0) }) }
        ) { index in "\(at(points[index])): \(points[index].outputTokens ?? 0) output tokens" })
        if peak == 0 { svg.note = "no generative answer succeeded" }
        return ChartFigure(
            id: svg.id, title: "Output tokens per second", legend: legend(svg),
            caption: "Output tokens of the generative answers that succeeded in each second, counted when the answer ended "
                + "(a long answer's tokens land in the second it finished).",
            svg: svg.render())
    }
}

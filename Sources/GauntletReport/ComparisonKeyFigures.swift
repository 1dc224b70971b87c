import GauntletCore

/// Each candidate's pooled key figures, one row per figure and one cell per candidate, so the
/// HTML page and the Markdown summary set the candidates side by side with the same figures.
enum ComparisonKeyFigures {
    struct Row {
        var label: String
        var cells: [String]
    }

    static func rows(_ report: CompareResult) -> [Row] {
        let candidates = report.candidates
        // Successful requests, as the blocks are compared: failing fast must not look fast.
        func latency(_ candidate: CompareResult.CandidateResult) -> LatencyFigures {
            candidate.result.summary.comparedLatency
        }
        var rows = [
            Row(label: "requests", cells: candidates.map {
                let requests = $0.result.summary.requests
                return "\(FigureFormat.count(requests.completed)) (\(FigureFormat.count(requests.ok)) ok · \(FigureFormat.count(requests.errors)) errors)"
            }),
            Row(label: "throughput (ok)", cells: candidates.map { FigureFormat.rate($0.result.summary.rate.successful) }),
            Row(label: "error rate", cells: candidates.map { FigureFormat.percent(FigureFormat.errorRate($0.result.summary.requests), digits: 3) }),
        ]
        for (label, percentile) in [("latency p50", \LatencyFigures.p50), ("latency p95", \LatencyFigures.p95),
                                    ("latency p99", \LatencyFigures.p99), ("latency p99.9", \LatencyFigures.p999)] {
            rows.append(Row(label: label, cells: candidates.map { latency($0).count == 0 ? "—" : FigureFormat.milliseconds(latency($0)[keyPath: percentile]) }))
        }
        if candidates.contains(where: { $0.result.quality != nil }) {
            rows.append(Row(label: "accuracy", cells: candidates.map { $0.result.quality.map { FigureFormat.percent($0.accuracy) } ?? "—" }))
        }
        if candidates.contains(where: { $0.result.cost != nil }) {
            rows.append(Row(label: "cost per 1M predictions", cells: candidates.map {
                $0.result.cost.map { "\($0.costPerMillionPredictions.formatted(fractionDigits: 4)) \($0.currency)" } ?? "—"
            }))
        }
        return rows
    }
}

import GauntletCore

/// The per-request table of the terminal summary: for each request of the mix, how many
/// completed, how many were ok, the errors by status (or kind, when there was no HTTP answer),
/// the latency percentiles from the intended time and the achieved rate; with generative requests,
/// also their TTFT and ITL p99.
enum RequestTableRenderer {
    static let headers = ["count", "ok", "p50", "p95", "p99", "rate"]
    static let tokenHeaders = ["ttft p99", "itl p99"]

    static func render(_ report: RunResult) -> String {
        let names = report.requests.keys.sorted()
        guard !names.isEmpty else { return "" }
        let nameWidth = max(12, (names.map(\.count).max() ?? 0) + 2)
        let window = report.summary.rate.windowSeconds
        let readsTokens = names.contains { report.requests[$0]?.tokens != nil }
        var text = "\n" + TextSummaryRenderer.pad("request", nameWidth)
            + (headers + (readsTokens ? tokenHeaders : [])).map { TextSummaryRenderer.pad($0, 10, right: true) }.joined()
            + "   errors\n"
        for name in names {
            guard let figures = report.requests[name] else { continue }
            let rate = window > 0 ? Double(figures.completed) / window : 0
            var cells = [
                String(figures.completed), String(figures.ok),
                TextSummaryRenderer.milliseconds(figures.latency.p50), TextSummaryRenderer.milliseconds(figures.latency.p95),
                TextSummaryRenderer.milliseconds(figures.latency.p99), TextSummaryRenderer.rate(rate),
            ]
            if readsTokens {
                // A request not read for tokens, or one whose answers all failed, has none to show.
                let tokens = figures.tokens.flatMap { $0.requests > 0 ? $0 : nil }
                cells += [tokens.map { TextSummaryRenderer.milliseconds($0.ttft.p99) } ?? "—",
                          tokens.map { $0.itl.count > 0 ? TextSummaryRenderer.milliseconds($0.itl.p99) : "—" } ?? "—"]
            }
            text += TextSummaryRenderer.pad(name, nameWidth) + cells.map { TextSummaryRenderer.pad($0, 10, right: true) }.joined()
                + "   " + errors(figures) + "\n"
        }
        return text
    }

    /// `404×162 · connect refused×3`: failed HTTP statuses by code, other failures by kind.
    static func errors(_ figures: RunResult.ScopeFigures) -> String {
        guard figures.errors > 0 else { return "none" }
        var parts: [String] = []
        var byStatus: UInt64 = 0
        for (status, count) in (figures.statusCodes ?? [:]).sorted(by: { $0.key < $1.key }) where (Int(status) ?? 0) >= 400 {
            parts.append("\(status)×\(count)")
            byStatus += count
        }
        let httpKinds: Set<String> = [ErrorKind.http4xx.rawValue, ErrorKind.http5xx.rawValue]
        let others = figures.errorsByKind
            .filter { !(byStatus > 0 && httpKinds.contains($0.key)) }
            .sorted { (ErrorKind(rawValue: $0.key) ?? .other) < (ErrorKind(rawValue: $1.key) ?? .other) }
        for (kind, count) in others { parts.append("\(ErrorKind(rawValue: kind)?.label ?? kind)×\(count)") }
        return parts.joined(separator: " · ")
    }
}

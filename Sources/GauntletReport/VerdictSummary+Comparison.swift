import GauntletCore

extension VerdictSummary {
    /// The comparison's verdict in words: each objective is named with its candidate
    /// (`mlp: latency.p99 <= baseline * 1.5`), and a candidate that was not sent the baseline's
    /// traffic, or a comparison cut short, is flagged before any figure is trusted; so is an
    /// unpaired comparison of two saved runs, with what differs between them.
    init(_ comparison: CompareResult) {
        verdict = comparison.verdict
        var headline = Self.headline(
            comparison.verdict,
            comparison.objectives.map { Judged(name: "\($0.candidate): \($0.objective)", verdict: $0.verdict, key: $0.key) },
            strict: comparison.strict == true)
        var notes: [String] = []
        if comparison.candidates.contains(where: \.result.summary.interrupted) {
            notes.append("The comparison was interrupted: these are partial results.")
        }
        if let unpaired = comparison.unpaired {
            // Two saved runs: no traffic digest was kept, and the reader must weigh the runs' differences
            // (the warnings say which run was cut short, and whether the schedules differ).
            notes = [Self.sentence(unpaired.caveat)] + unpaired.warnings.map(Self.sentence)
            if comparison.verdict == .fail && !comparison.objectives.contains(where: comparison.fails) {
                headline = "A saved run was cut short: partial data is never a pass"
            }
            self.headline = headline
            self.notes = notes
            return
        }
        let baseline = comparison.candidates.first(where: \.baseline)
        for candidate in comparison.candidates where !candidate.baseline && !ComparisonTextRenderer.sameTraffic(candidate, baseline) {
            let what = candidate.traffic.arrivals == 0
                ? "\(candidate.name)'s traffic was not as planned (blocks missing or cut short)"
                : "\(candidate.name) was not sent the baseline's traffic (digest \(candidate.traffic.hex) over \(candidate.traffic.arrivals) arrivals, "
                    + "the baseline's \(baseline?.traffic.hex ?? "—") over \(baseline?.traffic.arrivals ?? 0))"
            notes.append(what + ": its pairs do not compare like with like.")
        }
        self.headline = headline
        self.notes = notes
    }

    /// `unpaired: two runs …` → `Unpaired: two runs ….`
    static func sentence(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst() + (text.hasSuffix(".") ? "" : ".")
    }
}

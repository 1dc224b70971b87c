import GauntletCore

/// The verdict in words, shared by every renderer that leads with it: what the gate decided,
/// why, and what a reader must know before trusting the figures.
struct VerdictSummary {
    let verdict: RunVerdict
    /// One sentence: `1 of 3 gating objectives missed: latency.p99 < 50ms`.
    let headline: String
    /// Warnings about the run itself: interrupted, generator behind, target unreachable.
    let notes: [String]

    /// A run whose late sends exceed this share of its sends is flagged: its latency includes
    /// waiting inside the generator, so the server may be better than it looks.
    static let lateSendShareFlagged = 0.01

    init(_ report: RunResult) {
        verdict = report.verdict
        let objectives = report.objectives
        let gating = objectives.contains(where: \.key) ? objectives.filter(\.key) : objectives
        let advisory = objectives.contains(where: \.key) ? objectives.filter { !$0.key } : []
        func names(_ list: [RunResult.ObjectiveRecord]) -> String { list.map(\.objective).joined(separator: ", ") }
        let failed = gating.filter { $0.verdict == .fail }
        let inconclusive = gating.filter { $0.verdict == .inconclusive }
        let warned = gating.filter { $0.verdict == .warn }
        let advisoryMissed = advisory.filter { $0.verdict.isMiss }
        let scope = advisory.isEmpty ? "objectives" : "key objectives"
        switch report.verdict {
        case .pass:
            headline = "All \(gating.count) \(scope) met" + (advisory.isEmpty ? "" : ", and all \(advisory.count) advisory ones")
        case .warn:
            var parts: [String] = []
            if !warned.isEmpty { parts.append("\(warned.count) inside the warn band (\(names(warned)))") }
            if !advisoryMissed.isEmpty { parts.append("\(advisoryMissed.count) advisory missed (\(names(advisoryMissed)))") }
            headline = "Every \(scope.dropLast()) met, with warnings: " + parts.joined(separator: "; ")
        case .fail where report.aborted?.kind == .objective:
            headline = "Ended early: \(report.aborted?.objective ?? "an objective") failed while the run went (abort_on_fail)"
        case .fail where failed.isEmpty && report.strict == true:
            // Only warnings, and --strict makes them failures.
            var parts: [String] = []
            if !warned.isEmpty { parts.append("\(warned.count) inside the warn band (\(names(warned)))") }
            if !advisoryMissed.isEmpty { parts.append("\(advisoryMissed.count) advisory missed (\(names(advisoryMissed)))") }
            headline = "Warnings fail under --strict: " + parts.joined(separator: "; ")
        case .fail:
            headline = "\(failed.count) of \(gating.count) \(scope) missed: \(names(failed))"
        case .inconclusive:
            headline = "Not enough data to judge \(names(inconclusive)): inconclusive is never a pass"
        case .none:
            headline = "No objectives: figures only, no verdict"
        }

        var notes: [String] = []
        let summary = report.summary
        if let aborted = report.aborted {
            notes.append("The run ended itself after \(FigureFormat.seconds(aborted.afterSeconds)): \(aborted.message). These are partial results.")
        } else if summary.interrupted {
            notes.append("The run was interrupted: these are partial results.")
        }
        if summary.targetUnreachable {
            notes.append("The target was never reached: every request failed to connect.")
        }
        let lag = summary.scheduleLag
        if summary.requests.completed > 0 {
            let share = Double(lag.lateSends) / Double(summary.requests.completed)
            if share > Self.lateSendShareFlagged {
                notes.append(
                    "The generator fell behind: \(FigureFormat.percent(share, digits: 1)) of sends started more than "
                        + "\(FigureFormat.milliseconds(lag.lateThresholdMilliseconds)) late (schedule lag p99 "
                        + "\(FigureFormat.milliseconds(lag.figures.p99))). Latency includes that wait; "
                        + "service time does not.")
            }
        }
        self.notes = notes
    }

    /// PASS, WARN, FAIL, INCONCLUSIVE, NO OBJECTIVES.
    var word: String { verdict.word }
}

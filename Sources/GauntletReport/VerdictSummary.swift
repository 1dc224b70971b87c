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

    /// An objective as the headline names it.
    struct Judged {
        var name: String
        var verdict: GateVerdict
        var key: Bool
    }

    init(_ report: RunResult) {
        verdict = report.verdict
        let endedEarlyBy = report.aborted?.kind == .objective ? (report.aborted?.objective ?? "an objective") : nil
        headline = Self.headline(
            report.verdict, report.objectives.map { Judged(name: $0.objective, verdict: $0.verdict, key: $0.key) },
            strict: report.strict == true, endedEarlyBy: endedEarlyBy)

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

    /// The sentence that says why the verdict is what it is, naming the objectives behind it.
    /// - Parameter endedEarlyBy: the objective that stopped the run while it went (abort_on_fail).
    static func headline(_ verdict: RunVerdict, _ objectives: [Judged], strict: Bool, endedEarlyBy: String? = nil) -> String {
        let anyKey = objectives.contains(where: \.key)
        let gating = anyKey ? objectives.filter(\.key) : objectives
        let advisory = anyKey ? objectives.filter { !$0.key } : []
        func names(_ list: [Judged]) -> String { list.map(\.name).joined(separator: ", ") }
        let failed = gating.filter { $0.verdict == .fail }
        let inconclusive = gating.filter { $0.verdict == .inconclusive }
        let warned = gating.filter { $0.verdict == .warn }
        let advisoryMissed = advisory.filter { $0.verdict.isMiss }
        let scope = advisory.isEmpty ? "objectives" : "key objectives"
        var warnings: String {
            var parts: [String] = []
            if !warned.isEmpty { parts.append("\(warned.count) inside the warn band (\(names(warned)))") }
            if !advisoryMissed.isEmpty { parts.append("\(advisoryMissed.count) advisory missed (\(names(advisoryMissed)))") }
            return parts.joined(separator: "; ")
        }
        switch verdict {
        case .pass:
            return "All \(gating.count) \(scope) met" + (advisory.isEmpty ? "" : ", and all \(advisory.count) advisory ones")
        case .warn:
            return "Every \(scope.dropLast()) met, with warnings: " + warnings
        case .fail where endedEarlyBy != nil:
            return "Ended early: \(endedEarlyBy ?? "") failed while the run went (abort_on_fail)"
        case .fail where failed.isEmpty && strict:
            // Only warnings, and --strict makes them failures.
            return "Warnings fail under --strict: " + warnings
        case .fail:
            return "\(failed.count) of \(gating.count) \(scope) missed: \(names(failed))"
        case .inconclusive:
            return "Not enough data to judge \(names(inconclusive)): inconclusive is never a pass"
        case .none:
            return "No objectives: figures only, no verdict"
        }
    }

    /// PASS, WARN, FAIL, INCONCLUSIVE, NO OBJECTIVES.
    var word: String { verdict.word }
}

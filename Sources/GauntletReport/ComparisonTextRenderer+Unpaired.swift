import GauntletCore

/// Two saved run reports compared unpaired: the caveat first and plainly, which reports were
/// compared and whether they were sent the same schedule; after the figures, what each figure's
/// interval (or its absence) means and what differs between the runs. No block section: there are none.
extension ComparisonTextRenderer {
    static func unpairedHeader(_ report: CompareResult, _ unpaired: UnpairedNotes) -> String {
        var text = "comparison \(report.scenario.map { "\($0.name) (\($0.file))" } ?? "of two saved runs") · \(report.mode)\n"
        text += "UNPAIRED: \(unpaired.caveat.replacingOccurrences(of: "unpaired: ", with: ""))\n"
        let schedule = switch unpaired.sameSchedule {
        case true?: "the same schedule (equal digests): the same arrivals at the same offsets"
        case false?: "DIFFERENT schedules: not the same arrivals"
        case nil: "schedule unknown: a report holds no digest"
        }
        text += "sent       \(schedule)\n"
        for candidate in report.candidates {
            let digest = candidate.result.schedule.map { "\($0.arrivals) arrivals, digest \($0.hex)" } ?? "no schedule digest"
            text += "  \(TextSummaryRenderer.pad(candidate.name, 12))\(candidate.report ?? "") · \(candidate.target)\n"
            text += "  \(TextSummaryRenderer.pad("", 12))started \(candidate.result.environment.startedAt.formatted(.iso8601)) "
                + "on \(candidate.result.environment.host) · \(digest)\n"
        }
        return text
    }

    /// Each figure note once, with the figures it applies to (the warnings are the verdict's notes).
    static func unpairedNotes(_ report: CompareResult) -> String {
        figureNotes(report).map { "  \($0.figures.joined(separator: ", ")): \($0.note)\n" }.joined()
    }

    /// The comparisons' notes, each once and in order of first use, with the figures it applies to.
    static func figureNotes(_ report: CompareResult) -> [(figures: [String], note: String)] {
        var order: [String] = []
        var figures: [String: [String]] = [:]
        for comparison in report.comparisons {
            guard let note = comparison.note else { continue }
            if figures[note] == nil { order.append(note) }
            figures[note, default: []].append(comparison.figure)
        }
        return order.map { (figures[$0]!, $0) }
    }
}

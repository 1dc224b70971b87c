import ArgumentParser
import Foundation
import GauntletCore
import GauntletReport
import GauntletRun

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the reports of a run's segments into one report, and judge its objectives.",
        discussion: """
            Each file is a report written by 'gauntlet run --segment K/N'. The merge adds the segments' \
            histograms and counts exactly (merged counts are the sums of the segments' counts, whatever \
            the order of the files), writes one report as 'run' does, and judges the scenario's objectives \
            on the merged data, with run's exit codes: 0 pass, 1 an objective failed or was inconclusive \
            (or a segment was interrupted), 2 bad input (files of different runs, a missing or duplicated \
            segment, a file that is not a Gauntlet report), 3 the report could not be written.

            Examples:
              gauntlet merge reports/steady-*-segment-*-of-4.json
              gauntlet merge a.json b.json c.json --out merged --json
            """)

    @Argument(help: "The segment reports (JSON) to merge.")
    var files: [String] = []

    @OptionGroup(title: "Reports")
    var report: ReportFlags

    func run() throws {
        let result: RunResult
        do {
            result = try SavedResults.merge(files).judged(strict: report.strict)
        } catch {
            Console.error("gauntlet: error: \(error)")
            throw ExitStatus.badInput
        }
        let segments = result.mergedFrom ?? []
        let skews = segments.compactMap(\.startSkewMilliseconds)
        var line = "gauntlet: merged \(segments.count) segment(s) from \(Set(segments.compactMap(\.host)).count) host(s)"
        if let worst = skews.map(abs).max() { line += "; start skew at most \(worst.formatted(fractionDigits: 1)) ms" }
        Console.error(line)
        try report.deliver(result, name: result.scenario?.name ?? QuickLook.runName)
        if result.summary.interrupted {
            Console.error("gauntlet: a segment was interrupted: the merged figures are partial, and partial data is never a pass")
            throw ExitStatus.gateFailed
        }
        if result.summary.targetUnreachable {
            Console.error("gauntlet: the target was never reached: every request failed to connect")
            throw ExitStatus.couldNotRun
        }
        let code = result.verdict.exitCode(strict: report.strict)
        if code != 0 { throw ExitStatus(code: code) }
    }
}

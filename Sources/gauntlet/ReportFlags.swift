import ArgumentParser
import Foundation
import GauntletCore
import GauntletReport
import GauntletRun

/// Where a result goes and how it is judged, the same for `run` and `merge`: the summary on
/// standard output (text or `--json`), the files (`--out`, `--junit`, `--markdown`, and
/// `$GITHUB_STEP_SUMMARY`), and `--strict`. Failing to write a file is exit 3.
struct ReportFlags: ParsableArguments {
    @Flag(help: "Print the summary as JSON instead of text.")
    var json = false

    @Option(help: "Folder for the reports, <scenario>-<UTC time>.json and .html beside it.")
    var out: String = "reports"

    @Option(help: "Also write the objectives as JUnit XML (one test case per objective) to this file.")
    var junit: String?

    @Option(help: "Also write the Markdown summary to this file (it is appended to $GITHUB_STEP_SUMMARY when set).")
    var markdown: String?

    @Flag(help: "Treat a warning verdict as a failure (exit 1).")
    var strict = false

    /// Prints the summary on standard output.
    func print(_ result: RunResult) throws {
        if json {
            FileHandle.standardOutput.send(try JSONSummaryRenderer.render(result.summary))
            FileHandle.standardOutput.send(Data("\n".utf8))
        } else {
            FileHandle.standardOutput.send(Data(TextReportRenderer.render(result).utf8))
        }
    }

    /// Writes the files and says where they went.
    func write(_ result: RunResult, name: String) throws {
        do {
            let written = try ReportFiles.write(result, to: out, name: name)
            var paths = [written.json, written.html]
            if let junit {
                try ReportFiles.save(JUnitReportRenderer.render(result), to: junit)
                paths.append(junit)
            }
            let markdownSummary = MarkdownReportRenderer.render(result)
            if let markdown {
                try ReportFiles.save(markdownSummary, to: markdown)
                paths.append(markdown)
            }
            try ReportFiles.appendStepSummary(markdownSummary)
            for path in paths { Console.error("gauntlet: report written to \(path)") }
        } catch {
            Console.error("gauntlet: error: \(error)")
            throw ExitStatus.couldNotRun
        }
    }
}

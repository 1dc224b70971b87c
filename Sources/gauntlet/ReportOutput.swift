import Foundation
import GauntletCore
import GauntletReport
import GauntletRun

/// The files a result goes to, as the user asked (`--out`, `--junit`, `--markdown`, and
/// `$GITHUB_STEP_SUMMARY`), and the lines saying where they went. Failing to write one is exit 3.
struct ReportOutput {
    var out: String
    var junit: String?
    var markdown: String?

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

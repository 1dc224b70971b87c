import ArgumentParser
import Foundation
import GauntletCore
import GauntletReport
import GauntletRun

/// Where a result goes and how it is judged, the same for `run`, `merge` and `compare`: the summary on
/// standard output (text or `--json`), the files (`--out`, `--junit`, `--markdown`, and
/// `$GITHUB_STEP_SUMMARY`), and `--strict`. Failing to write a file is exit 3.
struct ReportFlags: ParsableArguments {
    @Flag(help: "Print the summary as JSON instead of text.")
    var json = false

    @Option(help: "Folder for the reports, <scenario>-<UTC time>.json and .html beside it.")
    var out: String = "reports"

    @Option(help: "Also write the objectives as JUnit XML (one test case per objective, per candidate in a comparison) to this file.")
    var junit: String?

    @Option(help: "Also write the Markdown summary to this file (it is appended to $GITHUB_STEP_SUMMARY when set).")
    var markdown: String?

    @Flag(help: "Treat a warning as a failure everywhere: exit 1, and the verdict, JUnit, Markdown and HTML say so.")
    var strict = false

    @Flag(name: [.customShort("v"), .long], help: "Also print the failed requests kept (status, headers, body start, libcurl's message).")
    var verbose = false

    /// Writes the files, then prints the summary on standard output (with `--json`, naming the
    /// files written) and says on standard error where they went. A file that cannot be written
    /// is exit 3, after the summary is printed: nothing measured is lost from view.
    /// - Parameter quiet: print nothing but errors (and the JSON, when asked for).
    func deliver(_ result: RunResult, name: String, quiet: Bool = false) throws {
        try deliver(
            quiet: quiet, write: { try ReportFiles.write(result, to: out, name: name) },
            junit: { JUnitReportRenderer.render(result) }, markdown: { MarkdownReportRenderer.render(result) },
            summary: { paths in
                json ? try JSONSummaryRenderer.render(result, reports: paths) : Data(TextReportRenderer.render(result, verbose: verbose).utf8)
            })
    }

    /// The same for a comparison: its JSON and page under `--out`, JUnit with a test case per
    /// objective and candidate, the Markdown summary; `--json` prints the whole comparison, and
    /// `--verbose` each candidate's failed requests.
    func deliver(_ comparison: CompareResult, name: String, quiet: Bool = false) throws {
        try deliver(
            quiet: quiet, write: { try ReportFiles.write(comparison, to: out, name: name) },
            junit: { ComparisonJUnitRenderer.render(comparison) }, markdown: { ComparisonMarkdownRenderer.render(comparison) },
            summary: { _ in json ? try comparison.encoded() : Data(ComparisonTextRenderer.render(comparison, verbose: verbose).utf8) })
    }

    /// The same for a capacity search: its JSON and page under `--out`, JUnit (the search, the plan,
    /// a case per step), the Markdown summary; `--json` prints the whole capacity result.
    func deliver(_ capacity: CapacityResult, name: String, quiet: Bool = false) throws {
        try deliver(
            quiet: quiet, write: { try ReportFiles.write(capacity, to: out, name: name) },
            junit: { CapacityJUnitRenderer.render(capacity) }, markdown: { CapacityMarkdownRenderer.render(capacity) },
            summary: { _ in json ? try capacity.encoded() : Data(CapacityTextRenderer.render(capacity).utf8) })
    }

    private func deliver(
        quiet: Bool, write: () throws -> ReportFiles.Written, junit renderJUnit: () -> String, markdown renderMarkdown: () -> String,
        summary: (JSONSummaryRenderer.ReportPaths) throws -> Data
    ) throws {
        var paths = JSONSummaryRenderer.ReportPaths()
        var failure: (any Error)?
        do {
            let written = try write()
            paths.json = written.json
            paths.html = written.html
            if let junit {
                try ReportFiles.save(renderJUnit(), to: junit)
                paths.junit = junit
            }
            let markdownSummary = renderMarkdown()
            if let markdown {
                try ReportFiles.save(markdownSummary, to: markdown)
                paths.markdown = markdown
            }
            try ReportFiles.appendStepSummary(markdownSummary)
        } catch {
            failure = error
        }
        if json || !quiet {
            FileHandle.standardOutput.send(try summary(paths))
            if json { FileHandle.standardOutput.send(Data("\n".utf8)) }
        }
        for path in [paths.json, paths.html, paths.junit, paths.markdown].compactMap({ $0 }) where !quiet {
            Console.error("gauntlet: report written to \(path)")
        }
        if let failure {
            Console.error("gauntlet: error: \(failure)")
            throw ExitStatus.couldNotRun
        }
    }
}

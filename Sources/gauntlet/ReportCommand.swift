import ArgumentParser
import Foundation
import GauntletCore
import GauntletReport
import GauntletRun

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render a saved run's report again.",
        discussion: """
            Reads a report written by 'gauntlet run' (schema gauntlet.report/v1) and renders it: \
            text (the run's summary), html (the self-contained page with charts), md (Markdown for a \
            CI summary), junit (JUnit XML, one test case per objective), or json.

            Examples:
              gauntlet report reports/quickstart-20261129T074500Z.json
              gauntlet report reports/quickstart-20261129T074500Z.json --format html --output report.html
              gauntlet report reports/quickstart-20261129T074500Z.json --format junit > gauntlet-junit.xml
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, html, md, junit

        /// `markdown` is read as `md`: both spellings are common.
        init?(argument: String) {
            self.init(rawValue: argument == "markdown" ? "md" : argument.lowercased())
        }
    }

    @Argument(help: "A report file written by 'gauntlet run'.")
    var file: String

    @Option(help: "text, json, html, md (or markdown) or junit.")
    var format: Format = .text

    @Flag(name: [.customShort("v"), .long], help: "text: also print the failed requests the report kept.")
    var verbose = false

    @Flag(help: "Judge again with --strict: a warning is a failure in the rendering (and the JSON's verdict).")
    var strict = false

    @Option(name: [.customShort("o"), .long], help: "Write to this file instead of standard output.")
    var output: String?

    func run() throws {
        let report: RunResult
        do {
            report = try SavedResults.read(file).judged(strict: strict)
        } catch {
            Console.error("gauntlet: error: \(error)")
            throw ExitStatus.badInput
        }
        let text: String
        switch format {
        case .text: text = TextReportRenderer.render(report, verbose: verbose)
        case .json: text = String(decoding: try report.encoded(), as: UTF8.self) + "\n"
        case .html: text = HTMLReportRenderer.render(report)
        case .md: text = MarkdownReportRenderer.render(report)
        case .junit: text = JUnitReportRenderer.render(report)
        }
        if let output {
            do { try ReportFiles.save(text, to: output) } catch {
                Console.error("gauntlet: error: \(error)")
                throw ExitStatus.couldNotRun
            }
        } else {
            FileHandle.standardOutput.send(Data(text.utf8))
        }
    }
}

import ArgumentParser
import Foundation
import GauntletReport

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render a saved run's report again.",
        discussion: "Reads a report written by 'gauntlet run' (schema gauntlet.report/v1).")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "A report file written by 'gauntlet run'.")
    var file: String

    @Option(help: "text or json.")
    var format: Format = .text

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("cannot read '\(file)'")
        }
        let report: RunReport
        do {
            report = try RunReport.decode(data)
        } catch {
            throw ValidationError("'\(file)' is not a gauntlet report: \(error)")
        }
        switch format {
        case .text: print(TextReportRenderer.render(report), terminator: "")
        case .json:
            FileHandle.standardOutput.write(try report.encoded())
            FileHandle.standardOutput.write(Data("\n".utf8))
        }
    }
}

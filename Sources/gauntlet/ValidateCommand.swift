import ArgumentParser
import Foundation
import GauntletCore
import GauntletRun

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario file (and the data it names) without sending anything.",
        discussion: """
            Prints the phase timeline and, for each objective, the samples the plan gives it in the \
            measured window and the fewest it needs to be judged; an objective that will rest on too \
            few gets a warning saying how long to run or how fast to send instead. An objective the \
            run can never measure (model quality without labelled data, cost without a cost section) \
            is an error.

            Exit 0 when valid, warnings included (1 with --strict when there are any); 2 with a \
            located error (file:line:column) otherwise.
            """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Flag(help: "Treat a warning (an objective that will rest on too few samples) as a failure: exit 1.")
    var strict = false

    func run() throws {
        let loaded: LoadedScenario
        do {
            loaded = try ScenarioLoader.load(path: scenario)
        } catch {
            FileHandle.standardError.send(Data("\(error)\n".utf8))
            throw ExitStatus.badInput
        }
        let scenario = loaded.scenario
        let target = scenario.target ?? "the embedded reference server"
        print("\(scenario.file): valid · \(scenario.requests.count) request kinds, \(loaded.catalog.requests.count) distinct requests · target \(target)")
        for span in loaded.plan.timeline {
            print("  \(seconds(span.startSeconds))–\(seconds(span.endSeconds))  \(span.name)")
        }
        let forecasts = loaded.forecast.forecasts(loaded.objectives)
        for forecast in forecasts {
            print("  \(forecast)")
            if let warning = forecast.warning { print("    \(warning)") }
        }
        let warnings = forecasts.compactMap(\.warning).count
        if warnings > 0 {
            print("\(warnings) warning\(warnings == 1 ? "" : "s")\(strict ? " (--strict: a failure)" : "")")
            if strict { throw ExitStatus.gateFailed }
        }
    }
}

private func seconds(_ value: Double) -> String { DurationParser.format(UInt64(value * 1e9)) }

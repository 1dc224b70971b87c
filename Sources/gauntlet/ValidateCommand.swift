import ArgumentParser
import Foundation
import GauntletCore
import GauntletRun

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario file (and the data it names) without sending anything.",
        discussion: "Exit 0 when valid; 2 with a located error (file:line:column) otherwise.")

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

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
        if !scenario.objectives.isEmpty { print("  \(scenario.objectives.count) objectives") }
    }
}

private func seconds(_ value: Double) -> String { DurationParser.format(UInt64(value * 1e9)) }

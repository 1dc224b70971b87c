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
            is an error. A scenario that compares candidates is accepted too: each candidate is \
            listed with its variables and where its requests go, then how the schedule is cut into blocks.

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
            loaded = try ScenarioLoader.load(path: scenario, for: .validate)
        } catch {
            FileHandle.standardError.send(Data("\(error)\n".utf8))
            throw ExitStatus.badInput
        }
        let scenario = loaded.scenario
        let target = scenario.target ?? "the embedded reference server"
        let aim = scenario.comparesCandidates ? "\(scenario.candidates.count) candidates" : "target \(target)"
        print("\(scenario.file): valid · \(scenario.requests.count) request kinds, \(loaded.catalog.requests.count) distinct requests · \(aim)")
        for candidate in loaded.candidates { print("  \(describe(candidate))") }
        if let blocks = loaded.blockPlan { print("  \(describe(blocks))") }
        if let capacity = scenario.capacity { print("  \(describe(capacity)); the timeline and samples below are its first step") }
        for span in loaded.plan.timeline {
            print("  \(seconds(span.startSeconds))–\(seconds(span.endSeconds))  \(span.name)")
        }
        // Relative objectives rest on block pairs (or distinct rows), not on one run's samples.
        let absolute = loaded.objectives.filter { $0.relative == nil }
        let forecasts = loaded.forecast.forecasts(absolute)
        for forecast in forecasts {
            print("  \(forecast)")
            if let warning = forecast.warning { print("    \(warning)") }
        }
        let relative = loaded.blockPlan.map { plan in
            loaded.objectives.filter { $0.relative != nil }.map { RelativeObjectiveForecast(objective: $0, plan: plan, forecast: loaded.forecast) }
        } ?? []
        for forecast in relative {
            print("  \(forecast)")
            if let warning = forecast.warning { print("    \(warning)") }
        }
        let warnings = forecasts.compactMap(\.warning).count + relative.compactMap(\.warning).count
        if warnings > 0 {
            print("\(warnings) warning\(warnings == 1 ? "" : "s")\(strict ? " (--strict: a failure)" : "")")
            if strict { throw ExitStatus.gateFailed }
        }
    }
}

/// `capacity search · 200/s up to 3200/s, resolution 5% · steps of 6s after 2s warm-up, up to 2 extensions`.
private func describe(_ capacity: CapacitySection) -> String {
    let steps = "steps of \(DurationParser.format(capacity.stepDuration)) after \(DurationParser.format(capacity.warmup)) warm-up, up to \(capacity.extensions) extension\(capacity.extensions == 1 ? "" : "s")"
    if let sweep = capacity.concurrency {
        return "capacity sweep · closed loop at concurrency \(sweep.levels.map(String.init).joined(separator: ", ")) · \(steps)"
    }
    return "capacity search · \(CapacityStep.rateText(capacity.startRate)) up to \(CapacityStep.rateText(capacity.maxRate)), resolution \(capacity.resolution.text) · \(steps)"
        + (capacity.plan.map { " · plan for a peak of \(CapacityStep.rateText($0.peakRate))" } ?? "")
}

private func seconds(_ value: Double) -> String { DurationParser.format(UInt64(value * 1e9)) }

/// `candidate current (baseline) · model=digits-logreg · the embedded reference server`.
private func describe(_ loaded: LoadedCandidate) -> String {
    let candidate = loaded.candidate
    let name = "candidate \(candidate.name)\(candidate.baseline ? " (baseline)" : "")"
    let variables = candidate.variables.map { "\($0.name)=\($0.value)" }
    let destination = loaded.scenario.target.map { "target \($0)" }
        ?? candidate.server.map { "its own embedded reference server (\($0.summary))" } ?? "the embedded reference server"
    return ([name] + variables + [destination]).joined(separator: " · ")
}

/// `interleaved · 12 blocks of 30.0s, each sent to every candidate in turn (ABBA) · about 12m10s in all`.
private func describe(_ plan: BlockPlan) -> String {
    let length = plan.blocks.first.map { DurationParser.format($0.upperBound - $0.lowerBound) } ?? "0s"
    let blocks = "\(plan.blocks.count) blocks of \(length)"
    let total = "about \(DurationParser.format(plan.duration)) in all"
    switch plan.mode {
    case .interleaved:
        let order = plan.candidates == 2 ? "ABBA" : "a balanced order"
        return "interleaved · \(blocks), each sent to every candidate in turn (\(order)) · \(total)"
    case .mirrored:
        return "mirrored · every arrival sent to all \(plan.candidates) candidates at once · \(blocks) for the statistics · \(total)"
    }
}

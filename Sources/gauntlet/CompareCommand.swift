import ArgumentParser
import Foundation
import GauntletCore
import GauntletReport
import GauntletRun

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Send candidates identical traffic and compare them, with intervals, not guesses.",
        discussion: """
            The scenario lists candidates (docs/scenarios.md, Candidates). Every candidate gets the \
            same seeded schedule and the same data rows: interleaved (default), the measured part is \
            cut into blocks and each block is sent to each candidate back to back in a balanced order \
            (ABBA for two), so drift hits both members of a pair; mirrored, every arrival goes to all \
            at once. Latency and throughput are compared as ratios over the block pairs (exact \
            signed-rank interval), quality on the same distinct labelled rows (McNemar); relative \
            objectives pass or fail on the interval's bound. docs/comparison.md has the statistics.

            Writes <scenario>-compare-<UTC>.json under --out (schema gauntlet.comparison/v1) and the \
            page, .html, beside it; --junit adds JUnit XML (a test case per objective and candidate), \
            --markdown the Markdown summary, which is also appended to $GITHUB_STEP_SUMMARY when set. \
            The report flags mean what they mean for run; exit codes as for run.

            Two saved run reports (a.json b.json) are compared unpaired, the first as the baseline: \
            whole-run figures only (latency and throughput ratios without an interval, error rate and \
            accuracy differences with Newcombe's interval for independent proportions), each report's \
            own objective verdicts, and the plain caveat that drift between the two runs is not \
            cancelled. Nothing is sent.

            Examples:
              gauntlet compare scenarios/compare-models.yaml
              gauntlet compare reports/before.json reports/after.json --json
            """)

    @Argument(help: "A scenario file with candidates, or two saved run reports (the baseline first) to compare unpaired.")
    var inputs: [String]

    /// The scenario, when one was given.
    var scenario: String { inputs[0] }

    @OptionGroup(title: "Reports")
    var report: ReportFlags

    @Flag(help: "Print nothing but errors: no progress, no summary (--json still prints its JSON), no file names.")
    var quiet = false

    @Option(help: "Model repository for the candidates' embedded reference servers (default as for run).")
    var models: String?

    @OptionGroup(title: "Generator")
    var generator: GeneratorFlags

    @OptionGroup(title: "TLS")
    var tls: TLSFlags

    mutating func validate() throws {
        try validateInputs()
    }

    func run() throws {
        if inputs.count == 2 { return try runUnpaired(baseline: inputs[0], candidate: inputs[1]) }
        let loaded: LoadedScenario
        do {
            loaded = try ScenarioLoader.load(path: scenario, for: .compare)
        } catch {
            Console.error("\(error)")
            throw ExitStatus.badInput
        }
        let pipeline = ComparisonPipeline(ComparisonRequest(
            scenario: loaded, workers: generator.workers, tls: try tls.settings(for: loaded.scenario), models: models,
            idlePolling: generator.idlePoll, proxy: generator.proxySetting,
            sendWindow: generator.sendWindowNanoseconds))
        let signals = SignalForwarder { pipeline.stop() }
        let quiet = self.quiet
        let outcome: ComparisonOutcome
        do {
            outcome = try pipeline.execute { event in
                guard !quiet else { return }
                switch event {
                case .serverStarted(let candidate, let url, let models):
                    Console.error("gauntlet: \(candidate): embedded reference server at \(url) (models from \(models))")
                case .step(let number, let total, let part, let candidates):
                    Console.error("gauntlet: step \(number)/\(total): \(part) → \(candidates.joined(separator: ", "))")
                }
            }
        } catch {
            Console.error("gauntlet: error: \(error)")
            throw ExitStatus.couldNotRun
        }
        try deliver(outcome.result.judged(strict: report.strict), name: loaded.scenario.name) {
            if let signal = signals.received { throw signal == SIGTERM ? ExitStatus.terminated : ExitStatus.interrupted }
        }
    }

    /// The files, the summary and the exit code, the same for a scenario's comparison and two
    /// saved reports'. `beforeVerdict` runs once everything is written (e.g. to exit for a signal).
    func deliver(_ result: CompareResult, name: String, beforeVerdict: () throws -> Void = {}) throws {
        try report.deliver(result, name: name, quiet: quiet)
        try beforeVerdict()
        let code = result.verdict.exitCode(strict: report.strict)
        if code != 0 {
            if quiet && !report.json { Console.error("gauntlet: \(ComparisonTextRenderer.verdictLine(result))") }
            throw ExitStatus(code: code)
        }
    }
}

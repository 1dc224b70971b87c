import ArgumentParser
import Foundation
import GauntletCore
import GauntletReport
import GauntletRun

struct CapacityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capacity",
        abstract: "Find the highest rate that still meets the objectives, and plan instances and cost for a peak.",
        discussion: """
            The scenario's requests, data, target and objectives are kept; its load phases are \
            replaced by steps of one constant open-loop rate each (the 'capacity:' section, or the \
            flags below, set the search). Bracket: double from the start rate until a step does not \
            pass; then bisect to the resolution. The answer is an interval, R_max in [highest pass, \
            lowest non-pass].

            A step passes only when the generator kept up (at least 98% of the scheduled requests \
            sent, at most 1% of sends later than late_after), latency was stable over the step, and \
            every objective held on the adverse end of its 95% interval (a percentile's \
            order-statistic interval, an error rate's Wilson interval). A step still open is \
            measured again, up to 'extensions' times, then inconclusive. An invalid step is never a pass.

            --concurrency 1:64:x2 sweeps closed-loop concurrency instead (perf_analyzer's way): \
            throughput and latency per level. A 'capacity: plan:' section (peak, average, headroom, \
            spares, price_per_hour, currency) turns R_max into instances and a cost per 1M predictions. \
            A scenario with candidates searches each in turn, each against its own target or \
            embedded server, and says which is cheapest at the objectives (or sustains the most).

            Writes <scenario>-capacity-<UTC>.json under --out (schema gauntlet.capacity/v1) and the \
            page, .html, beside it; --junit and --markdown as for run. Exit 0 when a rate passed and \
            the search ended on its own; 1 when none passed; 2 bad input; 3 could not run; 130/143 \
            interrupted, with a partial report of the steps so far.

            Examples:
              gauntlet capacity scenarios/capacity.yaml
              gauntlet capacity scenarios/quickstart.yaml --max-rate 2000 --duration 5s
              gauntlet capacity scenarios/capacity.yaml --concurrency 1:16:x2
            """)

    @Argument(help: "The scenario file.")
    var scenario: String

    @Option(name: .customLong("start-rate"), help: "The first rate tried, e.g. 50 or 50/s (default: the scenario's, else 50/s).")
    var startRate: String?

    @Option(name: .customLong("max-rate"), help: "The highest rate tried (default: the scenario's, else 10000/s).")
    var maxRate: String?

    @Option(help: "Stop bisecting when the gap is within this: 5% of the passing rate, or 10/s (default 5%).")
    var resolution: String?

    @Option(help: "The measured part of each step, e.g. 10s (default: the scenario's, else 10s).")
    var duration: String?

    @Option(help: "Sent before each step, not measured, e.g. 2s.")
    var warmup: String?

    @Option(help: "Times a step whose verdict is still open is measured again before it is inconclusive (default 2).")
    var extensions: Int?

    @Option(name: .customLong("late-after"), help: "A send later than this counts against a step's validity (default 5ms); raise it on a machine shared with other work.")
    var lateAfter: String?

    @Option(help: "A closed-loop sweep instead of the rate search: FROM:TO:xFACTOR (1:64:x2), FROM:TO:STEP (4:32:4) or one level.")
    var concurrency: String?

    @OptionGroup(title: "Reports")
    var report: ReportFlags

    @Flag(help: "Print nothing but errors: no step lines, no summary (--json still prints its JSON), no file names.")
    var quiet = false

    @Option(help: "Model repository for the embedded reference server (default as for run).")
    var models: String?

    @OptionGroup(title: "Generator")
    var generator: GeneratorFlags

    @OptionGroup(title: "TLS")
    var tls: TLSFlags

    mutating func validate() throws {
        if let extensions, !(0...20).contains(extensions) { throw ValidationError("--extensions must be from 0 to 20") }
    }

    func run() throws {
        let loaded: LoadedScenario
        let section: CapacitySection
        do {
            loaded = try ScenarioLoader.load(path: scenario, for: .capacity)
            section = try searchSection(loaded.scenario)
        } catch let error as ValidationError {
            Console.error("gauntlet: error: \(error.message)")
            throw ExitStatus.badInput
        } catch {
            Console.error("\(error)")
            throw ExitStatus.badInput
        }
        let pipeline = CapacityPipeline(CapacityRequest(
            scenario: loaded, section: section, workers: generator.workers, tls: try tls.settings(for: loaded.scenario), models: models,
            idlePolling: generator.idlePoll, proxy: generator.proxySetting,
            sendWindow: generator.sendWindowNanoseconds))
        let signals = SignalForwarder { pipeline.stop() }
        let quiet = self.quiet
        if !quiet { Console.error(CapacityTextRenderer.header) }
        let outcome: CapacityOutcome
        do {
            outcome = try pipeline.execute { event in
                guard !quiet else { return }
                switch event {
                case .serverStarted(let url, let models, _):
                    Console.error("gauntlet: embedded reference server at \(url) (models from \(models))")
                case .stepStarting(let number, let rate, let concurrency, let extensionNumber, let stage):
                    let what = concurrency.map { "concurrency \($0)" } ?? CapacityTextRenderer.rate(rate ?? 0)
                    Console.error("gauntlet: step \(number) (\(stage.rawValue)): \(what)\(extensionNumber > 0 ? ", measured again (\(extensionNumber))" : "") …")
                case .second:
                    break
                case .candidateStarting(let name):
                    Console.error("gauntlet: candidate \(name): its search starts")
                case .stepFinished(let step):
                    Console.error(CapacityTextRenderer.stepLine(step))
                }
            }
        } catch {
            Console.error("gauntlet: error: \(error)")
            throw ExitStatus.couldNotRun
        }
        try report.deliver(outcome.result, name: loaded.scenario.name, quiet: quiet)
        if let signal = signals.received { throw signal == SIGTERM ? ExitStatus.terminated : ExitStatus.interrupted }
        if outcome.result.exitCode != 0 { throw ExitStatus(code: outcome.result.exitCode) }
    }

    /// The scenario's `capacity:` section (or the defaults) with the flags' changes, checked as the
    /// scenario's own would be.
    func searchSection(_ scenario: Scenario) throws -> CapacitySection {
        var section = scenario.capacity ?? CapacitySection()
        func rate(_ text: String, _ flag: String) throws -> Double {
            do { return try RateParser.perSecond(text) } catch { throw ValidationError("\(flag): \(error)") }
        }
        func parseDuration(_ text: String, _ flag: String, allowZero: Bool) throws -> Nanoseconds {
            let value: Nanoseconds
            do { value = try DurationParser.nanoseconds(text) } catch { throw ValidationError("\(flag): \(error)") }
            if !allowZero && value == 0 { throw ValidationError("\(flag) must be longer than 0s") }
            return value
        }
        if let startRate { section.startRate = try rate(startRate, "--start-rate") }
        if let maxRate { section.maxRate = try rate(maxRate, "--max-rate") }
        if section.startRate > section.maxRate {
            throw ValidationError("the start rate (\(CapacityTextRenderer.rate(section.startRate))) is above the maximum (\(CapacityTextRenderer.rate(section.maxRate))); lower --start-rate or raise --max-rate")
        }
        if let resolution {
            do { section.resolution = try CapacitySection.Resolution.parse(resolution) } catch {
                throw ValidationError("--resolution \(error)")
            }
        }
        if let duration { section.stepDuration = try parseDuration(duration, "--duration", allowZero: false) }
        if let warmup { section.warmup = try parseDuration(warmup, "--warmup", allowZero: true) }
        if let extensions { section.extensions = extensions }
        if let lateAfter { section.lateAfter = try parseDuration(lateAfter, "--late-after", allowZero: false) }
        if let concurrency {
            do { section.concurrency = try ConcurrencySweep.parse(concurrency) } catch { throw ValidationError("--concurrency: \(error)") }
        }
        return section
    }
}

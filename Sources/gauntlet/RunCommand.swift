import ArgumentParser
import Foundation
import GauntletCore
import GauntletLoad
import GauntletReport

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario file, or send load to a URL, and print what was measured.",
        discussion: """
            Open loop (--rate): arrivals follow a schedule fixed in advance, and latency is measured \
            from each request's intended send time, so a stalling server cannot hide behind a \
            waiting client. Closed loop (--concurrency): N requests kept in flight.

            Examples:
              gauntlet run scenarios/steady.yaml
              gauntlet run --url http://127.0.0.1:8080/ --rate 500 --duration 30s
              gauntlet run --url http://127.0.0.1:8080/v2/models/m/infer --method POST \\
                  --header 'Content-Type: application/json' --body @request.json --rate 200/s --arrivals poisson
              gauntlet run --url http://127.0.0.1:8080/ --concurrency 64 --duration 10s --json
            """)

    @Argument(help: "A scenario file (YAML); see docs/scenarios.md. Or use --url for a quick look.")
    var scenario: String?

    @Option(help: "The URL to send requests to (http or https), instead of a scenario.")
    var url: String?

    @Option(help: "Open-loop arrival rate, e.g. 200 or 200/s.")
    var rate: String?

    @Option(help: "Closed loop: keep this many requests in flight instead of following a rate.")
    var concurrency: Int?

    @Option(help: "Closed loop: pause between a response and the slot's next request, e.g. 100ms.")
    var thinkTime: String?

    @Option(help: "How long to measure, after the warm-up, e.g. 30s or 5m (default 10s).")
    var duration: String?

    @Option(help: "Send for this long first, kept out of every figure, e.g. 5s (default none).")
    var warmup: String?

    @Option(help: "Arrival spacing in open loop: constant (default) or poisson.")
    var arrivals: ArrivalProcess?

    @Option(help: "Seed for the arrival schedule; the same seed gives the same schedule (default 1).")
    var seed: UInt64?

    @Option(help: "HTTP method (default GET, or POST when a body is given).")
    var method: String?

    @Option(name: [.customShort("H"), .long], help: "A request header, 'Name: value'; repeatable.")
    var header: [String] = []

    @Option(help: "Request body: literal text, or @FILE to read it from a file.")
    var body: String?

    @Option(help: "Per-request timeout, connecting included, e.g. 5s (default 30s).")
    var timeout: String?

    @Option(help: "Open connections across all workers; also caps requests in flight (default 64, or --concurrency).")
    var connections: Int?

    @Option(help: "Worker threads, each with its own libcurl multi handle (default: one per core).")
    var workers: Int = LoadConfiguration.processorCount

    @Flag(help: "Do not verify TLS certificates.")
    var insecure = false

    @Flag(help: "Print the summary as JSON instead of text.")
    var json = false

    @Option(help: "Folder for the run's reports, reports/<scenario>-<UTC time>.json and .html.")
    var out: String = "reports"

    @Option(help: "Also write the objectives as JUnit XML (one test case per objective) to this file.")
    var junit: String?

    @Option(help: "Also write the Markdown summary to this file (it is appended to $GITHUB_STEP_SUMMARY when set).")
    var markdown: String?

    @Flag(help: "No live progress line on standard error.")
    var quiet = false

    @Flag(help: "Treat a warning verdict as a failure (exit 1).")
    var strict = false

    @Option(help: "Model repository for the embedded reference server, used when a scenario names no target.")
    var models: String = "models"

    mutating func validate() throws {
        switch (scenario, url) {
        case (nil, nil): throw ValidationError("give a scenario file, or --url for a quick look")
        case (.some, .some): throw ValidationError("give a scenario file or --url, not both")
        case (.some, nil):
            let quickLookFlags: [Any?] = [
                rate, concurrency, method, body, thinkTime, duration, warmup, arrivals, seed, timeout, connections,
            ]
            guard quickLookFlags.allSatisfy({ $0 == nil }) && header.isEmpty else {
                throw ValidationError(
                    "load flags (--rate, --concurrency, --duration, --warmup, --timeout, --seed, --arrivals, --connections, --method, --header, --body, --think-time) go with --url; a scenario sets them in its file")
            }
            return
        case (nil, .some): break
        }
        switch (rate, concurrency) {
        case (nil, nil): throw ValidationError("give --rate (open loop) or --concurrency (closed loop)")
        case (.some, .some): throw ValidationError("give --rate or --concurrency, not both")
        default: break
        }
        if let concurrency, concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if let connections, connections < 1 { throw ValidationError("--connections must be at least 1") }
        if workers < 1 { throw ValidationError("--workers must be at least 1") }
        for line in header where !line.contains(":") {
            throw ValidationError("--header '\(line)' must look like 'Name: value'")
        }
    }

    func run() throws {
        let loaded = try scenario.map(loadScenario)
        let embedded = try loaded.flatMap { $0.scenario.target == nil ? try startEmbeddedServer($0.scenario.server ?? ServingOptions()) : nil }
        defer { embedded?.stop() }
        let (configuration, method, seed) = try loaded.map { try scenarioConfiguration($0, embedded: embedded) } ?? urlConfiguration()
        let progress = quiet
            ? nil
            : ProgressReporter(
                model: configuration.model, warmup: configuration.warmup, phases: loaded?.plan.timeline ?? [],
                terminal: ProgressReporter.standardErrorIsTerminal)
        let engine = LoadEngine(configuration: configuration) { progress?.record($0) }
        let signals = SignalForwarder { engine.stop() }
        let plan = RunPlan(
            url: loaded.map { $0.scenario.target ?? configuration.baseURL } ?? configuration.baseURL, method: method,
            model: configuration.model, warmup: configuration.warmup, seed: seed, timeout: configuration.timeout,
            connections: configuration.connections, workers: configuration.effectiveWorkers)
        FileHandle.standardError.send(
            Data("gauntlet: \(plan.method) \(plan.url) · \(TextSummaryRenderer.loadDescription(plan))\n".utf8))

        let measurements: RunMeasurements
        progress?.start()
        do {
            defer { progress?.stop() }
            measurements = try engine.run()
        } catch {
            FileHandle.standardError.send(Data("gauntlet: error: \(error)\n".utf8))
            throw ExitStatus.couldNotRun
        }
        let summary = RunSummary(plan: plan, measurements: measurements)
        let quality = QualityFigures(measurements.quality)
        var cost = GateRun.cost(of: loaded, measurements: measurements, summary: summary)
        let figures = GateRun.figures(summary: summary, measurements: measurements, quality: quality, cost: cost)
        let results = ObjectiveEvaluator.evaluate(loaded?.objectives ?? [], against: figures)
        let verdict = results.isEmpty ? nil : GateVerdict(results)
        cost?.meetsObjectives = verdict.map { $0 == .pass || $0 == .warn }
        let report = RunReport(
            scenario: loaded.map {
                RunReport.ScenarioEcho(
                    name: $0.scenario.name, file: $0.scenario.file, description: $0.scenario.description,
                    target: $0.scenario.target, source: $0.source, secrets: $0.scenario.secrets)
            },
            summary: summary, measurements: measurements, phases: loaded?.plan.timeline ?? [],
            objectives: GateRun.records(results), verdict: verdict?.rawValue ?? "none", cost: cost, quality: quality,
            server: embedded?.usage())

        if json {
            FileHandle.standardOutput.send(try JSONSummaryRenderer.render(summary))
            FileHandle.standardOutput.send(Data("\n".utf8))
        } else {
            print(TextReportRenderer.render(report), terminator: "")
        }
        let written = try ReportWriter.write(report, to: out, name: loaded?.scenario.name ?? "run")
        var paths = [written.json, written.html]
        if let junit {
            try ReportWriter.save(JUnitReportRenderer.render(report), to: junit)
            paths.append(junit)
        }
        let markdownSummary = MarkdownReportRenderer.render(report)
        if let markdown {
            try ReportWriter.save(markdownSummary, to: markdown)
            paths.append(markdown)
        }
        try ReportWriter.appendStepSummary(markdownSummary)
        FileHandle.standardError.send(Data(paths.map { "gauntlet: report written to \($0)\n" }.joined().utf8))

        if let signal = signals.received { throw signal == SIGTERM ? ExitStatus.terminated : ExitStatus.interrupted }
        if summary.targetUnreachable {
            FileHandle.standardError.send(
                Data("gauntlet: the target was never reached: every request failed to connect\n".utf8))
            throw ExitStatus.couldNotRun
        }
        if let verdict, verdict.exitCode(strict: strict) != 0 { throw ExitStatus(code: verdict.exitCode(strict: strict)) }
    }

    /// The reference server for a scenario without a target; failing to start it is exit 3.
    func startEmbeddedServer(_ options: ServingOptions) throws -> EmbeddedServer {
        do {
            let server = try EmbeddedServer(models: models, options: options)
            let faults = options.faults.isActive ? "; faults: \(options.faults.summary)" : ""
            FileHandle.standardError.send(Data("gauntlet: embedded reference server at \(server.baseURL) (models from \(models)\(faults))\n".utf8))
            return server
        } catch {
            FileHandle.standardError.send(Data("gauntlet: error: \(error)\n".utf8))
            throw ExitStatus.couldNotRun
        }
    }

    /// Reads and validates the scenario and its files; every problem is bad input (exit 2),
    /// reported with its file, line and column, before anything is sent.
    func loadScenario(_ path: String) throws -> LoadedScenario {
        do {
            return try ScenarioLoader.load(path: path)
        } catch {
            FileHandle.standardError.send(Data("\(error)\n".utf8))
            throw ExitStatus.badInput
        }
    }

    /// A scenario file turned into an engine configuration; every problem is bad input (exit 2),
    /// reported with its file, line and column.
    func scenarioConfiguration(_ loaded: LoadedScenario, embedded: EmbeddedServer?) throws -> (LoadConfiguration, String, UInt64) {
        let path = loaded.scenario.file
        let scenario = loaded.scenario
        let baseURL: String
        if let target = scenario.target {
            baseURL = SecretReference.substitute(target, from: ProcessInfo.processInfo.environment)
        } else {
            guard let embedded else {
                FileHandle.standardError.send(Data("gauntlet: \(path) names no target and the embedded server is not running\n".utf8))
                throw ExitStatus.couldNotRun
            }
            baseURL = embedded.baseURL
        }
        let load = scenario.load
        let peak = loaded.plan.model.peakConcurrency
        let configuration = LoadConfiguration(
            baseURL: baseURL, catalog: loaded.catalog,
            expectations: scenario.replay != nil
                ? nil : scenario.requests.map { ResponseExpectation(statuses: $0.expectedStatuses, checks: $0.checks) },
            model: loaded.plan.model, warmup: loaded.plan.warmup, timeout: load.timeout,
            connectTimeout: min(load.timeout, LoadConfiguration.defaultConnectTimeout),
            connections: load.connections ?? max(LoadConfiguration.defaultConnections, peak),
            workers: workers, insecure: insecure)
        let methods = Set(loaded.catalog.requests.map(\.method)).sorted().joined(separator: ",")
        return (configuration, methods, load.seed)
    }

    /// Turns the flags into an engine configuration; every problem is bad input (exit 2).
    func urlConfiguration() throws -> (LoadConfiguration, String, UInt64) {
        do {
            let url = try RequestSpec.parseURL(self.url ?? "")
            let measured = try DurationParser.nanoseconds(duration ?? "10s")
            let warmup = try DurationParser.nanoseconds(self.warmup ?? "0s")
            let timeout = try DurationParser.nanoseconds(self.timeout ?? "30s")
            let seed = self.seed ?? LoadSection.defaultSeed
            guard measured > 0 else { throw ValidationError("--duration must be longer than 0s") }
            guard timeout > 0 else { throw ValidationError("--timeout must be longer than 0s") }
            let end = warmup + measured

            let model: LoadModel
            if let rate {
                let perSecond = try RateParser.perSecond(rate)
                model = .openLoop(ArrivalSchedule(rate: perSecond, process: arrivals ?? .constant, seed: seed, end: end))
            } else {
                let think = try DurationParser.nanoseconds(thinkTime ?? "0s")
                model = .closedLoop(concurrency: concurrency ?? 1, thinkTime: think, end: end)
            }
            let requestBody = try body.map(Self.readBody)
            let request = RequestSpec(
                url: url, method: (method ?? (requestBody == nil ? "GET" : "POST")).uppercased(),
                headers: header, body: requestBody)
            let configuration = LoadConfiguration(
                request: request, model: model, warmup: warmup, timeout: timeout,
                connectTimeout: min(timeout, LoadConfiguration.defaultConnectTimeout),
                connections: connections ?? concurrency ?? LoadConfiguration.defaultConnections,
                workers: workers, insecure: insecure)
            return (configuration, request.method, seed)
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError("\(error)")
        }
    }

    static func readBody(_ argument: String) throws -> Data {
        guard argument.hasPrefix("@") else { return Data(argument.utf8) }
        let path = String(argument.dropFirst())
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("--body: cannot read file '\(path)'")
        }
        return data
    }
}

extension ArrivalProcess: ExpressibleByArgument {}

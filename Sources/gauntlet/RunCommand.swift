import ArgumentParser
import Foundation
import GauntletCore
import GauntletReport
import GauntletRun

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
              gauntlet run --url http://127.0.0.1:8080/ --rate 5000 --http2 --connections 4 --streams-per-connection 32
              gauntlet run --url http://127.0.0.1:8080/ --rate 100 --objective 'latency.p99 < 50ms' --objective 'error_rate < 1%'
              gauntlet run scenarios/steady.yaml --target https://staging.example.com --duration 1m --rate-scale 0.5
              gauntlet run scenarios/steady.yaml --env API_TOKEN=abc123
              gauntlet run --url https://models.internal/v2/health/ready --rate 10 \\
                  --cacert ca.pem --cert client.pem --key client.key

            With a scenario, --target, --duration, --warmup, --rate-scale, --seed, --timeout, --connections, \
            --http2, --streams-per-connection and --env override the file for this run; the report records \
            which (never an --env value).

            TLS: the CA bundle is --cacert, else the scenario's tls.ca, else $CURL_CA_BUNDLE, \
            else $SSL_CERT_FILE, else the system's. The flags override the scenario's tls: section.
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

    @Option(help: "How long to measure, after the warm-up, e.g. 30s or 5m (default 10s); a scenario's phases are stretched or shrunk in proportion.")
    var duration: String?

    @Option(help: "With a scenario: multiply every open-loop rate (a replay's speed) by this, e.g. 0.5 or 2.")
    var rateScale: Double?

    @Option(help: "With a scenario: send to this base URL instead of its target (or its embedded server).")
    var target: String?

    @Option(help: "A value for ${NAME} in the scenario, NAME=VALUE; repeatable; wins over the environment.")
    var env: [String] = []

    @Option(help: "With --url: an objective to gate the run on, e.g. 'latency.p99 < 50ms'; repeatable (see docs/scenarios.md, Objectives).")
    var objective: [String] = []

    @Option(help: "Send for this long first, kept out of every figure, e.g. 5s (default none).")
    var warmup: String?

    @Option(help: "Arrival spacing in open loop: constant (default), poisson, or gamma (see --burstiness).")
    var arrivals: ArrivalProcess?

    @Option(help: "With --arrivals gamma: the gaps' shape; 1 is Poisson, below 1 burstier (0.5: gaps vary twice as much), above 1 more even (default 1).")
    var burstiness: Double?

    @Option(help: "Seed for the arrival schedule; the same seed gives the same schedule (default 1).")
    var seed: UInt64?

    @Option(help: "HTTP method (default GET, or POST when a body is given).")
    var method: String?

    @Option(name: [.customShort("H"), .long], help: "A request header, 'Name: value'; repeatable.")
    var header: [String] = []

    @Option(help: "Request body: literal text, or @FILE to read it from a file.")
    var body: String?

    @Option(help: "With --url to an OpenAI-compatible endpoint (…/v1/chat/completions or …/v1/completions): send this model a streamed request and read the tokens (TTFT, ITL, tokens/s).")
    var openai: String?

    @Option(help: "With --openai: the prompt, or the chat's one user message (default 'Hello').")
    var prompt: String?

    @Option(help: "With --openai: the most output tokens per answer (default: the server's, 16 for most).")
    var maxTokens: Int?

    @Option(help: "Per-request timeout, connecting included, e.g. 5s (default 30s).")
    var timeout: String?

    @Option(help: "Open connections across all workers; with --streams-per-connection, also caps requests in flight (default 64, or what --concurrency needs).")
    var connections: Int?

    @Flag(help: "Speak HTTP/2: prior knowledge for http://, ALPN for https:// (the report counts answers by the version they came in).")
    var http2 = false

    @Option(help: "With --http2: requests in flight on one connection at once, as streams (default 1).")
    var streamsPerConnection: Int?

    @OptionGroup(title: "Generator")
    var generator: GeneratorFlags

    @OptionGroup(title: "TLS")
    var tls: TLSFlags

    @OptionGroup(title: "Reports")
    var report: ReportFlags

    @Flag(help: "Print nothing but errors: no progress, no summary (--json still prints its JSON), no file names.")
    var quiet = false

    @Option(help: ArgumentHelp(
        "Model repository for the embedded reference server, used when a scenario names no target.",
        discussion: "Default: the scenario's 'server: models:', then $GAUNTLET_MODELS, then ./models, then the models folder of the checkout or installation this executable belongs to."))
    var models: String?

    @Option(help: "Send only segment K of N of the schedule (1-based), e.g. 2/4; merge the N reports with 'gauntlet merge'.")
    var segment: String?

    @Option(help: "Start the schedule at this wall-clock instant: RFC 3339 UTC (2026-12-02T10:00:00Z) or +30s from now.")
    var startAt: String?

    mutating func validate() throws {
        switch (scenario, url) {
        case (nil, nil): throw ValidationError("give a scenario file, or --url for a quick look")
        case (.some, .some): throw ValidationError("give a scenario file or --url, not both")
        case (.some, nil):
            let quickLookFlags: [Any?] = [rate, concurrency, method, body, thinkTime, arrivals, burstiness, openai, prompt, maxTokens]
            guard quickLookFlags.allSatisfy({ $0 == nil }) && header.isEmpty && objective.isEmpty else {
                throw ValidationError(
                    "--rate, --concurrency, --arrivals, --burstiness, --method, --header, --body, --openai, --prompt, --max-tokens, --think-time and --objective go with --url; a scenario sets them in its file (--duration, --warmup, --rate-scale, --target, --seed, --timeout, --connections and --env override it)")
            }
        case (nil, .some):
            switch (rate, concurrency) {
            case (nil, nil): throw ValidationError("give --rate (open loop) or --concurrency (closed loop)")
            case (.some, .some): throw ValidationError("give --rate or --concurrency, not both")
            default: break
            }
            if rateScale != nil || target != nil || !env.isEmpty {
                throw ValidationError("--rate-scale, --target and --env change a scenario; with --url, set the rate and the URL themselves")
            }
            if let concurrency, concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
            if let burstiness {
                guard arrivals == .gamma else {
                    throw ValidationError("--burstiness shapes gamma arrivals; add --arrivals gamma (burstiness 1 is Poisson)")
                }
                let range = ArrivalProcess.burstinessRange
                guard range.contains(burstiness) else {
                    throw ValidationError("--burstiness must be between \(range.lowerBound.compact) and \(range.upperBound.compact), not \(burstiness.compact)")
                }
            }
            if openai != nil && body != nil { throw ValidationError("--openai builds the body; give it or --body, not both") }
            if openai == nil && (prompt != nil || maxTokens != nil) {
                throw ValidationError("--prompt and --max-tokens shape an --openai request; add --openai MODEL")
            }
            if let maxTokens, !(1...1_000_000).contains(maxTokens) { throw ValidationError("--max-tokens must be 1–1000000, not \(maxTokens)") }
            if let openai, openai.isEmpty { throw ValidationError("--openai needs the model's name") }
            if let connections, connections < 1 { throw ValidationError("--connections must be at least 1") }
            if let streamsPerConnection, streamsPerConnection < 1 { throw ValidationError("--streams-per-connection must be at least 1") }
            if let streamsPerConnection, let problem = LoadSection.streamsProblem(streamsPerConnection, http: http2 ? .http2 : .http1_1) {
                throw ValidationError("--streams-per-connection: \(problem)\(http2 ? "" : "; add --http2")")
            }
            for line in header where !line.contains(":") {
                throw ValidationError("--header '\(RequestText.visible(line))' must look like 'Name: value'")
            }
        }
        for pair in env where !pair.contains("=") || !SecretReference.isValidName(String(pair.prefix { $0 != "=" })) {
            throw ValidationError("--env '\(pair)' must look like NAME=VALUE, NAME made of letters, digits and _")
        }
        _ = try runSegment()
    }

    func run() throws {
        let loaded = try loadScenario()
        // Said before sending, when the run can still be changed; the verdict decides the exit code,
        // and --quiet (nothing but errors) leaves it to the verdict line.
        if !quiet {
            for warning in loaded.forecast.warnings(loaded.objectives) { Console.error("gauntlet: warning: \(warning)") }
        }
        let startAt = try startInstant()
        let request = RunRequest(
            scenario: loaded, workers: generator.workers, tls: try tls.settings(for: loaded.scenario), segment: try runSegment(),
            startAt: startAt, models: models, idlePolling: generator.idlePoll, proxy: generator.proxySetting,
            sendWindow: generator.sendWindowNanoseconds)
        let pipeline = RunPipeline(request)
        let signals = SignalForwarder { pipeline.stop() }
        let progress = quiet
            ? nil
            : ProgressReporter(
                model: loaded.plan.model.segment(request.segment), warmup: loaded.plan.warmup, phases: loaded.plan.timeline,
                segment: request.segment, terminal: ProgressReporter.standardErrorIsTerminal)
        let outcome: RunOutcome
        do {
            defer { progress?.stop() }
            outcome = try pipeline.execute { event in
                switch event {
                case .serverStarted(let url, let models, let options):
                    let faults = options.faults.isActive ? "; faults: \(options.faults.summary)" : ""
                    if !quiet { Console.error("gauntlet: embedded reference server at \(url) (models from \(models)\(faults))") }
                case .starting(let plan, let startAt):
                    let segment = request.segment.isWhole ? "" : " · segment \(request.segment)"
                    let start = startAt.map { " · starts at \(StartTime.format($0))" } ?? ""
                    if !quiet {
                        Console.error("gauntlet: \(plan.method) \(plan.url) · \(TextSummaryRenderer.loadDescription(plan))\(segment)\(start)")
                    }
                    progress?.start(at: startAt)
                case .second(let point):
                    progress?.record(point)
                }
            }
        } catch {
            Console.error("gauntlet: error: \(error)")
            throw ExitStatus.couldNotRun
        }
        let result = outcome.result.judged(strict: report.strict)
        try report.deliver(result, name: loaded.scenario.name, quiet: quiet)

        if let signal = signals.received { throw signal == SIGTERM ? ExitStatus.terminated : ExitStatus.interrupted }
        if let aborted = result.aborted {
            Console.error("gauntlet: ended after \(aborted.afterSeconds.formatted(fractionDigits: 0))s: \(aborted.message)")
        }
        if outcome.targetUnreachable {
            Console.error("gauntlet: the target was never reached: every request failed to connect")
            throw ExitStatus.couldNotRun
        }
        if !request.segment.isWhole {
            // A segment alone is part of the data: the gate is judged over all of them by `gauntlet merge`.
            if !quiet { Console.error("gauntlet: segment \(request.segment): objectives are judged on the merged segments (gauntlet merge)") }
            return
        }
        let code = result.verdict.exitCode(strict: report.strict)
        if code != 0 {
            // Without the summary, a failed gate still says why.
            if quiet && !report.json { Console.error("gauntlet: \(TextReportRenderer.verdictLine(result))") }
            throw ExitStatus(code: code)
        }
    }
}

extension ArrivalProcess: ExpressibleByArgument {}

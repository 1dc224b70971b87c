import Foundation
import GauntletCore
import GauntletLoad
import Synchronization

/// `gauntlet compare` as a library call: the one seeded schedule sent to every candidate in
/// the block plan's order (interleaved: one candidate at a time, back to back; mirrored: all at
/// once), each block measured on its own, then the statistics. Embedded reference servers are
/// started once per candidate and kept for the whole comparison. Prints nothing, exits nothing.
public final class ComparisonPipeline: Sendable {
    public let request: ComparisonRequest
    private let engines = Mutex<[LoadEngine]>([])
    private let stopRequested = Atomic<Bool>(false)

    public init(_ request: ComparisonRequest) {
        self.request = request
    }

    /// Stops the comparison from any thread: the running block ends, no other starts.
    public func stop() {
        stopRequested.store(true, ordering: .relaxed)
        engines.withLock { $0.forEach { $0.stop() } }
    }

    /// What a comparison tells its caller as it goes.
    public enum Event: Sendable {
        case serverStarted(candidate: String, url: String, models: String)
        /// Step `step` of `steps` starts: a block (or the warm-up) sent to these candidates.
        case step(Int, of: Int, part: BlockPlan.Part, candidates: [String])
    }

    public func execute(events: @escaping @Sendable (Event) -> Void = { _ in }) throws(RunFailure) -> ComparisonOutcome {
        let loaded = request.scenario
        guard let plan = loaded.blockPlan, !loaded.candidates.isEmpty else {
            throw RunFailure("the scenario lists no candidates to compare")
        }
        let candidates = loaded.candidates
        var servers: [EmbeddedServer?] = []
        defer { servers.forEach { $0?.stop() } }
        var urls: [String] = []
        for candidate in candidates {
            if let url = candidate.targetURL {
                servers.append(nil)
                urls.append(url)
                continue
            }
            let models = try ModelRepositoryLocator(
                flag: request.models, scenarioModels: candidate.scenario.serverModels, executable: request.serverExecutable
            ).locate()
            do {
                let server = try EmbeddedServer(
                    executable: request.serverExecutable, models: models, options: candidate.scenario.server ?? ServingOptions())
                servers.append(server)
                urls.append(server.baseURL)
                events(.serverStarted(candidate: candidate.candidate.name, url: server.baseURL, models: models))
            } catch {
                throw RunFailure("candidate '\(candidate.candidate.name)': \(error)")
            }
        }

        let startedAt = Date()
        var blocks = Array(repeating: [RunMeasurements?](repeating: nil, count: plan.blocks.count), count: candidates.count)
        var positions = Array(repeating: [Int](repeating: 0, count: plan.blocks.count), count: candidates.count)
        var sentAsPlanned = Array(repeating: true, count: candidates.count)
        for (number, step) in plan.steps.enumerated() {
            if stopRequested.load(ordering: .relaxed) { break }
            events(.step(number + 1, of: plan.steps.count, part: step.part, candidates: step.candidates.map { candidates[$0].candidate.name }))
            let measured = try run(step, plan: plan, urls: urls)
            guard case .block(let block) = step.part else { continue }  // the warm-up is sent and dropped
            for (candidate, measurements) in zip(step.candidates, measured) {
                blocks[candidate][block] = measurements
                positions[candidate][block] = BlockPlan.order(ofBlock: block, candidates: candidates.count).firstIndex(of: candidate) ?? 0
                if measurements.schedule != Self.plannedDigest(plan.model(for: step.part)) { sentAsPlanned[candidate] = false }
            }
        }

        var measured: [ComparisonAnalysis.CandidateMeasurements] = []
        var results: [CompareResult.CandidateResult] = []
        for (index, candidate) in candidates.enumerated() {
            let done = blocks[index].enumerated().compactMap { block, measurements in measurements.map { (block, $0) } }
            guard var pooled = done.first?.1 else { throw RunFailure("no block was sent to candidate '\(candidate.candidate.name)'") }
            do {
                for (_, measurements) in done.dropFirst() { try pooled.merge(measurements) }
            } catch {
                throw RunFailure("candidate '\(candidate.candidate.name)': \(error)")
            }
            // The per-second series of blocks sent at different times do not add up to one timeline,
            // nor do their outages, timed from each block's own start.
            pooled.series = []
            pooled.seriesHistograms = []
            pooled.outages = []
            pooled.interrupted = done.count < plan.blocks.count || pooled.interrupted
            let result = RunResult(measurements: pooled, description: description(for: candidate, plan: plan, server: servers[index]))
            let figures = done.map { block, measurements in
                Self.figures(block: block, position: positions[index][block], measurements, seconds: plan.blocks[block])
            }
            measured.append(ComparisonAnalysis.CandidateMeasurements(
                name: candidate.candidate.name, baseline: candidate.candidate.baseline, blocks: figures, pooled: result,
                quality: pooled.quality))
            var traffic = plan.trafficDigest(catalog: candidate.catalog)
            if !sentAsPlanned[index] { traffic = TrafficDigest() }
            results.append(CompareResult.CandidateResult(
                name: candidate.candidate.name, baseline: candidate.candidate.baseline,
                target: candidate.targetURL ?? "\(urls[index]) (embedded reference server)", traffic: traffic, result: result,
                blocks: figures))
        }
        let analysis = ComparisonAnalysis(candidates: measured, objectives: loaded.objectives)
        let spans = plan.blocks.enumerated().map { index, span in
            CompareResult.BlockSpan(
                index: index, startSeconds: span.lowerBound.nanosecondsAsSeconds, endSeconds: span.upperBound.nanosecondsAsSeconds,
                order: BlockPlan.order(ofBlock: index, candidates: candidates.count).map { candidates[$0].candidate.name })
        }
        let environment = RunResult.EnvironmentInfo(
            host: ProcessInfo.processInfo.hostName, cores: ProcessInfo.processInfo.activeProcessorCount,
            os: ProcessInfo.processInfo.operatingSystemVersionString, gauntletVersion: GauntletVersion.current,
            startedAt: startedAt, endedAt: Date(),
            idlePolling: IdlePolling.combined(results.compactMap(\.result.environment.idlePolling)))
        let result = CompareResult(
            scenario: loaded.echo, environment: environment, mode: plan.mode.rawValue, blocks: spans, candidates: results,
            comparisons: analysis.comparisons, quality: analysis.quality, objectives: analysis.objectives,
            verdict: analysis.verdict)
        return ComparisonOutcome(result: result, interrupted: stopRequested.load(ordering: .relaxed))
    }

    /// Sends one step's part of the schedule to its candidates: one after the other's engine is
    /// done when interleaved (one candidate per step), all at once when mirrored.
    func run(_ step: BlockPlan.Step, plan: BlockPlan, urls: [String]) throws(RunFailure) -> [RunMeasurements] {
        let configurations = step.candidates.map { candidate in
            configuration(candidate, model: plan.model(for: step.part), url: urls[candidate], sharing: step.candidates.count)
        }
        let engines = configurations.map { LoadEngine(configuration: $0) }
        self.engines.withLock { $0 = engines }
        defer { self.engines.withLock { $0 = [] } }
        if stopRequested.load(ordering: .relaxed) { engines.forEach { $0.stop() } }
        let outcomes = Mutex<[Int: Result<RunMeasurements, LoadEngineError>]>([:])
        let group = DispatchGroup()
        for (index, engine) in engines.enumerated() {
            group.enter()
            Thread.detachNewThread {
                let outcome: Result<RunMeasurements, LoadEngineError>
                do { outcome = .success(try engine.run()) } catch { outcome = .failure(error as! LoadEngineError) }
                outcomes.withLock { $0[index] = outcome }
                group.leave()
            }
        }
        group.wait()
        var measured: [RunMeasurements] = []
        for index in engines.indices {
            switch outcomes.withLock({ $0[index] })! {
            case .success(let measurements): measured.append(measurements)
            case .failure(let error): throw RunFailure("\(error)")
            }
        }
        return measured
    }

    /// The engine's configuration for one candidate and one part of the schedule. Mirrored
    /// candidates share the machine, so they share its worker threads.
    func configuration(_ index: Int, model: LoadModel, url: String, sharing: Int) -> LoadConfiguration {
        let candidate = request.scenario.candidates[index]
        return LoadConfiguration(
            scenario: candidate.scenario, catalog: candidate.catalog, baseURL: url, model: model,
            connections: candidate.scenario.load.effectiveConnections, workers: max(1, request.workers / sharing),
            tls: request.tls ?? TLSSettings(), idlePolling: request.idlePolling, proxy: request.proxy,
            sendWindow: request.sendWindow)
    }

    /// How a candidate's pooled blocks are described: the whole measured schedule.
    func description(for candidate: LoadedCandidate, plan: BlockPlan, server: EmbeddedServer?) -> RunDescription {
        let loaded = request.scenario
        let scenario = candidate.scenario
        let measuredModel = loaded.plan.model.window(from: plan.blocks.first!.lowerBound, to: plan.blocks.last!.upperBound)
        let runPlan = RunPlan(
            url: candidate.targetURL ?? server?.baseURL ?? "", method: Set(candidate.catalog.requests.map(\.method)).sorted().joined(separator: ","),
            model: measuredModel, warmup: 0, seed: scenario.load.seed, timeout: scenario.load.timeout,
            connections: scenario.load.effectiveConnections, workers: request.workers, http: scenario.load.http,
            streamsPerConnection: scenario.load.streamsPerConnection,
            proxy: request.proxy == .none ? nil : request.proxy.description, sendWindow: request.sendWindow
        ).withGoodput(of: scenario, catalog: candidate.catalog)
        return RunDescription(
            echo: nil, plan: runPlan, phases: [], objectives: [], cost: scenario.cost,
            predictionsPerRequest: RunDescription.predictionsPerRequest(of: scenario, templateNames: candidate.catalog.templateNames),
            server: server?.usage())
    }

    /// The arrivals a part of the plan should send, as the engine fingerprints what it sent.
    static func plannedDigest(_ model: LoadModel) -> ScheduleDigest {
        var digest = ScheduleDigest()
        for arrival in model.schedule.arrivals() { digest.add(index: arrival.index, intended: arrival.intended) }
        return digest
    }

    static func figures(block: Int, position: Int, _ measurements: RunMeasurements, seconds span: Range<Nanoseconds>)
        -> CompareResult.BlockFigures
    {
        let length = (span.upperBound - span.lowerBound).nanosecondsAsSeconds
        func figures(_ recorder: Recorder) -> CompareResult.BlockFigures {
            let measured = recorder.measured
            var figures = CompareResult.BlockFigures(
                block: block, position: position, completed: measured.completed, ok: measured.ok, errors: measured.errors,
                // Successful requests' latency: a candidate failing fast must not look faster; its failures show in error_rate.
                latency: LatencyFigures(recorder.successLatency), throughput: length > 0 ? Double(measured.ok) / length : 0)
            figures.tokens = recorder.tokens.map { CompareResult.BlockFigures.BlockTokens($0, seconds: length) }
            return figures
        }
        var whole = figures(measurements.recorder)
        whole.requests = measurements.byRequest.mapValues(figures)
        return whole
    }
}

/// One comparison, ready to go.
public struct ComparisonRequest: Sendable {
    public var scenario: LoadedScenario
    public var workers: Int
    public var tls: TLSSettings?
    /// The embedded servers' model repository as the user named it; nil: found as for a run.
    public var models: String?
    public var serverExecutable: URL
    /// Keep idle CPUs polling while load runs (``IdlePollingHold``).
    public var idlePolling: Bool
    /// Through a proxy or not (``ProxySetting``); none unless asked.
    public var proxy: ProxySetting
    /// How late an open-loop send may go to share a wake-up (``LoadConfiguration/sendWindow``); 0: none.
    public var sendWindow: Nanoseconds

    public init(
        scenario: LoadedScenario, workers: Int = RunRequest.defaultWorkers, tls: TLSSettings? = nil, models: String? = nil,
        serverExecutable: URL = EmbeddedServer.currentExecutable, idlePolling: Bool = true,
        proxy: ProxySetting = .none, sendWindow: Nanoseconds = 0
    ) {
        self.proxy = proxy
        self.sendWindow = sendWindow
        self.scenario = scenario
        self.workers = workers
        self.tls = tls
        self.models = models
        self.serverExecutable = serverExecutable
        self.idlePolling = idlePolling
    }
}

public struct ComparisonOutcome: Sendable {
    public var result: CompareResult
    /// Stopped early: the blocks sent so far are compared, and the result is partial.
    public var interrupted: Bool
}

import Foundation
import GauntletCore
import GauntletLoad
import Synchronization

/// One run as a library call: starts the embedded reference server when the scenario names no
/// target, runs the load, and assembles the result and its verdict. It prints nothing, writes
/// no file and exits nothing; the caller decides what to show and what a verdict means.
public final class RunPipeline: Sendable {
    public let request: RunRequest
    private let engine = Mutex<LoadEngine?>(nil)
    private let stopRequested = Atomic<Bool>(false)

    public init(_ request: RunRequest) {
        self.request = request
    }

    /// Stops the run from any thread (a signal handler's, say): nothing new is sent, and
    /// ``execute(events:)`` returns what was measured, marked interrupted.
    public func stop() {
        stopRequested.store(true, ordering: .relaxed)
        engine.withLock { $0?.stop() }
    }

    /// Runs the request to its end (or a stop), blocking the caller.
    /// - Parameter events: told of the server's start, the load's start and each second, from
    ///   other threads.
    /// - Throws: ``RunFailure`` when nothing could be measured: the server did not start, the
    ///   agreed start had passed, or the engine failed.
    public func execute(events: @escaping @Sendable (RunEvent) -> Void = { _ in }) throws(RunFailure) -> RunOutcome {
        let loaded = request.scenario
        let scenario = loaded.scenario
        let tls: TLSSettings
        do {
            tls = try request.tls ?? TLSOptions().settings(for: scenario)
        } catch {
            throw RunFailure("\(error)")
        }
        var server: EmbeddedServer?
        if scenario.target == nil {
            let options = scenario.server ?? ServingOptions()
            let models = try ModelRepositoryLocator(
                flag: request.models, scenarioModels: scenario.serverModels, executable: request.serverExecutable
            ).locate()
            do {
                server = try EmbeddedServer(executable: request.serverExecutable, models: models, options: options)
            } catch {
                throw RunFailure("\(error)")
            }
            events(.serverStarted(url: server!.baseURL, models: models, options: options))
        }
        defer { server?.stop() }

        let configuration = configuration(baseURL: server?.baseURL, tls: tls)
        if let startAt = request.startAt, Date().timeIntervalSince(startAt) > StartTime.lateTolerance {
            throw RunFailure(
                "the agreed start \(StartTime.format(startAt)) passed \(DurationParser.format(Nanoseconds(Date().timeIntervalSince(startAt) * 1e9))) "
                    + "before this run was ready; start the segments with a later --start-at")
        }
        let plan = runPlan(configuration)
        // Judged second by second: an abort_on_fail objective that fails, or a target that
        // refuses every connection, ends the run now rather than after its whole duration.
        let liveGate = Mutex(LiveGate(objectives: loaded.objectives, warmup: configuration.warmup))
        let abort = Mutex<LiveGate.Abort?>(nil)
        // Weakly: the pipeline holds the engine, which holds this closure.
        let engine = LoadEngine(configuration: configuration) { [weak self] point, merged in
            events(.second(point))
            if let decided = liveGate.withLock({ $0.add(merged) }) {
                abort.withLock { $0 = decided }
                self?.engine.withLock { $0?.stop() }
            }
        }
        self.engine.withLock { $0 = engine }
        if stopRequested.load(ordering: .relaxed) { engine.stop() }
        events(.starting(plan: plan, startAt: request.startAt))

        let measurements: RunMeasurements
        do {
            measurements = try engine.run()
        } catch {
            throw RunFailure("\(error)")
        }
        let segment = request.segment.isWhole && request.startAt == nil
            ? nil
            : SegmentRecord(
                segment: request.segment, startAt: request.startAt, actualStart: measurements.startedAt,
                host: ProcessInfo.processInfo.hostName)
        let description = RunDescription(
            echo: loaded.echo, plan: plan, phases: loaded.plan.timeline, objectives: loaded.objectives, cost: scenario.cost,
            predictionsPerRequest: RunDescription.predictionsPerRequest(of: scenario, templateNames: loaded.catalog.templateNames),
            server: server?.usage(), segment: segment)
        var result = RunResult(measurements: measurements, description: description)
        if let decided = abort.withLock({ $0 }) {
            result.aborted = RunResult.AbortRecord(decided)
            if case .objective = decided { result.verdict = .fail }
        }
        return RunOutcome(result: result)
    }

    /// The engine's configuration: this segment's share of the load, against the target.
    func configuration(baseURL embeddedURL: String?, tls: TLSSettings) -> LoadConfiguration {
        let loaded = request.scenario
        let scenario = loaded.scenario
        let baseURL = loaded.targetURL ?? embeddedURL ?? ""
        return LoadConfiguration(
            scenario: scenario, catalog: loaded.catalog, baseURL: baseURL, model: loaded.plan.model.segment(request.segment),
            warmup: loaded.plan.warmup, phaseStarts: loaded.plan.phaseStarts,
            connections: max(1, request.segment.share(of: scenario.load.effectiveConnections)),
            workers: request.workers, tls: tls, segment: request.segment, startAt: request.startAt,
            idlePolling: request.idlePolling, proxy: request.proxy, sendWindow: request.sendWindow)
    }

    /// What the run was asked to do, as its result echoes it: this segment's share.
    func runPlan(_ configuration: LoadConfiguration) -> RunPlan {
        let loaded = request.scenario
        let scenario = loaded.scenario
        // A quick look's URL is its target and its one path, as given; a scenario's is its target as written.
        let url = loaded.source == nil
            ? (scenario.target ?? "") + (scenario.requests.first?.path ?? "")
            : scenario.target ?? configuration.baseURL
        var plan = RunPlan(
            url: url, method: Set(loaded.catalog.requests.map(\.method)).sorted().joined(separator: ","),
            model: configuration.model, warmup: configuration.warmup, seed: scenario.load.seed,
            timeout: configuration.timeout, connections: configuration.connections, workers: configuration.effectiveWorkers,
            http: configuration.http, streamsPerConnection: configuration.streamsPerConnection,
            proxy: configuration.proxy == .none ? nil : configuration.proxy.description,
            sendWindow: configuration.sendWindow)
        plan.targetRate = plan.targetRate.map { $0 / Double(request.segment.count) }
        return plan.withGoodput(of: scenario, catalog: loaded.catalog)
    }
}

import Foundation
import GauntletCore
import GauntletLoad
import Synchronization

/// `gauntlet capacity` as a library call: the embedded reference server (or the target) is kept
/// for the whole search; each step sends the scenario's requests at one constant open-loop rate
/// (or one closed-loop concurrency) after a warm-up, ``CapacityStepJudge`` judges it, and
/// ``CapacitySearch`` picks the next rate. Prints nothing, exits nothing.
public final class CapacityPipeline: Sendable {
    public let request: CapacityRequest
    private let engine = Mutex<LoadEngine?>(nil)
    private let stopRequested = Atomic<Bool>(false)
    /// Whether idle CPUs polled during each measurement so far, for the result's environment.
    private let idlePolling = Mutex<[IdlePolling]>([])

    public init(_ request: CapacityRequest) {
        self.request = request
    }

    /// Stops the search from any thread: the running step ends, no other starts, and the result
    /// keeps the steps so far, marked partial.
    public func stop() {
        stopRequested.store(true, ordering: .relaxed)
        engine.withLock { $0?.stop() }
    }

    public enum Event: Sendable {
        case serverStarted(url: String, models: String, options: ServingOptions)
        /// Step `number` starts at this rate (or concurrency); `extensionNumber` > 0 measures it again.
        case stepStarting(number: Int, rate: Double?, concurrency: Int?, extensionNumber: Int, stage: CapacitySearch.Stage)
        case second(SecondPoint)
        case stepFinished(CapacityStep)
        /// A scenario with candidates: this one's search starts.
        case candidateStarting(String)
    }

    public func execute(events: @escaping @Sendable (Event) -> Void = { _ in }) throws(RunFailure) -> CapacityOutcome {
        let loaded = request.scenario
        let startedAt = Date()
        guard !loaded.candidates.isEmpty else {
            let only = try search(SearchTarget(loaded), events: events)
            let interrupted = stopRequested.load(ordering: .relaxed)
            return CapacityOutcome(result: only, interrupted: interrupted)
        }
        // Candidates one after another, each against its own target or server: the same search,
        // so their plans compare at the same objectives.
        var results: [CapacityResult] = []
        for candidate in loaded.candidates {
            if stopRequested.load(ordering: .relaxed) { break }
            events(.candidateStarting(candidate.candidate.name))
            results.append(try search(SearchTarget(candidate, objectives: loaded.objectives), events: events))
        }
        let interrupted = stopRequested.load(ordering: .relaxed)
        let first = results.first
        let combined = CapacityResult(
            scenario: loaded.echo, environment: environment(startedAt: startedAt),
            mode: first?.mode ?? (request.section.concurrency == nil ? "rate" : "concurrency"),
            settings: first?.settings ?? settings(for: loaded.scenario), target: "\(loaded.candidates.count) candidates",
            serverConfiguration: nil, objectives: first?.objectives ?? [], steps: [], rateMax: nil, finish: nil, plan: nil,
            planRefusal: nil, partial: interrupted || results.count < loaded.candidates.count, candidates: results)
        return CapacityOutcome(result: combined, interrupted: interrupted)
    }

    /// What one search is aimed at: the scenario's target, or one candidate's view of it.
    struct SearchTarget {
        var name: String?
        var baseline: Bool
        var scenario: Scenario
        var catalog: RequestCatalog
        var targetURL: String?
        var objectives: [Objective]
        var echo: RunResult.ScenarioEcho?

        init(_ loaded: LoadedScenario) {
            name = nil
            baseline = false
            scenario = loaded.scenario
            catalog = loaded.catalog
            targetURL = loaded.targetURL
            objectives = loaded.objectives
            echo = loaded.echo
        }

        init(_ candidate: LoadedCandidate, objectives: [Objective]) {
            name = candidate.candidate.name
            baseline = candidate.candidate.baseline
            scenario = candidate.scenario
            catalog = candidate.catalog
            targetURL = candidate.targetURL
            self.objectives = objectives
            echo = nil
        }

        /// Relative objectives compare candidates with each other; one target's steps cannot judge them.
        var absoluteObjectives: [Objective] { objectives.filter { !$0.isRelative } }
    }

    /// One search, start to end, against one target (its embedded server started and stopped here).
    func search(_ target: SearchTarget, events: @escaping @Sendable (Event) -> Void) throws(RunFailure) -> CapacityResult {
        let scenario = target.scenario
        let tls: TLSSettings
        do { tls = try request.tls ?? TLSOptions().settings(for: scenario) } catch { throw RunFailure("\(error)") }
        var server: EmbeddedServer?
        if target.targetURL == nil {
            let options = scenario.server ?? ServingOptions()
            let models = try ModelRepositoryLocator(
                flag: request.models, scenarioModels: scenario.serverModels, executable: request.serverExecutable
            ).locate()
            do {
                server = try EmbeddedServer(executable: request.serverExecutable, models: models, options: options)
            } catch {
                throw RunFailure("\(target.name.map { "candidate '\($0)': " } ?? "")\(error)")
            }
            events(.serverStarted(url: server!.baseURL, models: models, options: options))
        }
        defer { server?.stop() }
        let startedAt = Date()
        let context = StepContext(
            target: target, baseURL: target.targetURL ?? server?.baseURL ?? "", tls: tls, server: server, events: events)

        var steps: [CapacityStep] = []
        var search: CapacitySearch?
        if let sweep = request.section.concurrency {
            for level in sweep.levels {
                if stopRequested.load(ordering: .relaxed) { break }
                guard let step = try measureStep(number: steps.count + 1, rate: nil, concurrency: level, stage: .sweep,
                                                 extensions: request.section.extensions, context: context) else { break }
                steps.append(step)
                events(.stepFinished(step))
            }
        } else {
            var rateSearch = CapacitySearch(request.section)
            while let probe = rateSearch.next {
                guard probe.extensionNumber == 0 else { preconditionFailure("steps extend inside measureStep") }
                if stopRequested.load(ordering: .relaxed) { rateSearch.interrupt(); break }
                guard let step = try measureStep(number: steps.count + 1, rate: probe.rate, concurrency: nil, stage: probe.stage,
                                                 extensions: request.section.extensions, context: context) else {
                    rateSearch.interrupt()
                    break
                }
                steps.append(step)
                events(.stepFinished(step))
                // The step already spent its extensions; an outcome still open is inconclusive.
                rateSearch.record(step.outcome == .undecided ? .inconclusive : step.outcome)
            }
            search = rateSearch
        }
        return result(
            target, steps: steps, search: search, server: server, startedAt: startedAt,
            partial: stopRequested.load(ordering: .relaxed))
    }

    struct StepContext {
        var target: SearchTarget
        var baseURL: String
        var tls: TLSSettings
        var server: EmbeddedServer?
        var events: @Sendable (Event) -> Void
    }

    /// Measures one step, again while its verdict is open and extensions remain, and judges it.
    /// nil when a stop cut its first measurement short: nothing of it is kept.
    func measureStep(
        number: Int, rate: Double?, concurrency: Int?, stage: CapacitySearch.Stage, extensions: Int, context: StepContext
    ) throws(RunFailure) -> CapacityStep? {
        let section = request.section
        let cpuBefore = context.server?.usage()?.cpuSeconds
        let load = context.target.scenario.load
        let connections = max(load.effectiveConnections, ((concurrency ?? 0) + load.streamsPerConnection - 1) / load.streamsPerConnection)
        let judge = CapacityStepJudge(objectives: context.target.absoluteObjectives, lateAfter: section.lateAfter)
        var merged: RunMeasurements?
        var scheduled: UInt64 = 0
        var judged: (measured: CapacityStepJudge.Measured, judgement: CapacityStepJudge.Judgement)?
        var extensionNumber = 0, measuredCount = 0
        while true {
            context.events(.stepStarting(number: number, rate: rate, concurrency: concurrency, extensionNumber: extensionNumber, stage: stage))
            let model = Self.model(rate: rate, concurrency: concurrency, section: section, load: load, step: number,
                                   extensionNumber: extensionNumber)
            let measurements = try run(model: model, connections: connections, context: context)
            // A stop cuts the measurement short: what it got is not a step's worth, and is dropped.
            if measurements.interrupted { break }
            measuredCount += 1
            if merged == nil {
                merged = measurements
            } else {
                do { try merged!.merge(measurements) } catch { throw RunFailure("step \(number): \(error)") }
                // Each extension is a run of its own, timed from its own start: their outages are no one timeline.
                merged!.outages = []
            }
            if rate != nil { scheduled += Self.scheduledCount(model, warmup: section.warmup) }
            let plan = runPlan(
                context.target, rate: rate, concurrency: concurrency, measured: section.stepDuration * UInt64(extensionNumber + 1),
                connections: connections, url: context.baseURL)
            let measured = CapacityStepJudge.Measured(
                measurements: merged!, summary: RunSummary(plan: plan, measurements: merged!), lastSeries: measurements.series,
                warmupSeconds: Int(section.warmup / TimeUnit.nanosecondsPerSecond), scheduled: rate == nil ? nil : scheduled,
                connections: connections)
            judged = (measured, judge.judge(measured))
            guard judged!.judgement.outcome == .undecided, extensionNumber < extensions, !stopRequested.load(ordering: .relaxed) else { break }
            extensionNumber += 1
        }
        guard let (measured, judgement) = judged else { return nil }
        var outcome = judgement.outcome
        var reasons = judgement.reasons
        if outcome == .undecided {
            outcome = .inconclusive
            reasons.append(stopRequested.load(ordering: .relaxed)
                ? "interrupted before the verdict settled"
                : "still open after \(extensions) extension\(extensions == 1 ? "" : "s")")
        }
        let usage = context.server?.usage()
        return CapacityStep(
            number: number, stage: stage, offeredRate: rate, concurrency: concurrency,
            extensions: measuredCount - 1, measured: measured, judgement: judgement, outcome: outcome,
            reasons: reasons, lateAfter: section.lateAfter,
            serverCPUSeconds: cpuBefore.flatMap { before in usage.map { $0.cpuSeconds - before } },
            serverPeakResidentBytes: usage?.peakResidentBytes)
    }

    /// One measurement: the engine on `model` against the target, stoppable.
    func run(model: LoadModel, connections: Int, context: StepContext) throws(RunFailure) -> RunMeasurements {
        let configuration = LoadConfiguration(
            scenario: context.target.scenario, catalog: context.target.catalog, baseURL: context.baseURL, model: model,
            warmup: request.section.warmup, connections: connections, workers: request.workers, tls: context.tls,
            idlePolling: request.idlePolling, proxy: request.proxy, sendWindow: request.sendWindow)
        let events = context.events
        let engine = LoadEngine(configuration: configuration) { point, _ in events(.second(point)) }
        self.engine.withLock { $0 = engine }
        defer { self.engine.withLock { $0 = nil } }
        if stopRequested.load(ordering: .relaxed) { engine.stop() }
        let measurements: RunMeasurements
        do { measurements = try engine.run() } catch { throw RunFailure("\(error)") }
        if let state = measurements.idlePolling { idlePolling.withLock { $0.append(state) } }
        return measurements
    }

    /// This machine, the search's span, and whether idle CPUs polled through its measurements.
    func environment(startedAt: Date) -> RunResult.EnvironmentInfo {
        .current(startedAt: startedAt, endedAt: Date(), idlePolling: IdlePolling.combined(idlePolling.withLock { $0 }))
    }

    /// A step's load: the warm-up and the measured duration at one rate (a seed of its own per
    /// step and extension, so a Poisson step does not replay the last one's gaps), or one closed level.
    static func model(
        rate: Double?, concurrency: Int?, section: CapacitySection, load: LoadSection, step: Int, extensionNumber: Int
    ) -> LoadModel {
        let end = section.warmup + section.stepDuration
        if let concurrency {
            return .closedLoop(concurrency: concurrency, thinkTime: 0, end: end)
        }
        let seed = load.seed &+ UInt64(step) &* 1_000 &+ UInt64(extensionNumber)
        return .openLoop(ArrivalSchedule(rate: rate!, process: load.arrivals, seed: seed, end: end, burstiness: load.burstiness))
    }

    /// Arrivals due after the warm-up.
    static func scheduledCount(_ model: LoadModel, warmup: Nanoseconds) -> UInt64 {
        var count: UInt64 = 0
        for arrival in model.schedule.arrivals() where arrival.intended >= warmup { count += 1 }
        return count
    }

    func runPlan(_ target: SearchTarget, rate: Double?, concurrency: Int?, measured: Nanoseconds, connections: Int, url: String) -> RunPlan {
        let scenario = target.scenario
        let model = Self.model(
            rate: rate, concurrency: concurrency,
            section: CapacitySection(stepDuration: measured, warmup: request.section.warmup), load: scenario.load, step: 0,
            extensionNumber: 0)
        return RunPlan(
            url: url, method: Set(target.catalog.requests.map(\.method)).sorted().joined(separator: ","),
            model: model, warmup: request.section.warmup, seed: scenario.load.seed, timeout: scenario.load.timeout,
            connections: connections, workers: request.workers, http: scenario.load.http,
            streamsPerConnection: scenario.load.streamsPerConnection,
            proxy: request.proxy == .none ? nil : request.proxy.description, sendWindow: request.sendWindow
        ).withGoodput(of: scenario, catalog: target.catalog)
    }

    func result(
        _ target: SearchTarget, steps: [CapacityStep], search: CapacitySearch?, server: EmbeddedServer?, startedAt: Date,
        partial: Bool
    ) -> CapacityResult {
        let scenario = target.scenario
        var plan: CapacityPlan?
        var refusal: String?
        if var inputs = request.section.plan {
            // As a run's cost counts them: the scenario's figure, else the rows of a V2 body.
            if scenario.cost?.predictionsPerRequest == nil, case .inferV2(let body)? = scenario.requests.first?.body {
                inputs.predictionsPerRequest = body.rows
            }
            let perInstance = search?.rateMax.low
                ?? steps.filter { $0.outcome == .pass }.map(\.okRate).max()
            do { plan = try CapacityPlan(inputs, ratePerInstance: perInstance ?? 0) } catch { refusal = error.description }
        }
        var result = CapacityResult(
            scenario: target.echo, environment: environment(startedAt: startedAt),
            mode: request.section.concurrency == nil ? "rate" : "concurrency", settings: settings(for: scenario),
            target: target.targetURL ?? "\(server?.baseURL ?? "") (embedded reference server)",
            serverConfiguration: server?.options.summary, objectives: target.absoluteObjectives.map(\.description), steps: steps,
            rateMax: search?.rateMax, finish: search?.finish, plan: plan, planRefusal: refusal, partial: partial)
        result.candidate = target.name
        result.baseline = target.name == nil ? nil : target.baseline
        return result
    }

    func settings(for scenario: Scenario) -> CapacityResult.Settings {
        let section = request.section
        return CapacityResult.Settings(
            startRate: section.concurrency == nil ? section.startRate : nil,
            maxRate: section.concurrency == nil ? section.maxRate : nil,
            resolution: section.concurrency == nil ? section.resolution.text : nil,
            concurrency: section.concurrency?.levels, stepSeconds: section.stepDuration.nanosecondsAsSeconds,
            warmupSeconds: section.warmup.nanosecondsAsSeconds, extensions: section.extensions,
            lateAfterMilliseconds: section.lateAfter.nanosecondsAsMilliseconds, arrivals: scenario.load.arrivals.rawValue,
            connections: scenario.load.effectiveConnections, workers: request.workers,
            burstiness: scenario.load.arrivals == .gamma ? scenario.load.burstiness : nil)
    }
}

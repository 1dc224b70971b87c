import Foundation
import GauntletCore

/// A scenario with everything a run needs read and checked: its load plan, every request it
/// can send, and its validated objectives.
public struct LoadedScenario: Sendable {
    public let scenario: Scenario
    /// The file as written, for the result's echo; nil for `run --url`, whose flags may carry
    /// headers and bodies that are never written to a report.
    public let source: String?
    public let plan: LoadPlan
    public let catalog: RequestCatalog
    public let objectives: [Objective]
    /// The base URL with its `${NAME}`s filled in; nil for the embedded reference server.
    public let targetURL: String?
    /// The command-line overrides applied, as a report records them.
    public let overrides: [String]
    /// For a scenario that compares candidates, each one's view of it, in the scenario's order;
    /// empty otherwise. ``catalog`` is then the baseline's.
    public let candidates: [LoadedCandidate]
    /// For a scenario that compares candidates, how the schedule is cut and sent to them.
    public let blockPlan: BlockPlan?

    init(
        scenario: Scenario, source: String?, plan: LoadPlan, catalog: RequestCatalog, objectives: [Objective],
        environment: [String: String], overrides: [String] = [], candidates: [LoadedCandidate] = [], blockPlan: BlockPlan? = nil
    ) {
        self.scenario = scenario
        self.source = source
        self.plan = plan
        self.catalog = catalog
        self.objectives = objectives
        targetURL = scenario.target.map { SecretReference.substitute($0, from: environment) }
        self.overrides = overrides
        self.candidates = candidates
        self.blockPlan = blockPlan
    }

    /// How many samples each objective will rest on, from the plan and the mix, before anything is sent.
    public var forecast: SampleForecast {
        SampleForecast(
            plan: plan, catalog: catalog,
            predictionsPerRequest: RunDescription.predictionsPerRequest(of: scenario, templateNames: catalog.templateNames))
    }

    /// The scenario as a result echoes it; nil for `run --url`.
    public var echo: RunResult.ScenarioEcho? {
        source.map { source in
            RunResult.ScenarioEcho(
                name: scenario.name, file: scenario.file, description: scenario.description, target: scenario.target,
                source: source, secrets: scenario.secrets, overrides: overrides.isEmpty ? nil : overrides)
        }
    }
}

/// One candidate of a comparison, ready to be sent its share: its view of the scenario
/// (``Scenario/resolved(for:)``) and the requests built from it.
public struct LoadedCandidate: Sendable {
    public let candidate: Candidate
    /// The scenario as this candidate is sent it: its variables filled in, its target or server.
    public let scenario: Scenario
    /// The same requests as every other candidate's, in the same order, with its variables filled in.
    public let catalog: RequestCatalog
    /// Its base URL with its `${NAME}`s filled in; nil for an embedded reference server.
    public let targetURL: String?
}

/// Reads a scenario file and the files it names (data, traces), and turns them into what a
/// run needs. Every problem is a located `ScenarioError`: bad input, exit 2, nothing sent.
public enum ScenarioLoader {
    /// What the scenario is loaded for, which decides whether it may (or must) compare candidates.
    public enum Purpose: Sendable {
        /// `gauntlet run`: one target; a scenario with candidates is refused.
        case run
        /// `gauntlet compare`: a scenario without candidates is refused.
        case compare
        /// `gauntlet capacity`: the `capacity:` section's steps replace the load phases.
        case capacity
        /// `gauntlet validate`: any.
        case validate
    }

    /// - Parameters:
    ///   - overrides: command-line changes, applied before anything is checked or read.
    ///   - environment: where `${NAME}` values come from; `overrides.environment` goes first.
    ///   - purpose: what the scenario is for (a run refuses candidates).
    public static func load(
        path: String, overrides: ScenarioOverrides = ScenarioOverrides(),
        environment: [String: String] = ProcessInfo.processInfo.environment, for purpose: Purpose = .run
    ) throws(ScenarioError) -> LoadedScenario {
        let environment = environment.merging(overrides.environment) { $1 }
        let url = URL(fileURLWithPath: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(file: path, line: 0, column: 0, message: "cannot read the scenario file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: path, line: 0, column: 0, message: "the scenario file is not UTF-8 text")
        }
        let scenario = try overrides.apply(
            to: try ScenarioParser.parse(yaml: text, file: path, folder: url.deletingLastPathComponent().path))
        try checkPurpose(purpose, of: scenario)
        if let missing = SecretReference.missing(scenario.secrets, in: text, file: path, environment: environment) {
            throw missing
        }
        try checkTLSFiles(scenario)
        try checkHTTP(scenario, asked: overrides.http == nil ? "load: http: 2" : "--http2")
        if let replay = scenario.replay {
            let trace = try self.trace(replay, scenario: scenario)
            let catalog = RequestCatalog.replay(trace)
            let plan = LoadPlan(replay: trace, speed: replay.speed, load: scenario.load)
            return LoadedScenario(
                scenario: scenario, source: text, plan: plan,
                catalog: catalog, objectives: try Self.objectives(of: scenario, templateNames: catalog.templateNames),
                environment: environment, overrides: overrides.recorded,
                candidates: scenario.candidates.map { candidate in
                    LoadedCandidate(scenario: scenario, candidate: candidate, catalog: catalog, environment: environment)
                },
                blockPlan: purpose == .capacity ? nil : try blockPlan(scenario, plan: plan))
        }
        let objectives = try Self.objectives(of: scenario, templateNames: scenario.requests.map(\.name))
        var tables: [String: DataTable] = [:]
        for source in scenario.data { tables[source.name] = try table(for: source, scenario: scenario) }
        // A capacity search's phases are its steps: the first one stands for them in forecasts.
        let plan = LoadPlan(load: scenario.capacity.map { $0.firstStep(of: scenario.load) } ?? scenario.load)
        guard scenario.comparesCandidates else {
            let catalog = try RequestCatalog.build(scenario: scenario, tables: tables, environment: environment)
            return LoadedScenario(
                scenario: scenario, source: text, plan: plan, catalog: catalog, objectives: objectives,
                environment: environment, overrides: overrides.recorded)
        }
        var candidates: [LoadedCandidate] = []
        for candidate in scenario.candidates {
            let catalog = try RequestCatalog.build(scenario: scenario, candidate: candidate, tables: tables, environment: environment)
            candidates.append(LoadedCandidate(scenario: scenario, candidate: candidate, catalog: catalog, environment: environment))
        }
        let baseline = candidates.first { $0.candidate.baseline } ?? candidates[0]
        return LoadedScenario(
            scenario: scenario, source: text, plan: plan, catalog: baseline.catalog, objectives: objectives,
            environment: environment, overrides: overrides.recorded, candidates: candidates,
            blockPlan: purpose == .capacity ? nil : try blockPlan(scenario, plan: plan))
    }

    /// A run sends one target, a comparison several: each refuses the other's scenarios, before
    /// any file is read, at the `candidates` key.
    static func checkPurpose(_ purpose: Purpose, of scenario: Scenario) throws(ScenarioError) {
        if let capacity = scenario.capacity, purpose == .run || purpose == .compare {
            throw .at(capacity.location, file: scenario.file,
                "this scenario searches for capacity (its 'capacity' section replaces the load phases): use `gauntlet capacity \(scenario.file)`, or remove the section to \(purpose == .run ? "run" : "compare") at the phases' rates")
        }
        if purpose == .capacity && scenario.replay != nil {
            throw ScenarioError(file: scenario.file, line: 0, column: 0,
                message: "a capacity search sends the scenario's requests at rates it chooses; a replay trace has its own times: use `gauntlet run` for it")
        }
        switch (purpose, scenario.compare) {
        case (.run, let compare?):
            throw .at(compare.location, file: scenario.file,
                "this scenario compares candidates: use `gauntlet compare \(scenario.file)`, which sends each of them the same traffic")
        case (.compare, nil):
            throw ScenarioError(file: scenario.file, line: 0, column: 0,
                message: "this scenario lists no 'candidates' to compare: add them (one with 'baseline: true'), or use `gauntlet run \(scenario.file)`")
        default:
            break
        }
    }

    /// How a comparison cuts the plan into blocks; nil for a scenario without candidates. The
    /// block settings are checked against the measured duration as overridden, or as a trace gives it.
    static func blockPlan(_ scenario: Scenario, plan: LoadPlan) throws(ScenarioError) -> BlockPlan? {
        guard let compare = scenario.compare else { return nil }
        let measured = plan.model.end - min(plan.warmup, plan.model.end)
        let count = try compare.checkedBlockCount(measured: measured, candidates: scenario.candidates.count, file: scenario.file)
        return BlockPlan(plan: plan, candidates: scenario.candidates.count, blocks: count, mode: compare.mode)
    }

    /// The quick look's scenario (`run --url`), ready to run.
    public static func load(_ quickLook: QuickLook, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ScenarioError) -> LoadedScenario
    {
        try quickLook.checkRequestText()
        let scenario = quickLook.scenario
        try checkHTTP(scenario, asked: "--http2")
        return LoadedScenario(
            scenario: scenario, source: nil, plan: LoadPlan(load: scenario.load),
            catalog: try RequestCatalog.build(scenario: scenario, tables: [:], environment: environment),
            objectives: try quickLook.validatedObjectives(), environment: environment)
    }

    /// The scenario's objectives, refusing those on a figure this run can never measure (and
    /// relative ones without candidates).
    static func objectives(of scenario: Scenario, templateNames: [String]) throws(ScenarioError) -> [Objective] {
        try scenario.validatedObjectives(
            requestNames: templateNames, inputs: FigureInputs(scenario: scenario, templateNames: templateNames))
    }

    /// The files the `tls:` section names, checked as a run will use them (a flag may still
    /// replace them; a scenario naming a file that is not there is wrong all the same).
    static func checkTLSFiles(_ scenario: Scenario) throws(ScenarioError) {
        guard let tls = scenario.tls else { return }
        let files: [(TLSSection.File?, String, TLSFileCheck.Role)] = [
            (tls.ca, "ca", .ca), (tls.cert, "cert", .certificate(holdsKey: tls.key == nil)), (tls.key, "key", .key),
        ]
        for case let (file?, key, role) in files {
            if let problem = TLSFileCheck.problem(role, path: file.path, resolvedPath: file.resolvedPath) {
                throw ScenarioError(file: scenario.file, line: file.line, column: file.column, message: "tls \(key): \(problem)")
            }
        }
    }

    static func trace(_ replay: ReplaySection, scenario: Scenario) throws(ScenarioError) -> ReplayTrace {
        guard let data = FileManager.default.contents(atPath: replay.resolvedPath) else {
            throw ScenarioError(file: scenario.file, line: 0, column: 0,
                message: "replay: cannot read '\(replay.path)' (looked for \(replay.resolvedPath))")
        }
        do {
            return try ReplayTrace.parse(String(decoding: data, as: UTF8.self))
        } catch {
            throw ScenarioError(file: replay.path, line: error.line, column: error.column, message: error.message)
        }
    }

    /// Reads a data source's file and keeps the rows its filter selects. A value that would
    /// fill a header it cannot go into (CR, LF, NUL) is refused where it is in the file.
    static func table(for source: DataSource, scenario: Scenario) throws(ScenarioError) -> DataTable {
        guard let data = FileManager.default.contents(atPath: source.resolvedPath) else {
            throw ScenarioError(file: scenario.file, line: source.line, column: source.column,
                message: "data source '\(source.name)': cannot read '\(source.path)' (looked for \(source.resolvedPath))")
        }
        let text = String(decoding: data, as: UTF8.self)
        var table: DataTable
        do {
            let headerColumns = scenario.headerColumns(of: source.name)
            table = source.format == .csv
                ? try DataTable.csv(text, headerColumns: headerColumns) : try DataTable.jsonl(text, headerColumns: headerColumns)
        } catch {
            throw ScenarioError(file: source.path, line: error.line, column: error.column, message: error.message)
        }
        for column in Array(source.filter.keys) + [source.label].compactMap({ $0 }) where table.index(of: column) == nil {
            throw ScenarioError(file: scenario.file, line: source.line, column: source.column,
                message: "data source '\(source.name)': '\(source.path)' has no column '\(column)'\(Suggestion.hint(for: column, in: table.columns))")
        }
        let filters = source.filter.map { (table.index(of: $0.key)!, $0.value) }
        table.keepRows { row in filters.allSatisfy { row[$0.0] == $0.1 } }
        if case .failure(let error) = RequestCatalog.featureColumns(source, table) { throw error }
        return table
    }
}

extension LoadedCandidate {
    init(scenario: Scenario, candidate: Candidate, catalog: RequestCatalog, environment: [String: String]) {
        self.candidate = candidate
        self.scenario = scenario.resolved(for: candidate)
        self.catalog = catalog
        targetURL = self.scenario.target.map { SecretReference.substitute($0, from: environment) }
    }
}

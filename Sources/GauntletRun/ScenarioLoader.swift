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

    init(
        scenario: Scenario, source: String?, plan: LoadPlan, catalog: RequestCatalog, objectives: [Objective],
        environment: [String: String], overrides: [String] = []
    ) {
        self.scenario = scenario
        self.source = source
        self.plan = plan
        self.catalog = catalog
        self.objectives = objectives
        targetURL = scenario.target.map { SecretReference.substitute($0, from: environment) }
        self.overrides = overrides
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

/// Reads a scenario file and the files it names (data, traces), and turns them into what a
/// run needs. Every problem is a located `ScenarioError`: bad input, exit 2, nothing sent.
public enum ScenarioLoader {
    /// - Parameters:
    ///   - overrides: command-line changes, applied before anything is checked or read.
    ///   - environment: where `${NAME}` values come from; `overrides.environment` goes first.
    public static func load(
        path: String, overrides: ScenarioOverrides = ScenarioOverrides(),
        environment: [String: String] = ProcessInfo.processInfo.environment
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
        if let missing = SecretReference.missing(scenario.secrets, in: text, file: path, environment: environment) {
            throw missing
        }
        try checkTLSFiles(scenario)
        if let replay = scenario.replay {
            let trace = try self.trace(replay, scenario: scenario)
            let catalog = RequestCatalog.replay(trace)
            return LoadedScenario(
                scenario: scenario, source: text, plan: LoadPlan(replay: trace, speed: replay.speed, load: scenario.load),
                catalog: catalog, objectives: try Self.objectives(of: scenario, templateNames: catalog.templateNames),
                environment: environment, overrides: overrides.recorded)
        }
        let objectives = try Self.objectives(of: scenario, templateNames: scenario.requests.map(\.name))
        var tables: [String: DataTable] = [:]
        for source in scenario.data { tables[source.name] = try table(for: source, scenario: scenario) }
        let catalog = try RequestCatalog.build(scenario: scenario, tables: tables, environment: environment)
        return LoadedScenario(
            scenario: scenario, source: text, plan: LoadPlan(load: scenario.load), catalog: catalog, objectives: objectives,
            environment: environment, overrides: overrides.recorded)
    }

    /// The quick look's scenario (`run --url`), ready to run.
    public static func load(_ quickLook: QuickLook, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ScenarioError) -> LoadedScenario
    {
        let scenario = quickLook.scenario
        return LoadedScenario(
            scenario: scenario, source: nil, plan: LoadPlan(load: scenario.load),
            catalog: try RequestCatalog.build(scenario: scenario, tables: [:], environment: environment),
            objectives: try quickLook.validatedObjectives(), environment: environment)
    }

    /// The scenario's objectives, refusing those on a figure this run can never measure.
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
            throw ScenarioError(file: replay.path, line: error.line, column: 0, message: error.message)
        }
    }

    /// Reads a data source's file and keeps the rows its filter selects.
    static func table(for source: DataSource, scenario: Scenario) throws(ScenarioError) -> DataTable {
        guard let data = FileManager.default.contents(atPath: source.resolvedPath) else {
            throw ScenarioError(file: scenario.file, line: source.line, column: source.column,
                message: "data source '\(source.name)': cannot read '\(source.path)' (looked for \(source.resolvedPath))")
        }
        let text = String(decoding: data, as: UTF8.self)
        var table: DataTable
        do {
            table = source.format == .csv ? try DataTable.csv(text) : try DataTable.jsonl(text)
        } catch {
            throw ScenarioError(file: source.path, line: error.line, column: 0, message: error.message)
        }
        for column in Array(source.filter.keys) + [source.label].compactMap({ $0 }) where table.index(of: column) == nil {
            throw ScenarioError(file: scenario.file, line: source.line, column: source.column,
                message: "data source '\(source.name)': '\(source.path)' has no column '\(column)'\(Suggestion.hint(for: column, in: table.columns))")
        }
        let filters = source.filter.map { (table.index(of: $0.key)!, $0.value) }
        table.rows = table.rows.filter { row in filters.allSatisfy { row[$0.0] == $0.1 } }
        if case .failure(let error) = RequestCatalog.featureColumns(source, table) { throw error }
        return table
    }
}

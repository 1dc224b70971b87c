import GauntletCore
import Testing

/// An objective on a figure the run can never measure is refused before anything is sent, at
/// its line and column: quality without labelled data, cost without a cost section.
@Suite struct FigureInputsTests {
    /// `predict` carries labelled rows, `echo` unlabelled ones, `health` no body at all.
    static func scenario(objective: String, label: Bool = true, cost: Bool = true) -> String {
        """
        target: http://127.0.0.1:9
        data:
          digits: {file: d.csv\(label ? ", label: label" : "")}
          plain: {file: p.csv}
        requests:
          - {name: predict, path: /infer, body: {v2: {data: digits, shape: [1, 2]}}}
          - {name: echo, path: /echo, body: {v2: {data: plain, shape: [1, 2]}}}
          - {name: health, path: /health}
        load: {phases: [{constant: {rate: 10/s, duration: 1s}}]}
        objectives:
          \(objective)
        \(cost ? "cost: {hourly_price: 1}" : "")
        """
    }

    static func validate(_ yaml: String, replay: Bool = false) throws(ScenarioError) -> [Objective] {
        let scenario = try ScenarioParser.parse(yaml: yaml, file: "s.yaml", folder: "/tmp")
        let names = replay ? ["replay"] : scenario.requests.map(\.name)
        return try scenario.validatedObjectives(
            requestNames: names, inputs: FigureInputs(scenario: scenario, templateNames: names))
    }

    @Test(arguments: [
        "- accuracy >= 0.9", "- predict.f1 >= 0.9", "- precision >= 0.9", "- cost_per_prediction < 1",
        "- cost_per_1m_predictions <= 20", "- latency.p99 < 1s", "- health.error_rate < 1%",
    ])
    func measurableObjectivesAreAccepted(objective: String) throws {
        #expect(try Self.validate(Self.scenario(objective: objective)).count == 1)
    }

    /// Rows of (objective line, labels, cost section, line, column, fragment): the column is the
    /// scope's when the scope is what lacks, else the figure's.
    @Test(arguments: [
        ("- echo.accuracy >= 0.9", true, true, 11, 5,
         "objective 'echo.accuracy >= 0.9': 'echo.accuracy' can never be measured in this run: request 'echo' carries no labelled data (a data source with a 'label' column); only 'predict' does"),
        ("- objective: health.recall > 0.5", true, true, 11, 16, "request 'health' carries no labelled data"),
        ("- accuracy >= 0.9", false, true, 11, 5,
         "'accuracy' can never be measured in this run: no request carries labelled data (a data source with a 'label' column)"),
        ("- predict.f1 >= 0.9", false, true, 11, 5, "request 'predict' carries no labelled data (a data source with a 'label' column); no request does"),
        ("- cost_per_1m_predictions <= 20", true, false, 11, 5,
         "'cost_per_1m_predictions' can never be measured in this run: it needs a 'cost' section (hourly_price) in the scenario"),
        ("- {objective: cost_per_prediction < 1, key: true}", true, false, 11, 17, "it needs a 'cost' section"),
    ] as [(String, Bool, Bool, Int, Int, String)])
    func unmeasurableObjectivesAreRefusedWhereTheyAreWritten(
        objective: String, label: Bool, cost: Bool, line: Int, column: Int, fragment: String
    ) {
        let error = #expect(throws: ScenarioError.self) {
            try Self.validate(Self.scenario(objective: objective, label: label, cost: cost))
        }
        #expect(error?.line == line && error?.column == column, "\(String(describing: error))")
        #expect(error?.message.contains(fragment) == true, "\(String(describing: error))")
    }

    /// A cost section prices predictions; with only bodiless requests there are none to price.
    @Test func costNeedsARequestThatCarriesAPrediction() {
        let yaml = """
            target: http://127.0.0.1:9
            requests: [{name: health, path: /health}]
            load: {phases: [{constant: {rate: 10/s, duration: 1s}}]}
            objectives: [cost_per_prediction < 1]
            cost: {hourly_price: 1}
            """
        let error = #expect(throws: ScenarioError.self) { try Self.validate(yaml) }
        #expect(error?.message.contains("no request carries a prediction for the 'cost' section to price") == true, "\(String(describing: error))")
        #expect(error?.line == 4 && error?.column == 14)
    }

    /// A replay's recorded requests carry no labels (located at the figure: the scope is fine); its
    /// cost counts one prediction per request.
    @Test func aReplayHasNoLabels() throws {
        func replay(_ objective: String) -> String {
            """
            target: http://127.0.0.1:9
            replay: {file: trace.jsonl}
            objectives: [\(objective)]
            cost: {hourly_price: 1}
            """
        }
        let error = #expect(throws: ScenarioError.self) { try Self.validate(replay("replay.accuracy >= 0.9"), replay: true) }
        #expect(error?.message.contains("'replay.accuracy' can never be measured in a replay: recorded requests carry no expected labels") == true)
        #expect(error?.line == 3 && error?.column == 21, "\(String(describing: error))")
        #expect(try Self.validate(replay("cost_per_prediction < 1"), replay: true).count == 1)
    }

    /// A quick look (`run --url`) has neither labels nor a cost section: the error names the flag.
    @Test(arguments: [
        ("accuracy >= 0.9", "--objective: 'accuracy >= 0.9', column 1: 'accuracy' can never be measured in a quick look (--url): it sends no labelled data"),
        ("request.f1 > 0.5", "column 9: 'request.f1' can never be measured in a quick look (--url)"),
        ("cost_per_1m_predictions < 5", "column 1: 'cost_per_1m_predictions' can never be measured in a quick look (--url): it has no cost section"),
    ])
    func aQuickLookRefusesQualityAndCost(objective: String, fragment: String) throws {
        let quickLook = QuickLook(
            url: try RequestSpec.parseURL("http://127.0.0.1:9/"), load: .rate(10, arrivals: .constant), objectives: [objective])
        let error = #expect(throws: ScenarioError.self) { try quickLook.validatedObjectives() }
        #expect(error?.description.contains(fragment) == true, "\(String(describing: error))")
        let measurable = QuickLook(
            url: try RequestSpec.parseURL("http://127.0.0.1:9/"), load: .rate(10, arrivals: .constant),
            objectives: ["latency.p99 < 1s", "request.error_rate < 1%"])
        #expect(try measurable.validatedObjectives().count == 2)
    }

    /// Without a planned run (a saved result judged again, a merge), nothing is refused: the
    /// figure the run lacked is already inconclusive in its result.
    @Test func withoutAPlannedRunNothingIsRefused() throws {
        let scenario = try ScenarioParser.parse(
            yaml: Self.scenario(objective: "- accuracy >= 0.9", label: false, cost: false), file: "s.yaml", folder: "/tmp")
        #expect(try scenario.validatedObjectives(requestNames: scenario.requests.map(\.name)).count == 1)
    }

    /// Quality, cost, outage and token figures say what they need; the rest need only requests.
    @Test func theCatalogueSaysWhatEachFigureNeeds() {
        for name in ["accuracy", "precision", "recall", "f1"] { #expect(FigureCatalogue.standard[name]?.requires == .labels) }
        let costs = ["cost_per_prediction", "cost_per_1m_predictions", "cost_per_1m_output_tokens"]
        for name in costs { #expect(FigureCatalogue.standard[name]?.requires == .cost) }
        for name in ["downtime", "recovery_time"] { #expect(FigureCatalogue.standard[name]?.requires == .outage) }
        let tokens = ["ttft", "itl", "tpot"].flatMap { base in FigureCatalogue.histogramStatistics.map { "\(base).\($0)" } }
            + ["output_tokens_per_second", "goodput"]
        for name in tokens { #expect(FigureCatalogue.standard[name]?.requires == .tokens, "\(name)") }
        let others = FigureCatalogue.standard.definitions.filter { $0.requires == nil }.map(\.name)
        #expect(others.count == FigureCatalogue.standard.definitions.count - 4 - costs.count - 2 - tokens.count)
        #expect(others.contains("latency.p99"))
    }

    /// A token figure needs a request read for tokens: refused before the run without one, and
    /// scoped to a request that is not.
    @Test func tokenFiguresNeedAnOpenAIRequest() throws {
        let yaml = """
            name: t
            target: http://127.0.0.1:9
            requests:
              - name: chat
                body: {openai: {model: m, prompt: hi}}
              - name: health
                path: /health
            load: {phases: [{constant: {rate: 1/s, duration: 1s}}]}
            objectives:
              - chat.ttft.p90 < 1s
              - health.itl.p99 < 1s
            """
        let scenario = try ScenarioParser.parse(yaml: yaml, file: "s.yaml", folder: "/tmp")
        let names = scenario.requests.map(\.name)
        let inputs = FigureInputs(scenario: scenario, templateNames: names)
        #expect(inputs.tokenRequests == ["chat"])
        #expect(throws: ScenarioError.self) { try scenario.validatedObjectives(requestNames: names, inputs: inputs) }
        do {
            _ = try scenario.validatedObjectives(requestNames: names, inputs: inputs)
        } catch {
            #expect(error.message.contains("request 'health' has no 'openai' body"), "\(error.message)")
            #expect(error.line == 11)
        }
    }
}

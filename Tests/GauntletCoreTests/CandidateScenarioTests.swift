import Foundation
import GauntletCore
import Testing

/// Scenarios that compare candidates: the `candidates:` and `compare:` sections as read, each
/// candidate's view of the scenario, and the problems that only show once data files are read.
@Suite struct CandidateScenarioTests {
    /// The issue's example, with a second request using a header and a text body.
    static let example = """
        target: http://models.internal:8000
        server: ~
        candidates:
          - name: current
            baseline: true
            model: digits-logreg
            vars: {version: "1", token: a}
          - name: candidate
            model: digits-mlp
            vars: {version: "2", token: "${TOKEN_B}"}
          - name: faulty
            model: digits-mlp
            vars: {version: "3", token: t}
            server:
              faults: {latency: 5ms}
        data:
          digits: {file: data/digits.csv, label: label, filter: {split: test}}
        requests:
          - name: predict
            path: /v2/models/{{model}}/versions/{{version}}/infer
            body: {v2: {data: digits, input: input-0, shape: [1, -1], datatype: FP32}}
          - name: explain
            path: /explain/{{model}}?digit={{label}}
            data: digits
            headers: {Authorization: 'Bearer {{token}}', X-Model: '{{ model }}'}
            body: '{"model": "{{model}}", "px": [{{px0}}]}'
        load:
          warmup: 10s
          phases:
            - constant: {rate: 50/s, duration: 6m}
        objectives:
          - latency.p99 < 50ms
          - latency.p99 <= baseline * 1.10
          - objective: accuracy >= baseline - 0.005
            key: true
          - error_rate <= baseline + 0.1%
        """

    static func parse(_ text: String) throws(ScenarioError) -> Scenario {
        try ScenarioParser.parse(yaml: text, file: "compare.yaml", folder: "/scenarios")
    }

    @Test func readsCandidatesAndTheirDefaults() throws {
        let scenario = try Self.parse(Self.example)
        #expect(scenario.candidates.map(\.name) == ["current", "candidate", "faulty"])
        #expect(scenario.baseline?.name == "current")
        #expect(scenario.comparesCandidates)
        #expect(scenario.candidates[1].variables.map(\.name) == ["model", "version", "token"])
        #expect(scenario.candidates[1].value(of: "model") == "digits-mlp")
        #expect(scenario.candidates[0].variables.first?.location == SourceLocation(line: 6, column: 5))
        #expect(scenario.candidates[2].server?.faults.latency != nil)
        #expect(scenario.candidates[0].server == nil && scenario.candidates[0].target == nil)
        let compare = try #require(scenario.compare)
        #expect(compare.mode == .interleaved && compare.blocks == nil && compare.blockLength == nil)
        #expect(compare.location == SourceLocation(line: 3, column: 1))
        #expect(scenario.secrets == ["TOKEN_B"])
        #expect(scenario.objectives.map(\.isRelative) == [false, true, true, true])
    }

    @Test func eachCandidateSeesItsOwnVariablesTargetAndServer() throws {
        let scenario = try Self.parse(Self.example)
        let views = scenario.candidates.map(scenario.resolved(for:))
        #expect(views.map(\.requests[0].path) == [
            "/v2/models/digits-logreg/versions/1/infer", "/v2/models/digits-mlp/versions/2/infer",
            "/v2/models/digits-mlp/versions/3/infer",
        ])
        let explain = views[1].requests[1]
        #expect(explain.path == "/explain/digits-mlp?digit={{label}}")
        #expect(explain.headers.map(\.value) == ["Bearer ${TOKEN_B}", "digits-mlp"])
        #expect(explain.body == .template(#"{"model": "digits-mlp", "px": [{{px0}}]}"#, data: "digits"))
        #expect(views[1].target == "http://models.internal:8000" && views[1].server == nil)
        #expect(views[2].target == nil && views[2].server?.faults.latency != nil)
        for view in views {
            #expect(view.candidates.isEmpty && view.compare == nil)
            #expect(view.objectives.map(\.expression) == ["latency.p99 < 50ms"])
            #expect(view.load == scenario.load && view.data == scenario.data)
        }
        #expect(views[1].secrets == ["TOKEN_B"] && views[2].secrets == [])
    }

    /// In a path a candidate's value is one segment (one query value after `?`) whatever it
    /// holds, as a data value is: it can neither add a segment nor break the request line.
    @Test func candidateValuesArePercentEncodedInPaths() throws {
        let scenario = try Self.parse("""
            candidates:
              - {name: current, baseline: true, model: "my model/v2", vars: {tag: "a&b=c #1"}}
              - {name: candidate, model: "digits-mlp", vars: {tag: "x"}}
            requests:
              - name: predict
                path: /v2/models/{{model}}/infer?tag={{tag}}
                headers: {X-Model: '{{model}}'}
            load:
              phases:
                - constant: {rate: 10/s, duration: 1m}
            """)
        let current = scenario.resolved(for: scenario.candidates[0]).requests[0]
        #expect(current.path == "/v2/models/my%20model%2Fv2/infer?tag=a%26b%3Dc%20%231")
        #expect(current.headers.map(\.value) == ["my model/v2"])
        #expect(scenario.resolved(for: scenario.candidates[1]).requests[0].path == "/v2/models/digits-mlp/infer?tag=x")
    }

    @Test func everyCandidateSetsTheSameVariables() throws {
        #expect {
            try Self.parse(Self.example.replacingOccurrences(of: "    vars: {version: \"1\", token: a}\n", with: ""))
        } throws: { error in
            let error = error as? ScenarioError
            return error?.line == 4 && error?.column == 5
                && error?.message == "candidate 'current' does not set 'version', which candidate 'candidate' sets; every candidate sets the same variables, so each request is filled for each of them"
        }
    }

    /// A candidate's `server:` keys replace the scenario's one by one; its `target` replaces the default target.
    @Test func aCandidatesServerStartsFromTheScenarios() throws {
        let scenario = try Self.parse("""
            server: {max_batch_size: 8, faults: {error_rate: 0.1}, models: repo}
            candidates:
              - {name: a, baseline: true, model: m1}
              - {name: b, model: m2, server: {queue_capacity: 32, faults: {latency: 2ms}}}
              - {name: c, model: m3, server: {models: other}}
              - {name: d, model: m4, target: "https://${HOST_D}"}
            requests: [{name: p, path: '/v2/models/{{model}}/infer'}]
            load: {phases: [{constant: {rate: 10/s, duration: 1m}}]}
            tls: {insecure: true}
            """)
        let views = scenario.candidates.map(scenario.resolved(for:))
        #expect(views[0].server?.maxBatchSize == 8 && views[0].serverModels == "/scenarios/repo")
        #expect(views[1].server?.maxBatchSize == 8 && views[1].server?.queueCapacity == 32)
        #expect(views[1].server?.faults.errorRate == 0 && views[1].server?.faults.latency != nil)
        #expect(views[2].serverModels == "/scenarios/other")
        #expect(views[3].target == "https://${HOST_D}" && views[3].server == nil && views[3].serverModels == nil)
        // tls goes to the https candidate only.
        #expect(views.map { $0.tls != nil } == [false, false, false, true])
        #expect(scenario.secrets == ["HOST_D"] && views[3].secrets == ["HOST_D"])
    }

    @Test func compareSettingsAreRead() throws {
        let mirrored = try Self.parse(Self.example + "\ncompare: {mode: mirrored, blocks: 8}\n")
        #expect(mirrored.compare?.mode == .mirrored && mirrored.compare?.blocks == 8)
        #expect(mirrored.compare?.blocksLocation == SourceLocation(line: 37, column: 35))
        let block = try Self.parse(Self.example + "\ncompare: {block: 20s}\n")
        #expect(block.compare?.blockLength == 20_000_000_000)
        #expect(try block.compare?.checkedBlockCount(measured: 360_000_000_000, candidates: 3, file: "x") == 18)
        #expect {
            try block.compare?.checkedBlockCount(measured: 350_000_000_000, candidates: 3, file: "x")
        } throws: { error in
            (error as? ScenarioError).map { $0.line == 37 && $0.column == 18 && $0.message.contains("17.50") } ?? false
        }
    }

    /// The catalogue of a scenario with candidates is built per candidate; unfilled, `{{model}}`
    /// would go out as written.
    @Test func requestsAreBuiltPerCandidate() throws {
        let scenario = try Self.parse(Self.example)
        let table = try DataTable.csv("split,label,px0\ntest,3,0.5\ntest,4,1.5\n")
        #expect {
            try RequestCatalog.build(scenario: scenario, tables: ["digits": table], environment: ["TOKEN_B": "b"])
        } throws: { error in
            (error as? ScenarioError).map { $0.line == 3 && $0.message.hasPrefix("this scenario compares candidates") } ?? false
        }
        let catalog = try RequestCatalog.build(
            scenario: scenario, candidate: scenario.candidates[1], tables: ["digits": table], environment: ["TOKEN_B": "b"])
        let explain = try #require(catalog.requests.first { $0.template == 1 })
        #expect(explain.path == "/explain/digits-mlp?digit=3")
        #expect(explain.headers == ["Authorization: Bearer b", "X-Model: digits-mlp"])
        #expect(explain.body == Data(#"{"model": "digits-mlp", "px": [0.5]}"#.utf8))
    }

    /// A column the file has, named like a variable, is found once the file is read, and
    /// reported at the variable.
    @Test func aDataColumnNamedLikeAVariableIsRefused() throws {
        let scenario = try Self.parse(Self.example)
        let table = try DataTable.csv("split,label,px0,version\ntest,3,0.5,9\n")
        #expect {
            try RequestCatalog.build(
                scenario: scenario, candidate: scenario.candidates[0], tables: ["digits": table], environment: ["TOKEN_B": "b"])
        } throws: { error in
            (error as? ScenarioError).map {
                $0.line == 7 && $0.column == 12
                    && $0.message == "candidate variable 'version' is also a column of data source 'digits' ('data/digits.csv'), so {{version}} would be ambiguous; rename one of them"
            } ?? false
        }
    }

    /// Relative objectives are valid with candidates; one cannot abort a run.
    @Test func relativeObjectivesValidateWithCandidates() throws {
        let scenario = try Self.parse(Self.example)
        let objectives = try scenario.validatedObjectives(requestNames: ["predict", "explain"])
        #expect(objectives.map(\.relative) == [nil, .ratio(1.10), .offset(-0.005), .offset(0.001)])
        #expect(objectives[2].key)
        let aborting = try Self.parse(Self.example + "\n  - {objective: error_rate <= baseline + 1%, abort_on_fail: true}\n")
        #expect {
            try aborting.validatedObjectives(requestNames: ["predict", "explain"])
        } throws: { error in
            (error as? ScenarioError).map { $0.line == 37 && $0.message.contains("a relative objective is judged only once the candidates have been compared") } ?? false
        }
    }

    /// `--target` sets the default target; it does not silently override a candidate's own.
    @Test func aTargetOverrideDoesNotPassOverACandidatesOwn() throws {
        let scenario = try Self.parse(Self.example)
        #expect {
            try ScenarioOverrides(target: "http://elsewhere:1").apply(to: scenario)
        } throws: { error in
            (error as? ScenarioError)?.message.contains("candidate 'faulty' names its own 'target' or 'server'") == true
        }
        let shared = try Self.parse("""
            candidates: [{name: a, baseline: true, model: m1}, {name: b, model: m2}]
            requests: [{name: p, path: '/v2/models/{{model}}/infer'}]
            load: {phases: [{constant: {rate: 10/s, duration: 1m}}]}
            """)
        let overridden = try ScenarioOverrides(target: "http://elsewhere:1").apply(to: shared)
        #expect(overridden.candidates.map { overridden.resolved(for: $0).target } == ["http://elsewhere:1", "http://elsewhere:1"])
    }

    @Test(arguments: [
        ("/a/{{model}}/b/{{ px0 }}", ["model", "px0"], "/a/M/b/{{ px0 }}"),
        ("no placeholders", [], "no placeholders"),
        ("{{model}}{{model}}", ["model", "model"], "MM"),
        ("{{unclosed", [], "{{unclosed"),
    ] as [(String, [String], String)])
    func placeholdersAreFoundAndOnlyVariablesFilled(text: String, names: [String], filled: String) {
        #expect(Placeholder.names(in: text) == names)
        #expect(Placeholder.fill(text, with: ["model": "M"]) == filled)
    }
}

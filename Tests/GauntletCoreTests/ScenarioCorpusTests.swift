import Foundation
import GauntletCore
import Testing

/// Where the files these tests read live, found from this source file's own path.
enum ScenarioFiles {
    /// `Tests/GauntletCoreTests/ScenarioCorpus`: one malformed scenario per file.
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("ScenarioCorpus")
    /// The package root, three levels above this file.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let examples = root.appendingPathComponent("scenarios")

    static func yamlFiles(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }

    static func read(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }
}

/// The first line of a corpus file: `# expect: <line>:<column>: <message fragment>`.
struct CorpusExpectation: Equatable {
    var line: Int
    var column: Int
    var fragment: String

    init?(firstLineOf text: String) {
        let first = text.prefix { $0 != "\n" }
        let prefix = "# expect: "
        guard first.hasPrefix(prefix) else { return nil }
        let parts = first.dropFirst(prefix.count).split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let line = Int(parts[0]), let column = Int(parts[1]) else { return nil }
        self.line = line
        self.column = column
        fragment = parts[2].trimmingCharacters(in: .whitespaces)
        guard !fragment.isEmpty else { return nil }
    }
}

/// Every malformed file in the corpus is refused at the stated line and column, with a message
/// that says what is wrong, by the parser or, for objectives (kept as text by the parser), by
/// their validation, which needs no files; every example in `scenarios/` parses.
@Suite struct ScenarioCorpusTests {
    static let corpusFiles = ScenarioFiles.yamlFiles(in: ScenarioFiles.corpus)
    static let exampleFiles = ScenarioFiles.yamlFiles(in: ScenarioFiles.examples)

    @Test func theCorpusIsThere() {
        #expect(Self.corpusFiles.count >= 30, "found \(Self.corpusFiles.count) files in \(ScenarioFiles.corpus.path)")
        #expect(Self.exampleFiles.count >= 6, "found \(Self.exampleFiles.count) files in \(ScenarioFiles.examples.path)")
    }

    @Test(arguments: corpusFiles)
    func malformedScenarioIsRefusedWhereItIsWrong(_ name: String) throws {
        let url = ScenarioFiles.corpus.appendingPathComponent(name)
        let text = try ScenarioFiles.read(url)
        let file = "corpus/\(name)"
        let error: ScenarioError
        do {
            let scenario = try ScenarioParser.parse(yaml: text, file: file, folder: ScenarioFiles.corpus.path)
            _ = try scenario.validatedObjectives(requestNames: scenario.requests.map(\.name))
            Issue.record("\(name) parsed (as '\(scenario.name)'), but every corpus file holds one problem")
            return
        } catch let thrown {
            error = thrown
        }
        let expected = try #require(
            CorpusExpectation(firstLineOf: text),
            "\(name) must start with '# expect: <line>:<column>: <message fragment>'; the parser says \(error.line):\(error.column): \(error.message)")
        #expect(error.file == file)
        #expect(
            error.line == expected.line && error.column == expected.column,
            "\(name): error at \(error.line):\(error.column), expected \(expected.line):\(expected.column) — \(error.message)")
        #expect(error.message.contains(expected.fragment), "\(name): '\(error.message)' lacks '\(expected.fragment)'")
        #expect(error.description == (error.line > 0
            ? "\(file):\(error.line):\(error.column): \(error.message)" : "\(file): \(error.message)"))
    }

    @Test(arguments: exampleFiles)
    func exampleScenarioParses(_ name: String) throws {
        let url = ScenarioFiles.examples.appendingPathComponent(name)
        let scenario = try ScenarioParser.parse(
            yaml: try ScenarioFiles.read(url), file: "scenarios/\(name)", folder: ScenarioFiles.examples.path)
        #expect(!scenario.objectives.isEmpty, "\(name) should show objectives")
        #expect(scenario.description != nil, "\(name) should say what it is for")
        for source in scenario.data {
            #expect(FileManager.default.fileExists(atPath: source.resolvedPath), "\(name): \(source.resolvedPath) is missing")
        }
        if let replay = scenario.replay {
            #expect(FileManager.default.fileExists(atPath: replay.resolvedPath), "\(name): \(replay.resolvedPath) is missing")
        }
    }

    /// The complete example at the top of docs/scenarios.md is a scenario that parses.
    @Test func documentedExampleParses() throws {
        let text = try ScenarioFiles.read(ScenarioFiles.root.appendingPathComponent("docs/scenarios.md"))
        let start = try #require(text.range(of: "```yaml\n"))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let scenario = try ScenarioParser.parse(
            yaml: String(text[start.upperBound..<end.lowerBound]), file: "docs/scenarios.md", folder: ScenarioFiles.examples.path)
        #expect(scenario.requests.map(\.name) == ["predict", "explain"])
        #expect(scenario.load.phases.count == 5)
        #expect(scenario.secrets == ["MODEL_TOKEN"])
    }

    /// The example under "Candidates" in docs/scenarios.md parses, and is what it says.
    @Test func documentedComparisonParses() throws {
        let text = try ScenarioFiles.read(ScenarioFiles.root.appendingPathComponent("docs/scenarios.md"))
        let section = try #require(text.range(of: "\n## Candidates\n"))
        let start = try #require(text.range(of: "```yaml\n", range: section.upperBound..<text.endIndex))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let scenario = try ScenarioParser.parse(
            yaml: String(text[start.upperBound..<end.lowerBound]), file: "docs/scenarios.md", folder: ScenarioFiles.examples.path)
        #expect(scenario.candidates.map(\.name) == ["current", "candidate", "slow"])
        #expect(scenario.baseline?.name == "current" && scenario.compare?.blocks == 12)
        #expect(scenario.candidates.map { scenario.resolved(for: $0).target } == [
            "http://models.internal:8000", "http://models.internal:8000", nil,
        ])
        let objectives = try scenario.validatedObjectives(requestNames: ["predict"])
        #expect(objectives.map(\.relative) == [nil, .ratio(1.10), .offset(-0.005), .offset(0.001)])
    }

    @Test func quickstartIsTheDigitsTestSetAsV2Requests() throws {
        let scenario = try ScenarioParser.parse(
            yaml: try ScenarioFiles.read(ScenarioFiles.examples.appendingPathComponent("quickstart.yaml")),
            file: "scenarios/quickstart.yaml", folder: ScenarioFiles.examples.path)
        #expect(scenario.target == nil)
        let source = try #require(scenario.data.first)
        #expect(source.label == "label" && source.features == nil && source.filter == ["split": "test"])
        #expect(source.resolvedPath == ScenarioFiles.examples.appendingPathComponent("data/digits.csv").standardized.path)
        let request = try #require(scenario.requests.first)
        #expect(request.method == "POST" && request.path == "/v2/models/digits-logreg/infer")
        let v2 = try #require(request.body?.inferV2)
        #expect(v2.data == "digits" && v2.input == "input-0" && v2.shape == [1, 64] && v2.datatype == "FP32")
        #expect(scenario.load.phases.map(\.kind) == [.ramp(from: 10, to: 50), .constant(rate: 50)])
        #expect(scenario.load.phases.map(\.duration) == [10, 20].map { $0 * 1_000_000_000 })
    }
}

extension BodySpec {
    var inferV2: InferV2Body? { if case .inferV2(let body) = self { body } else { nil } }
}

/// What the parser builds from valid files: defaults, phase kinds, body forms, secrets.
@Suite struct ScenarioParserTests {
    static let second: Nanoseconds = 1_000_000_000

    func parse(_ yaml: String, file: String = "scenarios/test.yaml", folder: String = "/work/scenarios")
        throws(ScenarioError) -> Scenario
    {
        try ScenarioParser.parse(yaml: yaml, file: file, folder: folder)
    }

    @Test func defaultsFillWhatIsLeftOut() throws {
        let scenario = try parse("""
            requests:
              - name: ping
                path: /v2/health/ready
            load:
              phases:
                - constant: {rate: 10, duration: 5s}
            """, file: "scenarios/smoke-test.yaml")
        #expect(scenario.name == "smoke-test")
        #expect(scenario.description == nil && scenario.target == nil && scenario.replay == nil && scenario.cost == nil)
        #expect(scenario.objectives.isEmpty && scenario.secrets.isEmpty && scenario.data.isEmpty)
        let request = try #require(scenario.requests.first)
        #expect(request.method == "GET" && request.weight == 1 && request.body == nil && request.data == nil)
        #expect(request.headers.isEmpty && request.expectedStatuses.isEmpty && request.checks.isEmpty)
        #expect(request.line == 2 && request.column == 5)
        let load = scenario.load
        #expect(load.arrivals == .constant && load.seed == LoadSection.defaultSeed && load.seed == 1)
        #expect(load.warmup == 0 && load.timeout == 30 * Self.second && load.connections == nil)
        #expect(load.phases.map(\.kind) == [.constant(rate: 10)])
        #expect(load.phases.map(\.duration) == [5 * Self.second] && load.phases.map(\.line) == [6])
    }

    @Test func everyPhaseKindAndRateUnit() throws {
        let scenario = try parse("""
            requests: [{name: a, path: /}]
            load:
              arrivals: poisson
              seed: 42
              warmup: 1.5s
              timeout: 250ms
              connections: 16
              phases:
                - constant: {rate: 120/m, duration: 1m}
                - ramp: {from: 0, to: 100/s, duration: 30s}
                - step: {from: 10, to: 40, steps: 4, duration: 2m}
                - spike: {base: 0/s, peak: 3600/h, length: 10s, duration: 1m}
                - spike: {base: 5, peak: 50, at: 0s, length: 1m, duration: 1m}
                - pause: {duration: 500ms}
                - closed: {concurrency: 8, duration: 20s}
                - closed: {concurrency: 2, think_time: 100ms, duration: 20s}
            """)
        let load = scenario.load
        #expect(load.arrivals == .poisson && load.seed == 42 && load.connections == 16)
        #expect(load.warmup == 1_500_000_000 && load.timeout == 250_000_000)
        #expect(load.phases.map(\.kind) == [
            .constant(rate: 2),
            .ramp(from: 0, to: 100),
            .step(from: 10, to: 40, steps: 4),
            // Without `at`, the spike is centred: (60s − 10s) / 2.
            .spike(base: 0, peak: 1, at: 25 * Self.second, spikeDuration: 10 * Self.second),
            .spike(base: 5, peak: 50, at: 0, spikeDuration: 60 * Self.second),
            .pause,
            .closed(concurrency: 8, thinkTime: 0),
            .closed(concurrency: 2, thinkTime: 100_000_000),
        ])
        #expect(load.phases.map(\.duration) == [60, 30, 120, 60, 60].map { $0 * Self.second } + [500_000_000, 20 * Self.second, 20 * Self.second])
        #expect(load.phases.map(\.line) == Array(9...16))
        #expect(load.phases.map(\.name).prefix(3) == ["constant 2/s", "ramp 0/s→100/s", "step 10/s→40/s in 4"])
    }

    @Test func bodyForms() throws {
        let scenario = try parse("""
            data:
              rows:
                file: data/rows.jsonl
                order: shuffled
                label: y
                features: [a, b]
                filter: {split: test, fold: 3}
            requests:
              - name: literal
                path: /echo
                body: '{"fixed": true}'
              - name: template
                path: /items/{{id}}
                data: rows
                method: put
                body: '{"a": {{a}}, "b": {{ b }}}'
              - name: explicit-template
                path: /plain
                body:
                  template: 'no placeholders here'
              - name: v2-defaults
                path: /v2/models/m/infer
                data: rows
                body:
                  v2: {shape: [1, -1]}
              - name: v2-full
                method: POST
                path: /v2/models/m/infer
                body:
                  v2: {data: rows, input: dense_input, shape: [2, 2], datatype: INT64, rows: 2}
                prediction: {output: scores, argmax: true}
            load:
              phases:
                - constant: {rate: 1/s, duration: 1s}
            """, folder: "/work/scenarios")
        let source = try #require(scenario.data.first)
        #expect(source.name == "rows" && source.format == .jsonl && source.order == .shuffled)
        #expect(source.path == "data/rows.jsonl" && source.resolvedPath == "/work/scenarios/data/rows.jsonl")
        #expect(source.label == "y" && source.features == ["a", "b"] && source.filter == ["split": "test", "fold": "3"])
        #expect(source.line == 2 && source.column == 3)

        let requests = scenario.requests
        #expect(requests.map(\.name) == ["literal", "template", "explicit-template", "v2-defaults", "v2-full"])
        #expect(requests.map(\.method) == ["POST", "PUT", "POST", "POST", "POST"])
        #expect(requests[0].body == .literal(#"{"fixed": true}"#))
        #expect(requests[1].body == .template(#"{"a": {{a}}, "b": {{ b }}}"#, data: "rows") && requests[1].data == "rows")
        #expect(requests[2].body == .template("no placeholders here", data: nil))
        let defaults = try #require(requests[3].body?.inferV2)
        #expect(defaults.data == "rows" && defaults.input == "input-0" && defaults.shape == [1, -1] && defaults.datatype == "FP32")
        #expect(defaults.rows == 1 && requests[3].prediction == .automatic)
        let full = try #require(requests[4].body?.inferV2)
        #expect(full.data == "rows" && full.input == "dense_input" && full.shape == [2, 2] && full.datatype == "INT64")
        #expect(full.rows == 2 && requests[4].prediction == .output("scores", argmax: true))
        // A V2 body names its rows itself: the request's data follows it.
        #expect(requests[4].data == "rows")
    }

    @Test func secretsAreCollectedFromTargetPathsHeadersAndBodies() throws {
        let scenario = try parse("""
            target: https://${MODEL_HOST}:8443
            requests:
              - name: predict
                path: /v2/models/m/infer?key=${API_KEY}
                headers:
                  Authorization: Bearer ${TOKEN}
                  X-Tenant: ${TENANT}-${TOKEN}
                  X-Not-A-Secret: ${1NOPE} and $PLAIN
                body: '{"token": "${TOKEN}", "sig": "${SIGNATURE}"}'
            load:
              phases:
                - constant: {rate: 1/s, duration: 1s}
            """)
        #expect(scenario.secrets == ["API_KEY", "MODEL_HOST", "SIGNATURE", "TENANT", "TOKEN"])
        // Kept as written: nothing is resolved at parse time.
        #expect(scenario.target == "https://${MODEL_HOST}:8443")
        let headers = try #require(scenario.requests.first?.headers)
        #expect(headers.map(\.name) == ["Authorization", "X-Tenant", "X-Not-A-Secret"])
        #expect(headers[0].value == "Bearer ${TOKEN}")
        #expect(SecretReference.substitute(headers[1].value, from: ["TENANT": "acme", "TOKEN": "t0k"]) == "acme-t0k")
    }

    @Test func objectivesCostAndExpectations() throws {
        let scenario = try parse("""
            requests:
              - name: predict
                path: /v2/models/m/infer
                expect:
                  status: [200, 201]
                  contains: outputs
                  not_contains: error
              - name: ready
                path: /v2/health/ready
                expect: {status: 200}
            load:
              phases:
                - constant: {rate: 1/s, duration: 1s}
            objectives:
              - latency.p99 < 50ms
              - objective: error_rate < 0.1%
                warn: 0.05%
                key: true
              - objective: "predict.latency.p99 < 40ms"
            cost:
              hourly_price: 3.06
            """)
        #expect(scenario.requests[0].expectedStatuses == [200, 201])
        #expect(scenario.requests[0].checks == [.contains("outputs"), .notContains("error")])
        #expect(scenario.requests[1].expectedStatuses == [200])
        let objectives = scenario.objectives
        #expect(objectives.map(\.expression) == ["latency.p99 < 50ms", "error_rate < 0.1%", "predict.latency.p99 < 40ms"])
        #expect(objectives.map(\.warn) == [nil, "0.05%", nil])
        #expect(objectives.map(\.key) == [false, true, false])
        // Located at the expression itself (a quoted one at its opening quote).
        #expect(objectives.map(\.line) == [15, 16, 19])
        #expect(objectives.map(\.column) == [5, 16, 16])
        let cost = try #require(scenario.cost)
        #expect(cost.hourlyPrice == 3.06 && cost.instances == 1 && cost.currency == "USD" && cost.predictionsPerRequest == nil)
    }

    @Test func replayNeedsNeitherRequestsNorPhases() throws {
        let scenario = try parse("""
            target: http://127.0.0.1:8080
            replay:
              file: traces/t.jsonl
            load:
              warmup: 2s
            """, folder: "/work/scenarios")
        let replay = try #require(scenario.replay)
        #expect(replay.speed == 1 && replay.path == "traces/t.jsonl" && replay.resolvedPath == "/work/scenarios/traces/t.jsonl")
        #expect(scenario.requests.isEmpty && scenario.load.phases.isEmpty && scenario.load.warmup == 2 * Self.second)
    }

    @Test func emptyValuesCountAsAbsent() throws {
        let scenario = try parse("""
            name: blanks
            target:
            description: ~
            requests:
              - name: ping
                path: /
                weight:
            load:
              phases:
                - constant: {rate: 1/s, duration: 1s}
            """)
        #expect(scenario.target == nil && scenario.description == nil && scenario.requests[0].weight == 1)
    }

    @Test func errorsReadAsFileLineColumnMessage() {
        #expect(throws: ScenarioError(file: "s.yaml", line: 5, column: 9, message: "unknown key 'rps' in constant phase (did you mean 'rate'?)")) {
            try parse("""
                requests: [{name: a, path: /}]
                load:
                  phases:
                    - constant:
                        rps: 5
                        duration: 1s
                """, file: "s.yaml")
        }
        let error = ScenarioError(file: "s.yaml", line: 3, column: 7, message: "boom")
        #expect(error.description == "s.yaml:3:7: boom")
        #expect(ScenarioError(file: "s.yaml", line: 0, column: 0, message: "boom").description == "s.yaml: boom")
    }
}


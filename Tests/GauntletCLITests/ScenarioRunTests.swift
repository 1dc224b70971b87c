import Foundation
import GauntletCore
import GauntletFixtures
import GauntletReport
import Testing

@Suite(.serialized) struct ScenarioRunTests {
    /// A folder with a scenario and its data file, removed afterwards.
    struct Workspace {
        let folder: URL

        init(scenario: String, data: String = "split,label,a,b\ntest,1,0.5,2\ntest,0,1.5,3\ntrain,1,9,9\n") throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-scenario-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(scenario.utf8).write(to: folder.appendingPathComponent("scenario.yaml"))
            try Data(data.utf8).write(to: folder.appendingPathComponent("rows.csv"))
        }

        var scenarioPath: String { folder.appendingPathComponent("scenario.yaml").path }
        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    static func scenario(target: String) -> String {
        """
        name: end-to-end
        target: \(target)
        data:
          rows: {file: rows.csv, label: label, filter: {split: test}, order: shuffled}
        requests:
          - name: predict
            weight: 3
            path: /v2/models/m/infer
            body: {v2: {data: rows, input: x, shape: [1, 2], datatype: FP32}}
            expect: {status: 200, contains: outputs}
          - name: health
            path: /v2/health/ready
        load:
          seed: 7
          timeout: 2s
          phases:
            - ramp: {from: 50/s, to: 150/s, duration: 1s}
            - closed: {concurrency: 2, duration: 500ms}
            - constant: {rate: 100/s, duration: 1s}
        """
    }

    /// A scenario runs end to end: the ramp, the closed-loop phase and the constant phase all send,
    /// the mix reaches both requests, and every answer passes its expectations.
    @Test func scenarioRunsEndToEnd() throws {
        let server = try FixtureServer(behaviour: .fixedDelay(.milliseconds(2)))
        defer { server.shutdown() }
        let workspace = try Workspace(scenario: Self.scenario(target: server.baseURL))
        defer { workspace.remove() }

        let result = try GauntletProcess.run(["run", workspace.scenarioPath, "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let requests = try #require(json["requests"] as? [String: Any])
        let completed = try #require(requests["completed"] as? Int)
        // Open phases: 100 (ramp) + 100 (constant); the closed phase adds about 2 / 2 ms × 0.5 s.
        #expect(completed > 250 && completed < 900, "completed \(completed)")
        #expect(requests["errors"] as? Int == 0, "\(requests)")
        #expect(server.requestsReceived == completed)
        let plan = try #require(json["plan"] as? [String: Any])
        #expect(plan["mode"] as? String == "mixed")
    }

    /// An answer that fails an expectation is an error of its own kind.
    @Test func failedExpectationsAreErrors() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let workspace = try Workspace(scenario: """
            target: \(server.baseURL)
            requests:
              - {name: wrong-status, path: /, expect: {status: 201}}
              - {name: wrong-body, path: /, expect: {not_contains: ok}}
            load: {phases: [{constant: {rate: 40/s, duration: 1s}}]}
            """)
        defer { workspace.remove() }
        let result = try GauntletProcess.run(["run", workspace.scenarioPath, "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let requests = try #require(json["requests"] as? [String: Any])
        let kinds = try #require(requests["errors_by_kind"] as? [String: Int])
        #expect(requests["ok"] as? Int == 0)
        #expect((kinds["unexpected_status"] ?? 0) + (kinds["check_failed"] ?? 0) == 40)
        #expect((kinds["unexpected_status"] ?? 0) > 5 && (kinds["check_failed"] ?? 0) > 5)
    }

    @Test func validateAcceptsAGoodScenarioAndLocatesABadOne() throws {
        let good = try Workspace(scenario: Self.scenario(target: "http://127.0.0.1:9"))
        defer { good.remove() }
        let valid = try GauntletProcess.run(["validate", good.scenarioPath])
        #expect(valid.status == 0, "stderr: \(valid.stderr)")
        #expect(valid.stdout.contains("valid · 2 request kinds, 3 distinct requests"), "\(valid.stdout)")

        let bad = try Workspace(scenario: Self.scenario(target: "http://127.0.0.1:9").replacingOccurrences(of: "rate: 100/s", with: "rps: 100/s"))
        defer { bad.remove() }
        let invalid = try GauntletProcess.run(["validate", bad.scenarioPath])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("scenario.yaml:19:18:"), "\(invalid.stderr)")
        #expect(invalid.stderr.contains("unknown key 'rps' in constant phase (did you mean 'rate'?)"), "\(invalid.stderr)")
        // run refuses it the same way, before sending anything.
        let run = try GauntletProcess.run(["run", bad.scenarioPath])
        #expect(run.status == 2)
    }

    @Test func missingDataFileIsLocatedAtItsDeclaration() throws {
        let workspace = try Workspace(scenario: Self.scenario(target: "http://127.0.0.1:9").replacingOccurrences(of: "rows.csv", with: "missing.csv"))
        defer { workspace.remove() }
        let result = try GauntletProcess.run(["validate", workspace.scenarioPath])
        #expect(result.status == 2)
        #expect(result.stderr.contains("scenario.yaml:4:3: data source 'rows': cannot read 'missing.csv'"), "\(result.stderr)")
    }

    /// No target: the embedded reference server is started on an ephemeral port, used, and stopped;
    /// its CPU and peak memory land in the report.
    @Test func noTargetRunsAgainstTheEmbeddedServer() throws {
        let workspace = try Workspace(scenario: """
            name: embedded
            data:
              digits: {file: \(ScenarioFilesTests.root.appendingPathComponent("scenarios/data/digits.csv").path), label: label, filter: {split: test}}
            requests:
              - name: predict
                path: /v2/models/digits-mlp/infer
                body: {v2: {data: digits, shape: [1, 64]}}
            load: {phases: [{constant: {rate: 100/s, duration: 2s}}]}
            objectives: [accuracy >= 0.95]
            """)
        defer { workspace.remove() }
        let out = workspace.folder.appendingPathComponent("reports")
        let models = ScenarioFilesTests.root.appendingPathComponent("models").path
        let result = try GauntletProcess.run(["run", workspace.scenarioPath, "--models", models, "--out", out.path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("embedded reference server at http://127.0.0.1:"))
        let report = try RunResult.decode(Data(contentsOf: GateAndReportTests.reportFile(in: out)))
        let server = try #require(report.server)
        #expect(server.cpuSeconds > 0 && server.peakResidentBytes > 1_000_000)
        #expect(report.quality?.predictions == 200)
        #expect(report.summary.requests.ok == 200)
        // The server was stopped: nothing listens on its port any more.
        let port = Int(server.url.split(separator: ":").last!)!
        let probe = try GauntletProcess.run(["run", "--url", "\(server.url)/v2/health/live", "--rate", "5", "--duration", "200ms"])
        #expect(probe.status == 3, "port \(port) still answers")
    }

    @Test func anEmbeddedServerThatCannotStartIsExitThree() throws {
        let workspace = try Workspace(scenario: Self.scenario(target: "x").replacingOccurrences(of: "target: x\n", with: ""))
        defer { workspace.remove() }
        let result = try GauntletProcess.run(["run", workspace.scenarioPath, "--models", workspace.folder.path])
        #expect(result.status == 3)
        #expect(result.stderr.contains("embedded reference server did not start"), "\(result.stderr)")
        #expect(result.stderr.contains("no model.json or ngram.txt under"), "\(result.stderr)")
        let missing = try GauntletProcess.run(["run", workspace.scenarioPath, "--models", "/nonexistent/models"])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("--models names '/nonexistent/models', which is not a folder"), "\(missing.stderr)")
    }
}

@Suite(.serialized) struct ReplayTests {
    /// 1,000 requests at irregular recorded offsets over about 4 s, GET and POST mixed.
    static func trace() -> String {
        var lines: [String] = []
        var offset = 0.0
        for i in 0..<1_000 {
            // Irregular gaps: bursts of near-simultaneous requests, then pauses.
            offset += [0.1, 0.3, 1.7, 2.9, 4.0, 9.5, 0.05, 12.0][i % 8] * 0.98
            lines.append(
                i % 3 == 0
                    ? #"{"offset_ms": \#(offset), "method": "POST", "path": "/v2/models/m/infer", "headers": {"Content-Type": "application/json"}, "body": "{\"inputs\": []}"}"#
                    : #"{"offset_ms": \#(offset), "path": "/v2/health/ready"}"#)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func run(speed: Double, server: FixtureServer) throws -> [String: Any] {
        let workspace = try ScenarioRunTests.Workspace(scenario: """
            target: \(server.baseURL)
            replay: {file: trace.jsonl, speed: \(speed)}
            load: {timeout: 2s}
            """)
        defer { workspace.remove() }
        try Data(trace().utf8).write(to: workspace.folder.appendingPathComponent("trace.jsonl"))
        let result = try GauntletProcess.run(["run", workspace.scenarioPath, "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    /// Sent on the recorded timing (sends are never early, so schedule lag is |send − scheduled|);
    /// at speed 2 the run takes half the time.
    @Test func replayKeepsTheRecordedTiming() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let normal = try Self.run(speed: 1, server: server)
        let requests = try #require(normal["requests"] as? [String: Any])
        #expect(requests["completed"] as? Int == 1_000)
        #expect(requests["ok"] as? Int == 1_000)
        let lag = try #require((normal["schedule_lag"] as? [String: Any])?["figures"] as? [String: Any])
        // Sends follow the recorded offsets: the typical one starts within a fraction of a
        // millisecond of its offset, and the slowest 1% within a few milliseconds, which is what a
        // busy 2-core machine's scheduler allows (2.6 ms was seen). A replay that drifted or
        // waited on answers would be late by the trace's gaps, tens to hundreds of ms, and the
        // elapsed times below would be off.
        let lagP50 = try #require(lag["p50"] as? Double)
        let lagP99 = try #require(lag["p99"] as? Double)
        #expect(lagP50 < 1, "schedule lag p50 \(lagP50) ms")
        #expect(lagP99 < 10, "schedule lag p99 \(lagP99) ms")

        let fast = try Self.run(speed: 2, server: server)
        let normalElapsed = try #require((normal["generator"] as? [String: Any])?["elapsed_seconds"] as? Double)
        let fastElapsed = try #require((fast["generator"] as? [String: Any])?["elapsed_seconds"] as? Double)
        // The trace spans 3.73 s; allow 0.1 s for the last answers and the start.
        #expect(abs(normalElapsed - 3.73) < 0.1, "speed 1 took \(normalElapsed) s")
        #expect(abs(fastElapsed - 3.73 / 2) < 0.1, "speed 2 took \(fastElapsed) s")
        #expect(server.requestsReceived == 2_000)
    }
}

@Suite(.serialized) struct GateAndReportTests {
    static func scenario(target: String, objectives: String, rate: String = "100/s", duration: String = "2s") -> String {
        """
        name: gated
        target: \(target)
        requests:
          - {name: predict, path: /v2/models/m/infer, method: POST, body: "{}"}
        load:
          phases: [{constant: {rate: \(rate), duration: \(duration)}}]
        objectives:
        \(objectives)
        """
    }

    static func run(_ scenario: String) throws -> (GauntletProcess.Result, URL) {
        let workspace = try ScenarioRunTests.Workspace(scenario: scenario)
        let out = workspace.folder.appendingPathComponent("reports")
        let result = try GauntletProcess.run(["run", workspace.scenarioPath, "--out", out.path])
        return (result, out)
    }

    static func reportFile(in folder: URL) throws -> URL {
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        return try #require(files.first { $0.pathExtension == "json" })
    }

    @Test func passingObjectivesExitZeroAndFailingOnesExitOne() throws {
        let server = try FixtureServer(behaviour: .fixedDelay(.milliseconds(5)))
        defer { server.shutdown() }
        let (pass, _) = try Self.run(Self.scenario(target: server.baseURL, objectives: """
              - latency.p50 < 50ms
              - error_rate < 1%
              - predict.throughput >= 90/s
            """))
        #expect(pass.status == 0, "\(pass.stdout)\(pass.stderr)")
        #expect(pass.stdout.contains("verdict    PASS"), "\(pass.stdout)")

        let (fail, _) = try Self.run(Self.scenario(target: server.baseURL, objectives: """
              - latency.p50 < 2ms
              - error_rate < 1%
            """))
        #expect(fail.status == 1)
        #expect(fail.stdout.contains("FAIL"), "\(fail.stdout)")
        #expect(fail.stdout.contains("verdict    FAIL"))
    }

    /// 50 requests cannot support a p99 (it needs 1,000 samples): inconclusive, exit 1, never a pass;
    /// and the run said so before sending, as `validate` would.
    @Test func tooFewSamplesIsInconclusive() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let (result, _) = try Self.run(Self.scenario(
            target: server.baseURL, objectives: "  - latency.p99 < 1s", rate: "50/s", duration: "1s"))
        #expect(result.status == 1)
        #expect(result.stdout.contains("verdict    INCONCLUSIVE"), "\(result.stdout)")
        #expect(result.stderr.hasPrefix(
            "gauntlet: warning: latency.p99 will rest on about 50 samples (1s at 50/s); it needs 1,000 to be judged "
                + "(inconclusive is never a pass): run for at least 20s or raise the rate to 1000/s\n"), "\(result.stderr)")
        // --quiet prints nothing but errors: the verdict line says it instead.
        let workspace = try ScenarioRunTests.Workspace(scenario: Self.scenario(
            target: server.baseURL, objectives: "  - latency.p99 < 1s", rate: "50/s", duration: "1s"))
        defer { workspace.remove() }
        let quiet = try GauntletProcess.run(
            ["run", workspace.scenarioPath, "--out", workspace.folder.appendingPathComponent("reports").path, "--quiet"])
        #expect(quiet.status == 1 && !quiet.stderr.contains("warning"), "\(quiet.stderr)")
    }

    /// An objective on a figure that does not exist is bad input: exit 2 before anything is sent.
    @Test func unknownFigureExitsTwoBeforeSending() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let (result, _) = try Self.run(Self.scenario(target: server.baseURL, objectives: "  - latency.p98 < 10ms"))
        #expect(result.status == 2)
        #expect(result.stderr.contains("scenario.yaml:8:5: objective 'latency.p98 < 10ms'"), "\(result.stderr)")
        #expect(server.requestsReceived == 0)
    }

    /// The saved report re-renders to the same figures, and its histograms decode to the live percentiles.
    @Test func savedReportRendersTheSameFigures() throws {
        let server = try FixtureServer(behaviour: .fixedDelay(.milliseconds(3)))
        defer { server.shutdown() }
        let (live, out) = try Self.run(Self.scenario(target: server.baseURL, objectives: "  - latency.p50 < 50ms"))
        #expect(live.status == 0)
        let file = try Self.reportFile(in: out)
        let rendered = try GauntletProcess.run(["report", file.path, "--format", "text"])
        #expect(rendered.status == 0)
        #expect(rendered.stdout == live.stdout, "live:\n\(live.stdout)\nrendered:\n\(rendered.stdout)")

        let report = try RunResult.decode(Data(contentsOf: file))
        #expect(report.schema == "gauntlet.report/v1")
        #expect(report.histograms.latency.hasPrefix("HISTF"))
        let pairs: [(String, LatencyFigures)] = [
            (report.histograms.latency, report.summary.latency), (report.histograms.serviceTime, report.summary.serviceTime),
            (report.histograms.scheduleLag, report.summary.scheduleLag.figures),
            (report.histograms.byRequest["predict"]!.latency, report.requests["predict"]!.latency),
        ]
        for (encoded, live) in pairs {
            let decoded = try LatencyHistogram(base64EncodedV2: encoded)
            #expect(LatencyFigures(decoded) == live)
        }
    }
}

@Suite(.serialized) struct QualityAndCostTests {
    /// The fixture predicts each row's first feature; one row in four is labelled otherwise,
    /// so accuracy is exactly 75%. Cost: 3.60/h for 2 instances over a 2 s window is 0.004,
    /// spread over the predictions served (200 requests × a batch of 1).
    @Test func accuracyAndCostComeFromTheRun() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let workspace = try ScenarioRunTests.Workspace(
            scenario: """
                target: \(server.baseURL)
                data:
                  rows: {file: rows.csv, label: label}
                requests:
                  - name: predict
                    path: /v2/models/m/infer
                    body: {v2: {data: rows, shape: [1, 2], datatype: FP32}}
                load: {phases: [{constant: {rate: 100/s, duration: 2s}}]}
                cost: {hourly_price: 3.60, instances: 2}
                objectives:
                  - accuracy >= 0.7
                  - cost_per_1m_predictions <= 100
                """,
            data: "label,a,b\n1,1,0\n0,1,0\n2,2,0\n3,3,0\n")
        defer { workspace.remove() }
        let out = workspace.folder.appendingPathComponent("reports")
        let result = try GauntletProcess.run(["run", workspace.scenarioPath, "--out", out.path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("accuracy 75.00%"), "\(result.stdout)")
        let file = try GateAndReportTests.reportFile(in: out)
        let report = try RunResult.decode(Data(contentsOf: file))
        let quality = try #require(report.quality)
        #expect(quality.predictions == 200)
        #expect(quality.accuracy == 0.75)
        #expect(quality.confusion.confusion["0"]?["1"] == 50)
        let cost = try #require(report.cost)
        #expect(cost.predictions == 200)
        // 3.60 × 2 × window / 3600 / 200, the window being 2 s or a hair more.
        #expect(abs(cost.costPerPrediction - 3.60 * 2 * cost.windowSeconds / 3600 / 200) < 1e-12)
        #expect(abs(cost.costPerMillionPredictions - 20) < 0.1)
        #expect(cost.meetsObjectives == true)
    }

    /// The model's own answers for the digits test rows, from its trainer.
    struct TestPredictions: Decodable {
        var labels: [Int]
        var predicted: [Int]
    }

    /// Four digits rows per request against the reference model, read the default way and as
    /// the arg-max of its probabilities: every row is judged against its own prediction (the one
    /// the trainer recorded for it), a batch adds to each of its four rows, and cost counts rows.
    @Test func batchesAreJudgedRowByRowAndCostCountsRows() throws {
        let root = ScenarioFilesTests.root
        let workspace = try ScenarioRunTests.Workspace(scenario: """
            name: batch
            data:
              digits: {file: \(root.appendingPathComponent("scenarios/data/digits.csv").path), label: label, filter: {split: test}}
            requests:
              - name: predict
                path: /v2/models/digits-mlp/infer
                body: {v2: {data: digits, rows: 4, shape: [-1, 64]}}
              - name: predict-argmax
                path: /v2/models/digits-mlp/infer
                body: {v2: {data: digits, rows: 4, shape: [4, 64]}}
                prediction: {output: probabilities, argmax: true}
            load: {phases: [{constant: {rate: 25/s, duration: 2s}}]}
            cost: {hourly_price: 3.60}
            """)
        defer { workspace.remove() }
        let out = workspace.folder.appendingPathComponent("reports")
        let models = root.appendingPathComponent("models").path
        let result = try GauntletProcess.run(["run", workspace.scenarioPath, "--models", models, "--out", out.path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let report = try RunResult.decode(Data(contentsOf: GateAndReportTests.reportFile(in: out)))
        #expect(report.summary.requests.ok == 50)
        let quality = try #require(report.quality)
        #expect(quality.predictions == 4 * 50)
        let cost = try #require(report.cost)
        #expect(cost.predictions == 4 * 50)
        #expect(abs(cost.costPerPrediction - 3.60 * cost.windowSeconds / 3600 / 200) < 1e-12)

        let truth = try JSONDecoder().decode(
            TestPredictions.self, from: Data(contentsOf: root.appendingPathComponent("models/digits-mlp/1/test-predictions.json")))
        for name in ["predict", "predict-argmax"] {
            let rows = try #require(quality.confusion.rows[name], "no rows judged for \(name)")
            func judgements(_ row: Int) -> UInt64 { rows[row]?.predicted.values.reduce(0, +) ?? 0 }
            #expect(rows.keys.reduce(0) { $0 + judgements($1) } == 4 * (report.requests[name]?.ok ?? 0))
            for (row, judged) in rows {
                #expect(judged.expected == String(truth.labels[row]), "\(name) row \(row)")
                #expect(judged.predicted.keys.sorted() == [String(truth.predicted[row])], "\(name) row \(row): \(judged.predicted)")
                // A request carries rows 4k … 4k+3: its rows are counted together.
                let first = row - row % 4
                #expect((first..<first + 4).allSatisfy { judgements($0) == judgements(row) },
                    "\(name) row \(row) was not counted with its batch")
            }
        }
    }
}

@Suite struct SecretTests {
    /// A secret used in the target and a header reaches the server but no report, log or summary.
    @Test func secretsNeverAppearInReportsOrLogs() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let workspace = try ScenarioRunTests.Workspace(scenario: """
            name: secretive
            target: http://127.0.0.1:${GAUNTLET_TEST_PORT}
            requests:
              - {name: call, path: /, headers: {Authorization: "Bearer ${GAUNTLET_TEST_TOKEN}"}}
            load: {phases: [{constant: {rate: 20/s, duration: 1s}}]}
            """)
        defer { workspace.remove() }
        let out = workspace.folder.appendingPathComponent("reports")
        let token = "s3cr3t-\(UUID().uuidString)"
        let stepSummary = workspace.folder.appendingPathComponent("step-summary.md")
        let result = try GauntletProcess.run(
            ["run", workspace.scenarioPath, "--out", out.path, "--junit", out.appendingPathComponent("junit.xml").path,
             "--markdown", out.appendingPathComponent("summary.md").path],
            environment: ["GAUNTLET_TEST_TOKEN": token, "GAUNTLET_TEST_PORT": String(server.port),
                          "GITHUB_STEP_SUMMARY": stepSummary.path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(server.requestsReceived == 20)
        let report = try String(contentsOf: GateAndReportTests.reportFile(in: out), encoding: .utf8)
        #expect(!report.contains(token))
        #expect(report.contains("${GAUNTLET_TEST_TOKEN}"))
        #expect(!result.stdout.contains(token) && !result.stderr.contains(token))
        // Every rendered form too: the page (which echoes the scenario), JUnit, Markdown, the step summary.
        let files = try FileManager.default.contentsOfDirectory(at: out, includingPropertiesForKeys: nil) + [stepSummary]
        #expect(Set(files.map(\.pathExtension)) == ["json", "html", "xml", "md"])
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(!text.isEmpty && !text.contains(token), "\(file.lastPathComponent)")
        }
        let html = try String(contentsOf: try #require(files.first { $0.pathExtension == "html" }), encoding: .utf8)
        #expect(html.contains("Bearer ${GAUNTLET_TEST_TOKEN}"))

        // Without the variable the scenario is refused before anything is sent.
        let missing = try GauntletProcess.run(["run", workspace.scenarioPath, "--out", out.path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("GAUNTLET_TEST_PORT"), "\(missing.stderr)")
    }
}

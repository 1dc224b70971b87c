import Foundation
import GauntletFixtures
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
            expect: {status: 200, contains: ok}
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

    @Test func noTargetSaysTheEmbeddedServerIsNotThereYet() throws {
        let workspace = try Workspace(scenario: Self.scenario(target: "x").replacingOccurrences(of: "target: x\n", with: ""))
        defer { workspace.remove() }
        let result = try GauntletProcess.run(["run", workspace.scenarioPath])
        #expect(result.status == 3)
        #expect(result.stderr.contains("embedded reference server"), "\(result.stderr)")
    }
}

import Foundation
import GauntletCore
import GauntletFixtures
import Testing

/// What a new user meets in the first hour (issue 10): the shipped scenarios from any folder,
/// overrides without editing a file, a quick look that gates, and JSON a CI step can act on.
@Suite(.serialized) struct EverydayUseTests {
    typealias Workspace = ScenarioRunTests.Workspace
    static var root: URL { ScenarioFilesTests.root }

    static func json(_ result: GauntletProcess.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
    }

    /// The quick start, as the README gives it, from a folder that is not the repository: the
    /// embedded server finds the repository's models beside the executable.
    @Test func theQuickStartRunsFromAnotherFolder() throws {
        let out = GauntletProcess.workingDirectory.appendingPathComponent("quickstart-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let scenario = Self.root.appendingPathComponent("scenarios/quickstart.yaml").path
        let result = try GauntletProcess.run(["run", scenario, "--out", out.path, "--json"], timeout: 120)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("(models from \(Self.root.appendingPathComponent("models").path))"), "\(result.stderr)")
        let json = try Self.json(result)
        #expect(json["verdict"] as? String == "pass")
        let quality = try #require(json["quality"] as? [String: Any])
        #expect((quality["predictions"] as? Int ?? 0) > 1_000)
    }

    /// scenarios/steady.yaml, as shipped, against `gauntlet serve`: it passes under --strict (a
    /// warning would fail it) and measures predict.accuracy. Shortened with --duration and
    /// --warmup to 55 s, still over the 10,000 samples its p99.9 objective needs; aimed with --target.
    @Test func steadyPassesStrictAgainstServe() throws {
        let (server, _, port, _) = try ServeCommandTests.startServer([])
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let out = GauntletProcess.workingDirectory.appendingPathComponent("steady-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try GauntletProcess.run(
            ["run", Self.root.appendingPathComponent("scenarios/steady.yaml").path, "--target", "http://127.0.0.1:\(port)",
             "--duration", "55s", "--warmup", "2s", "--strict", "--out", out.path, "--quiet", "--json"], timeout: 150)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let json = try Self.json(result)
        #expect(json["verdict"] as? String == "pass", "\(json["headline"] ?? "")")
        #expect(json["strict"] as? Bool == true)
        let objectives = try #require(json["objectives"] as? [[String: Any]])
        let accuracy = try #require(objectives.first { $0["objective"] as? String == "predict.accuracy >= 0.95" })
        #expect((accuracy["measured"] as? Double ?? 0) >= 0.95, "\(accuracy)")
        #expect(accuracy["verdict"] as? String == "pass")
        let byRequest = try #require(json["by_request"] as? [String: [String: Any]])
        #expect(Set(byRequest.keys) == ["predict", "ready"])
        let reports = try #require(json["reports"] as? [String: String])
        let saved = try RunResult.decode(Data(contentsOf: URL(fileURLWithPath: try #require(reports["json"]))))
        #expect(saved.scenario?.overrides == ["target=http://127.0.0.1:\(port)", "duration=55.0s", "warmup=2.00s"])
    }

    /// `run --url --objective` gates a pipeline: a met objective exits 0, a missed one 1, and a
    /// malformed one is bad input naming the flag and the column.
    @Test func aQuickLookGatesOnItsObjectives() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let base = ["run", "--url", server.baseURL + "/", "--rate", "100", "--duration", "1s", "--quiet", "--json"]
        let pass = try GauntletProcess.run(base + ["--objective", "error_rate < 1%", "--objective", "requests >= 100"])
        #expect(pass.status == 0, "\(pass.stdout)\(pass.stderr)")
        let json = try Self.json(pass)
        #expect(json["verdict"] as? String == "pass")
        #expect((json["objectives"] as? [[String: Any]])?.count == 2)
        #expect((json["by_request"] as? [String: Any])?["request"] != nil)

        let fail = try GauntletProcess.run(base + ["--objective", "throughput >= 1000000/s"])
        #expect(fail.status == 1, "\(fail.stdout)\(fail.stderr)")
        #expect(try Self.json(fail)["verdict"] as? String == "fail")

        let bad = try GauntletProcess.run(base + ["--objective", "latency.p99 <"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--objective: 'latency.p99 <', column"), "\(bad.stderr)")
    }

    /// --env fills ${NAME} ahead of the environment, --duration and --rate-scale reshape the load,
    /// and the report records the overrides but never an --env value.
    @Test func overridesChangeTheRunAndAreRecorded() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let workspace = try Workspace(scenario: """
            name: overrides
            target: http://127.0.0.1:${FIXTURE_PORT}
            requests:
              - {name: probe, path: /, headers: {Authorization: "Bearer ${API_TOKEN}"}}
            load: {phases: [{constant: {rate: 20/s, duration: 10s}}]}
            """)
        defer { workspace.remove() }
        let token = "token-\(UUID().uuidString)"
        let out = workspace.folder.appendingPathComponent("reports")
        let result = try GauntletProcess.run(
            ["run", workspace.scenarioPath, "--env", "FIXTURE_PORT=\(server.port)", "--env", "API_TOKEN=\(token)",
             "--duration", "1s", "--rate-scale", "5", "--out", out.path, "--quiet", "--json"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let requests = try #require(try Self.json(result)["requests"] as? [String: Any])
        #expect(requests["completed"] as? Int == 100)  // 20/s × 5 for 1 s
        #expect(server.requestsReceived == 100)
        let file = try GateAndReportTests.reportFile(in: out)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(!text.contains(token))
        let saved = try RunResult.decode(Data(text.utf8))
        #expect(saved.scenario?.overrides == ["duration=1.00s", "rate_scale=5.0", "env=API_TOKEN", "env=FIXTURE_PORT"])
    }

    /// --quiet prints nothing but errors: no progress, no summary, no file names; --json still
    /// prints its JSON, which was asked for; a failure still says why.
    @Test func quietPrintsNothingButErrors() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let out = GauntletProcess.workingDirectory.appendingPathComponent("quiet-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let base = ["run", "--url", server.baseURL + "/", "--rate", "20", "--duration", "1s", "--out", out.path, "--quiet"]
        let quiet = try GauntletProcess.run(base)
        #expect(quiet.status == 0 && quiet.stdout.isEmpty && quiet.stderr.isEmpty, "\(quiet.stdout)\(quiet.stderr)")
        let json = try GauntletProcess.run(base + ["--json"])
        #expect(json.stderr.isEmpty && (try? Self.json(json)) != nil)
        let failing = try GauntletProcess.run(base + ["--objective", "throughput >= 1000/s"])
        #expect(failing.status == 1 && failing.stdout.isEmpty)
        #expect(failing.stderr == "gauntlet: FAIL · 1 of 1 objectives missed: throughput >= 1000/s\n", "\(failing.stderr)")
        let unreachable = try GauntletProcess.run(
            ["run", "--url", "http://127.0.0.1:\(GauntletProcess.closedPort())/", "--rate", "5", "--duration", "1s", "--quiet"])
        #expect(unreachable.status == 3 && unreachable.stderr.contains("never reached"), "\(unreachable.stderr)")
    }

    /// Every variable the scenario needs and the environment lacks, each with file:line:col.
    @Test func missingSecretsAreNamedWithTheirPlaces() throws {
        let workspace = try Workspace(scenario: """
            target: http://127.0.0.1:9
            requests:
              - name: probe
                path: /${MISSING_PATH_\(getpid())}
                headers: {Authorization: "Bearer ${MISSING_TOKEN_\(getpid())}"}
            load: {phases: [{constant: {rate: 1/s, duration: 1s}}]}
            """)
        defer { workspace.remove() }
        let result = try GauntletProcess.run(["run", workspace.scenarioPath])
        #expect(result.status == 2)
        let pid = getpid()
        #expect(result.stderr.contains("lacks 2 variables"), "\(result.stderr)")
        #expect(result.stderr.contains("${MISSING_PATH_\(pid)} (\(workspace.scenarioPath):4:12)"), "\(result.stderr)")
        #expect(result.stderr.contains("${MISSING_TOKEN_\(pid)} (\(workspace.scenarioPath):5:38)"), "\(result.stderr)")
        #expect(result.stderr.contains("--env NAME=VALUE"))
    }
}

/// A run ends itself when carrying on would only waste the runner: the target is not there,
/// or an objective marked abort_on_fail has failed.
@Suite(.serialized) struct EarlyAbortTests {
    /// A closed port: every connection refused. The run was asked for 60 s; it ends after the
    /// 3 s the gate waits, with exit 3. The bound leaves room for a busy machine's start-up.
    @Test func aClosedPortEndsTheRunWithinSecondsWithExitThree() throws {
        let port = GauntletProcess.closedPort()
        let started = Date()
        let result = try GauntletProcess.run(
            ["run", "--url", "http://127.0.0.1:\(port)/", "--rate", "20", "--duration", "60s", "--quiet"], timeout: 90)
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.status == 3, "\(result.stderr)")
        #expect(elapsed < 20, "took \(elapsed) s")
        #expect(result.stderr.contains("failed to connect: the target is not there"), "\(result.stderr)")
    }

    @Test func aFailingAbortOnFailObjectiveEndsTheRunWithExitOne() throws {
        let server = try FixtureServer(behaviour: .fixedDelay(.milliseconds(20)))
        defer { server.shutdown() }
        let workspace = try ScenarioRunTests.Workspace(scenario: """
            name: abort
            target: \(server.baseURL)
            requests: [{name: probe, path: /}]
            load: {phases: [{constant: {rate: 50/s, duration: 60s}}]}
            objectives:
              - objective: latency.p50 < 5ms
                abort_on_fail: true
                abort_grace: 1s
              - error_rate < 1%
            """)
        defer { workspace.remove() }
        let out = workspace.folder.appendingPathComponent("reports")
        let started = Date()
        let result = try GauntletProcess.run(["run", workspace.scenarioPath, "--out", out.path], timeout: 90)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(result.stdout.contains("verdict    FAIL · Ended early: latency.p50 < 5ms failed"), "\(result.stdout)")
        let saved = try RunResult.decode(Data(contentsOf: GateAndReportTests.reportFile(in: out)))
        #expect(saved.aborted?.kind == .objective && saved.aborted?.objective == "latency.p50 < 5ms")
        #expect(saved.verdict == .fail && saved.summary.interrupted)
        #expect(server.requestsReceived < 1_000)
    }
}

/// Failures explained: a few failed requests per request and failure are kept with what came
/// back, and --verbose prints them.
@Suite(.serialized) struct FailureSampleTests {
    @Test func anHTTPFailureKeepsItsStatusHeadersAndBody() throws {
        let (server, _, port, _) = try ServeCommandTests.startServer([])
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let out = GauntletProcess.workingDirectory.appendingPathComponent("samples-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try GauntletProcess.run(
            ["run", "--url", "http://127.0.0.1:\(port)/v2/models/no-such-model/infer", "--method", "POST", "--body", "{}",
             "--rate", "20", "--duration", "1s", "--out", out.path, "--verbose"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("failed requests (the first 3 per request and failure)"), "\(result.stdout)")
        #expect(result.stdout.contains("request · HTTP 404 · at "), "\(result.stdout)")
        #expect(result.stdout.contains("127.0.0.1:\(port)"))
        #expect(result.stdout.lowercased().contains("content-type: application/json"), "\(result.stdout)")
        #expect(result.stdout.contains("body: {\"error\":"), "\(result.stdout)")
        let saved = try RunResult.decode(Data(contentsOf: GateAndReportTests.reportFile(in: out)))
        let samples = try #require(saved.failureSamples)
        #expect(samples.count == 3 && samples.allSatisfy { $0.status == 404 && $0.kind == "http_4xx" })
        // The first three by intended send time: 0, 50 and 100 ms at 20/s.
        #expect(samples.map(\.atSeconds) == [0, 0.05, 0.1])
        // Without --verbose, one line says they are there.
        let plain = try GauntletProcess.run(["report", GateAndReportTests.reportFile(in: out).path])
        #expect(plain.stdout.contains("failures   3 failed requests kept with their answers; --verbose prints them"))
    }

    @Test func aConnectionFailureCarriesLibcurlsMessageAndTheAddress() throws {
        let port = GauntletProcess.closedPort()
        let result = try GauntletProcess.run(
            ["run", "--url", "http://127.0.0.1:\(port)/", "--rate", "5", "--duration", "1s", "--verbose"])
        #expect(result.status == 3)
        #expect(result.stdout.contains("request · connect refused · at 0.00s · 127.0.0.1:\(port)"), "\(result.stdout)")
        #expect(result.stdout.contains("Failed to connect to 127.0.0.1 port \(port)"), "\(result.stdout)")
    }
}

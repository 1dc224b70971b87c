import Foundation
import GauntletCore
import GauntletFixtures
import GauntletReport
import Testing

/// `gauntlet serve` as a process: its start-up lines, SIGTERM's drain and exit status, and a
/// scenario's `server:` section reaching the embedded server.
@Suite(.serialized) struct ServeCommandTests {
    static let row = Array(repeating: "3", count: 64).joined(separator: ",")
    static let inferBody = #"{"inputs":[{"name":"input-0","shape":[1,64],"datatype":"FP32","data":[\#(row)]}]}"#
    static var models: String { ScenarioFilesTests.root.appendingPathComponent("models").path }

    /// Starts `gauntlet serve` on a free port; returns it once it has said where it listens.
    static func startServer(_ extra: [String]) throws -> (Process, Pipe, Int, String) {
        let process = Process()
        process.executableURL = GauntletProcess.executable
        process.arguments = ["serve", "--port", "0", "--models", models] + extra
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(20)
        while text.components(separatedBy: "\n").count < 4 && Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let range = try #require(text.range(of: #"127\.0\.0\.1:\d+"#, options: .regularExpression), "\(text)")
        let port = Int(text[range].split(separator: ":").last!)!
        return (process, output, port, text)
    }

    @Test func sigtermFinishesWhatIsInFlightThenExitsZero() throws {
        let (process, output, port, startup) = try Self.startServer(["--fault-latency", "600ms"])
        #expect(startup.contains("allocator jemalloc"), "\(startup)")
        #expect(startup.contains("faults: latency +600"), "\(startup)")
        let connections = try (0..<2).map { _ in try RawHTTPConnection(port: port) }
        for connection in connections { connection.request("POST", "/v2/models/digits-mlp/infer", body: Self.inferBody) }
        Thread.sleep(forTimeInterval: 0.15)
        kill(process.processIdentifier, SIGTERM)
        for connection in connections {
            let answer = connection.readResponse()
            #expect(answer?.status == 200)
            #expect(answer?.headers["connection"] == "close")
        }
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        #expect(!process.isRunning)
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        let rest = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(rest.contains("stopping: no new connections; answering 2 request(s) in flight"), "\(rest)")
        #expect(rest.contains("stopped; drained in"), "\(rest)")
        #expect(throws: (any Error).self) { try RawHTTPConnection(port: port) }
    }

    @Test func badFlagsAreRefusedWithTheFlagNamed() throws {
        for (flags, fragment) in [
            (["--fault-latency", "gamma(3ms)"], "--fault-latency: invalid latency 'gamma(3ms)': unknown distribution 'gamma'"),
            (["--fault-error-rate", "2"], "--fault-error-rate must be 0–1"),
            (["--fault-stall-every", "1s"], "needs both --fault-stall-every and --fault-stall-for"),
            (["--queue-deadline", "0s"], "--queue-deadline must be more than 0"),
            (["--max-queue-delay", "5"], "--max-queue-delay: invalid duration '5': missing unit"),
        ] {
            let result = try GauntletProcess.run(["serve", "--port", "0", "--models", Self.models] + flags, timeout: 20)
            #expect(result.status == 2, "\(flags): \(result.status)")
            #expect(result.stderr.contains(fragment), "\(flags): \(result.stderr)")
        }
    }

    /// A port someone else holds is named as such, not as a bind errno: exit 3.
    @Test func aBusyPortIsSaidPlainly() throws {
        let (first, _, port, _) = try Self.startServer([])
        defer {
            first.terminate()
            first.waitUntilExit()
        }
        let second = try GauntletProcess.run(["serve", "--port", "\(port)", "--models", Self.models], timeout: 20)
        #expect(second.status == 3)
        #expect(second.stderr.contains("port \(port) is already in use on 127.0.0.1"), "\(second.stderr)")
        #expect(!second.stderr.contains("errno"))
    }

    /// A rehearsal of a failing release: the scenario tells the embedded server to fail every
    /// other request, and the gate fails the run.
    @Test func aScenarioServerSectionInjectsFaultsThatFailTheGate() throws {
        let workspace = try ScenarioRunTests.Workspace(scenario: """
            name: rehearsal
            data:
              digits: {file: \(ScenarioFilesTests.root.appendingPathComponent("scenarios/data/digits.csv").path), label: label, filter: {split: test}}
            server:
              max_batch_size: 4
              faults: {error_rate: 0.5, latency: 5ms, seed: 3}
            requests:
              - name: predict
                path: /v2/models/digits-mlp/infer
                body: {v2: {data: digits, shape: [1, 64]}}
            load: {phases: [{constant: {rate: 100/s, duration: 2s}}]}
            objectives: [error_rate < 0.01, latency.p50 >= 5ms]
            """)
        defer { workspace.remove() }
        let out = workspace.folder.appendingPathComponent("reports")
        let result = try GauntletProcess.run(["run", workspace.scenarioPath, "--models", Self.models, "--out", out.path])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("faults: latency +5.00ms, errors 50.00%"), "\(result.stderr)")
        let report = try RunResult.decode(Data(contentsOf: GateAndReportTests.reportFile(in: out)))
        #expect(report.server?.configuration == "batching up to 4 (queue delay 0s), queue 256 (deadline 1.00s), "
            + "1 inference thread(s); faults: latency +5.00ms, errors 50.00%")
        #expect(result.stdout.contains("faults: latency +5.00ms, errors 50.00%"), "the text summary names the faults")
        let failed = report.summary.requests.completed - report.summary.requests.ok
        #expect(failed > 60 && failed < 140, "\(failed) of \(report.summary.requests.completed) failed")
        #expect(result.stdout.contains("500×"), "\(result.stdout)")
    }
}

import Foundation
import GauntletFixtures
import Testing

/// Answers of 10 MB, checked with `contains` and `not_contains`, do not grow the generator: checks
/// are judged as the body streams in and no body is kept, so eight connections receiving 10 MB
/// each cost what one small answer costs.
@Suite(.serialized) struct LargeAnswerMemoryTests {
    /// The generator's peak resident memory (VmHWM, which only rises), read until it exits.
    static func peakResidentBytes(of process: Process) -> Double {
        var peak = 0.0
        while process.isRunning {
            peak = max(peak, OverloadTests.peakResident(process.processIdentifier))
            usleep(20_000)
        }
        return peak
    }

    static func run(_ scenario: String) throws -> (status: Int32, peak: Double, report: [String: Any]) {
        let folder = GauntletProcess.workingDirectory.appendingPathComponent("large-answers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("scenario.yaml")
        try scenario.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = GauntletProcess.executable
        process.arguments = ["run", file.path, "--json", "--out", folder.path]
        process.currentDirectoryURL = folder
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let stdout = PipeReader(out)
        let peak = peakResidentBytes(of: process)
        process.waitUntilExit()
        let report = try JSONSerialization.jsonObject(with: stdout.finish()) as? [String: Any] ?? [:]
        return (process.terminationStatus, peak, report)
    }

    static func scenario(_ server: WireFixtureServer) -> String {
        """
        name: large-answers
        target: \(server.baseURL)
        requests:
          - name: download
            path: /
            expect: {status: 200, contains: "xxxxxxxx", not_contains: "y"}
        load:
          connections: 8
          phases:
            - closed: {concurrency: 8, duration: 3s}
        """
    }

    @Test func tenMegabyteAnswersAreCheckedWithoutBeingKept() throws {
        // The same run with 13-byte answers is the baseline (about 50 MB here: pools, histograms,
        // the report), so the bound does not depend on what else the generator holds.
        let small = try WireFixtureServer(answer: .largeBody(bytes: 13))
        defer { small.shutdown() }
        let baseline = try Self.run(Self.scenario(small))
        #expect(baseline.status == 0 && baseline.peak > 0)

        let large = try WireFixtureServer(answer: .largeBody(bytes: 10_000_000))
        defer { large.shutdown() }
        let (status, peak, report) = try Self.run(Self.scenario(large))
        #expect(status == 0, "\(report)")
        let requests = try #require(report["requests"] as? [String: Any])
        let ok = requests["ok"] as? Int ?? 0
        // Enough answers that, kept, they could not hide: each connection saw several.
        #expect(ok >= 16 && requests["errors"] as? Int == 0, "\(requests)")
        // Kept, eight answers in flight would add 80 MB on their own (more as buffers grow by
        // doubling). Half that over the baseline is the line; it does not depend on timing.
        #expect(peak < baseline.peak + 40e6,
                "peak RSS \(Int(peak / 1e6)) MB over \(ok) answers of 10 MB; \(Int(baseline.peak / 1e6)) MB with 13-byte answers")
    }
}

import Foundation
import GauntletCore
import GauntletFixtures
import Testing

/// `gauntlet compare a.json b.json`: two saved run reports compared unpaired, and the inputs
/// that are bad input (exit 2, naming the file).
@Suite(.serialized) struct CompareSavedReportsTests {
    /// Two short runs against a fixture server, then their reports compared: whole-run figures,
    /// the caveat, the schedule's equality, and the runs' own verdicts.
    @Test func twoSavedRunsAreComparedUnpaired() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let folder = GauntletProcess.workingDirectory.appendingPathComponent("unpaired-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var reports: [String] = []
        for name in ["before", "after"] {
            let run = try GauntletProcess.run([
                "run", "--url", server.baseURL + "/", "--rate", "50", "--duration", "1s", "--quiet", "--json",
                "--objective", "error_rate < 1%", "--out", folder.appendingPathComponent(name).path,
            ])
            #expect(run.status == 0, "\(run.stderr)")
            let written = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(name).path)
            let json = try #require(written.first { $0.hasSuffix(".json") })
            let path = folder.appendingPathComponent("\(name).json").path
            try FileManager.default.moveItem(atPath: folder.appendingPathComponent(name).appendingPathComponent(json).path, toPath: path)
            reports.append(path)
        }
        let out = folder.appendingPathComponent("comparisons")
        let result = try GauntletProcess.run(["compare", reports[0], reports[1], "--json", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let compared = try CompareResult.decode(Data(result.stdout.utf8))
        #expect(compared.mode == "unpaired" && compared.blocks.isEmpty)
        #expect(compared.candidates.map(\.name) == ["baseline", "candidate"] && compared.candidates[0].baseline)
        #expect(compared.unpaired?.caveat.contains("drift between them is not cancelled") == true)
        // The same flags and seed: the same arrivals at the same offsets.
        #expect(compared.unpaired?.sameSchedule == true)
        #expect(compared.comparisons.first { $0.figure == "latency.p99" }?.lower == nil)
        #expect(compared.candidates.map(\.report) == reports)
        #expect(compared.objectives.map(\.candidate) == ["baseline", "candidate"] && compared.verdict == .pass)
        // The comparison's JSON and its HTML page beside it, as for a scenario's comparison.
        let saved = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(saved.count == 2 && saved.allSatisfy { $0.hasPrefix("run-compare-") }, "\(saved)")
        #expect(saved.map { ($0 as NSString).pathExtension } == ["html", "json"], "\(saved)")
        let page = try String(contentsOf: out.appendingPathComponent(saved[0]), encoding: .utf8)
        #expect(page.contains("drift between them is not cancelled"), "the page does not say the comparison is unpaired")

        let text = try GauntletProcess.run(["compare", reports[0], reports[1], "--out", out.path])
        #expect(text.stdout.contains("UNPAIRED: two runs at different times; drift between them is not cancelled"), "\(text.stdout)")
        #expect(!text.stdout.contains("blocks of") && text.stdout.contains("no interval"), "\(text.stdout)")
    }

    @Test(arguments: [
        (["only.json"], "only.json: one saved report alone"),
        (["a.json", "b.json", "c.json"], "c.json: too many inputs"),
        (["missing.json", "missing-too.json"], "missing.json: the file does not exist"),
        (["same.json", "./same.json"], "./same.json: the same report as the baseline"),
    ])
    func badInputIsExitTwoNamingTheFile(arguments: [String], message: String) throws {
        let result = try GauntletProcess.run(["compare"] + arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    /// A comparison's own JSON is not a run report.
    @Test func aComparisonReportIsNotARunReport() throws {
        let folder = GauntletProcess.workingDirectory.appendingPathComponent("unpaired-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let comparison = folder.appendingPathComponent("comparison.json").path
        try Data(#"{"schema": "gauntlet.comparison/v1"}"#.utf8).write(to: URL(fileURLWithPath: comparison))
        let result = try GauntletProcess.run(["compare", comparison, comparison + ".other"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(comparison): not a run report: it is a comparison"), "\(result.stderr)")
    }
}

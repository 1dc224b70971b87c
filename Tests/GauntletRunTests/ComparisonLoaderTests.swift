import Foundation
import GauntletCore
import GauntletRun
import Testing

/// Loading a scenario that compares candidates: `gauntlet run` refuses it where it says so,
/// `validate` and `compare` get each candidate's requests and the block plan.
@Suite struct ComparisonLoaderTests {
    static let scenario = """
        candidates:
          - {name: current, baseline: true, model: digits-logreg}
          - name: candidate
            model: digits-mlp
            server: {faults: {latency: 5ms}}
        data:
          digits: {file: rows.csv, label: label, filter: {split: test}, order: shuffled}
        requests:
          - name: predict
            path: /v2/models/{{model}}/infer
            body: {v2: {data: digits, shape: [1, 2]}}
        load:
          warmup: 2s
          phases:
            - constant: {rate: 20/s, duration: 1m}
        objectives:
          - latency.p99 < 50ms
          - latency.p99 <= baseline * 1.10
        """

    /// Writes `text` and the data file to a fresh folder; returns the scenario's path.
    static func write(_ text: String, data: String = "split,label,a,b\ntest,1,0.5,2\ntest,0,1.5,3\ntrain,1,9,9\n") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-compare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(data.utf8).write(to: folder.appendingPathComponent("rows.csv"))
        let file = folder.appendingPathComponent("compare.yaml")
        try Data(text.utf8).write(to: file)
        return file.path
    }

    @Test func aRunRefusesCandidatesAtTheCandidatesKey() throws {
        let path = try Self.write(Self.scenario)
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        #expect {
            try ScenarioLoader.load(path: path, environment: [:])
        } throws: { error in
            (error as? ScenarioError).map {
                $0.line == 1 && $0.column == 1
                    && $0.message == "this scenario compares candidates: use `gauntlet compare \(path)`, which sends each of them the same traffic"
            } ?? false
        }
    }

    @Test func validationLoadsEveryCandidateAndTheBlockPlan() throws {
        let path = try Self.write(Self.scenario)
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        for purpose in [ScenarioLoader.Purpose.validate, .compare] {
            let loaded = try ScenarioLoader.load(path: path, environment: [:], for: purpose)
            #expect(loaded.candidates.map(\.candidate.name) == ["current", "candidate"])
            #expect(loaded.candidates.map(\.targetURL) == [nil, nil])
            #expect(loaded.candidates[1].scenario.server?.faults.latency != nil)
            let paths = loaded.candidates.map { $0.catalog.requests.map(\.path) }
            #expect(paths[0].allSatisfy { $0 == "/v2/models/digits-logreg/infer" } && paths[0].count == 2)
            #expect(paths[1].allSatisfy { $0 == "/v2/models/digits-mlp/infer" } && paths[1].count == 2)
            #expect(loaded.catalog.requests.map(\.path) == paths[0])
            #expect(loaded.objectives.map(\.isRelative) == [false, true])
            let plan = try #require(loaded.blockPlan)
            #expect(plan.blocks.count == 10 && plan.mode == .interleaved && plan.candidates == 2)
            let digests = loaded.candidates.map { plan.trafficDigest(catalog: $0.catalog) }
            #expect(digests[0] == digests[1] && digests[0].arrivals == 1_240)
        }
    }

    /// The block settings are checked against the duration as overridden.
    @Test func blockSettingsFollowADurationOverride() throws {
        let path = try Self.write(Self.scenario + "\ncompare: {block: 6s}\n")
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        let loaded = try ScenarioLoader.load(path: path, overrides: ScenarioOverrides(duration: 120_000_000_000), environment: [:], for: .compare)
        #expect(loaded.blockPlan?.blocks.count == 20)
        #expect {
            try ScenarioLoader.load(path: path, overrides: ScenarioOverrides(duration: 100_000_000_000), environment: [:], for: .compare)
        } throws: { error in
            (error as? ScenarioError).map { $0.line == 19 && $0.column == 18 && $0.message.contains("16.67") } ?? false
        }
    }

    @Test func aColumnOfTheFileNamedLikeAVariableIsRefusedAtTheVariable() throws {
        let path = try Self.write(Self.scenario, data: "split,label,a,b,model\ntest,1,0.5,2,x\n")
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        #expect {
            try ScenarioLoader.load(path: path, environment: [:], for: .validate)
        } throws: { error in
            (error as? ScenarioError).map {
                $0.line == 2 && $0.column == 37 && $0.message.hasPrefix("candidate variable 'model' is also a column of data source 'digits'")
            } ?? false
        }
    }

    @Test func aComparisonRefusesAScenarioWithoutCandidates() throws {
        let path = try Self.write("""
            requests: [{name: probe, path: /}]
            target: http://127.0.0.1:9
            load: {phases: [{constant: {rate: 1/s, duration: 1s}}]}
            """)
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        #expect(try ScenarioLoader.load(path: path, environment: [:], for: .validate).candidates.isEmpty)
        #expect {
            try ScenarioLoader.load(path: path, environment: [:], for: .compare)
        } throws: { error in
            (error as? ScenarioError)?.message.hasPrefix("this scenario lists no 'candidates' to compare") == true
        }
    }
}

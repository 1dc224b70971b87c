import Foundation
import GauntletCore
import Testing

/// One scenario split across four processes that start together, merged: the same requests as
/// one process sending the whole schedule, and one verdict over all of them.
@Suite(.serialized) struct SegmentRunTests {
    /// About 1,200 measured requests: a p99 needs 1,000, so each quarter alone is inconclusive.
    static func scenario(port: Int) -> String {
        """
        name: segmented
        target: http://127.0.0.1:\(port)
        data:
          digits: {file: \(ScenarioFilesTests.root.appendingPathComponent("scenarios/data/digits.csv").path), label: label, filter: {split: test}}
        requests:
          - name: predict
            path: /v2/models/digits-logreg/infer
            body: {v2: {data: digits, input: input-0, shape: [1, 64], datatype: FP32}}
          - name: health
            weight: 0.25
            path: /v2/health/ready
        load:
          warmup: 1s
          seed: 11
          phases:
            - constant: {rate: 150/s, duration: 3s}
            - ramp: {from: 150/s, to: 250/s, duration: 3s}
        objectives:
          - latency.p99 < 2s
          - predict.accuracy >= 0.9
        """
    }

    static func report(in folder: URL) throws -> [String: Any] {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        let file = try #require(files.count == 1 ? files.first : nil, "\(files)")
        let data = try Data(contentsOf: folder.appendingPathComponent(file))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Counts by request name and status, by phase and status, and the schedule's fingerprint.
    static func counts(_ report: [String: Any]) throws -> [String: String] {
        var counts: [String: String] = [:]
        for (name, figures) in try #require(report["requests"] as? [String: [String: Any]]) {
            counts["request \(name)"] = "\(figures["completed"]!) \(Self.sorted(figures["status_codes"]))"
        }
        for (index, phase) in try #require(report["phases"] as? [[String: Any]]).enumerated() {
            let figures = try #require(phase["figures"] as? [String: Any])
            counts["phase \(index) \(phase["name"]!)"] = "\(figures["completed"]!) \(Self.sorted(figures["status_codes"])) warm-up \(figures["warmup"]!)"
        }
        let requests = try #require((report["summary"] as? [String: Any])?["requests"] as? [String: Any])
        counts["sent"] = "\(requests["sent"]!)"
        let schedule = try #require(report["schedule"] as? [String: Any])
        counts["schedule"] = "\(schedule["arrivals"]!) arrivals, digest \(schedule["digest"]!)"
        return counts
    }

    /// `200×860, 503×2`: counts by status in a fixed order.
    static func sorted(_ counts: Any?) -> String {
        ((counts as? [String: Int]) ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: ", ")
    }

    @Test func fourSegmentsMergedSendWhatOneRunSends() throws {
        let (server, _, port, _) = try ServeCommandTests.startServer([])
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let workspace = try ScenarioRunTests.Workspace(scenario: Self.scenario(port: port))
        defer { workspace.remove() }
        let segments = workspace.folder.appendingPathComponent("segments")
        // Far enough ahead for four processes to start on a busy machine.
        let start = StartTime.format(Date().addingTimeInterval(4))
        let runs = (1...4).map { index in
            Thread.detached {
                try GauntletProcess.run([
                    "run", workspace.scenarioPath, "--segment", "\(index)/4", "--start-at", start, "--workers", "1",
                    "--out", segments.path,
                ], timeout: 60)
            }
        }
        let results = try runs.map { try $0.value() }
        for (index, result) in results.enumerated() {
            // A segment that ran exits 0 whatever its objectives say: the merge judges.
            #expect(result.status == 0, "segment \(index + 1): \(result.stderr)")
            #expect(result.stdout.contains("INCONCLUSIVE latency.p99 < 2s"), "segment \(index + 1): \(result.stdout)")
        }
        let single = workspace.folder.appendingPathComponent("single")
        let whole = try GauntletProcess.run(["run", workspace.scenarioPath, "--quiet", "--out", single.path], timeout: 60)
        #expect(whole.status == 0, "\(whole.stdout)\(whole.stderr)")

        let files = try FileManager.default.contentsOfDirectory(atPath: segments.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.count == 4 && files.allSatisfy { $0.contains("-segment-") }, "\(files)")
        let merged = workspace.folder.appendingPathComponent("merged")
        let merge = try GauntletProcess.run(
            ["merge"] + files.reversed().map { segments.appendingPathComponent($0).path } + ["--out", merged.path])
        #expect(merge.status == 0, "\(merge.stdout)\(merge.stderr)")
        #expect(merge.stdout.contains("PASS         latency.p99 < 2s"), "\(merge.stdout)")
        #expect(merge.stderr.contains("merged 4 segment(s)"), "\(merge.stderr)")

        let mergedCounts = try Self.counts(Self.report(in: merged))
        let singleCounts = try Self.counts(Self.report(in: single))
        #expect(mergedCounts == singleCounts)
        #expect(mergedCounts.count == 2 + 3 + 2, "\(mergedCounts)")
        // Each segment started within a few milliseconds of the agreed instant on this clock.
        let report = try Self.report(in: merged)
        for segment in try #require(report["merged_from"] as? [[String: Any]]) {
            let skew = try #require(segment["start_skew_milliseconds"] as? Double)
            #expect(abs(skew) < 100, "\(segment)")
        }

        // What a merge refuses, exit 2 with the file at fault named.
        let first = segments.appendingPathComponent(files[0]).path
        let others = files.dropFirst().map { segments.appendingPathComponent($0).path }
        let notJSON = workspace.folder.appendingPathComponent("notes.json")
        try Data("segment one\n".utf8).write(to: notJSON)
        let otherJSON = workspace.folder.appendingPathComponent("other.json")
        try Data(#"{"schema": "something/v2", "rows": []}"#.utf8).write(to: otherJSON)
        let copy = workspace.folder.appendingPathComponent("copy.json")
        try FileManager.default.copyItem(atPath: first, toPath: copy.path)
        let refusals: [([String], String, String)] = [
            (Array(others), "", "segment 1/4 missing"),
            ([first, copy.path] + others, copy.path, "appears twice"),
            ([notJSON.path] + others, notJSON.path, "not a Gauntlet report"),
            ([otherJSON.path] + others, otherJSON.path, "not a Gauntlet report"),
            (["/nonexistent/segment.json"] + others, "/nonexistent/segment.json", "does not exist"),
            ([first, single.path + "/" + (try FileManager.default.contentsOfDirectory(atPath: single.path).first { $0.hasSuffix(".json") }!)] + others,
             single.path, "split"),
        ]
        for (arguments, file, words) in refusals {
            let result = try GauntletProcess.run(["merge"] + arguments + ["--out", merged.path])
            #expect(result.status == 2, "\(words): \(result.stderr)")
            #expect(result.stderr.contains("gauntlet: error: \(file)") && result.stderr.contains(words), "\(result.stderr)")
        }
    }
}

extension Thread {
    /// Runs `body` on a thread of its own; `value()` waits for what it returned.
    static func detached<T: Sendable>(_ body: @escaping @Sendable () throws -> T) -> Detached<T> { Detached(body) }

    final class Detached<T: Sendable>: @unchecked Sendable {  // `outcome` is written once, before `done` is signalled
        private var outcome: Result<T, any Error>?
        private let done = DispatchSemaphore(value: 0)

        init(_ body: @escaping @Sendable () throws -> T) {
            Thread.detachNewThread { [self] in
                outcome = Result { try body() }
                done.signal()
            }
        }

        func value() throws -> T {
            done.wait()
            return try outcome!.get()
        }
    }
}

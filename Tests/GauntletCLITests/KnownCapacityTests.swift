import Foundation
import Testing

/// The search against a server whose capacity is known: the embedded reference server with one
/// inference thread, batches of one and 2 ms added to each forward pass (about 470/s here).
/// Its capacity is measured closed loop first, on the same machine in the same test, so the
/// check holds for its reason (the search finds the limit) whatever the machine's speed.
@Suite(.serialized) struct KnownCapacityTests {
    static let models = ScenarioFilesTests.root.appendingPathComponent("models").path

    /// scenarios/capacity.yaml with its data file's path made absolute, and its p99 objective at
    /// 100 ms instead of 20 ms. Here the objective only has to tell a queue that grows from a
    /// machine's scheduling noise. Past capacity the queue grows all step long: 2% over it, for
    /// the 2 s warm-up and 6 s measured, is ~77 requests, so ~160 ms at the end, and the p99 is
    /// well past 100 ms. Below capacity the p99 is the 2 ms pass plus the noise: up to a few tens
    /// of milliseconds on two cores shared with two builds and the other tests, where the 20 ms
    /// objective failed even at 200/s (scripts/test-on-a-busy-machine.sh, load 7.5).
    static func scenario(maxBatchSize: Int = 1) throws -> String {
        let source = ScenarioFilesTests.root.appendingPathComponent("scenarios/capacity.yaml").path
        let text = try String(contentsOfFile: source, encoding: .utf8)
        let edited = text
            .replacingOccurrences(of: "max_batch_size: 1", with: "max_batch_size: \(maxBatchSize)")
            .replacingOccurrences(of: "file: data/digits.csv", with: "file: \(ScenarioFilesTests.root.path)/scenarios/data/digits.csv")
            .replacingOccurrences(of: "latency.p99 < 20ms", with: "latency.p99 < 100ms")
        #expect(edited.contains("max_batch_size: \(maxBatchSize)") && edited.contains("latency.p99 < 100ms"), "capacity.yaml changed")
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("capacity-\(maxBatchSize)-\(UUID().uuidString).yaml")
        try edited.write(to: copy, atomically: true, encoding: .utf8)
        return copy.path
    }

    /// - Parameter judged: whether the objectives must pass (exit 0); a closed-loop level is a
    ///   measurement of throughput, whose p99 may miss them on a busy machine (exit 1).
    static func capacity(_ arguments: [String], scenario: String, judged: Bool = true) throws -> [String: Any] {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-capacity-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try GauntletProcess.run(
            ["capacity", scenario, "--json", "--quiet", "--out", out.path, "--models", models] + arguments, timeout: 300)
        #expect(judged ? result.status == 0 : [0, 1].contains(result.status), "\(result.stdout.prefix(3_000))\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    /// Each step in a line, for a failure's message.
    static func describe(_ json: [String: Any]) -> String {
        ((json["steps"] as? [[String: Any]]) ?? []).map { step in
            let p99 = step["p99"] as? [String: Any]
            return "\(step["offered_rate"] ?? "?")/s \(step["outcome"] ?? "?") p99 \(p99?["value"] ?? "?") \((step["reasons"] as? [String])?.first ?? "")"
        }.joined(separator: "; ")
    }

    static func rateMax(_ json: [String: Any]) throws -> (low: Double, high: Double) {
        let interval = try #require(json["rate_max"] as? [String: Any])
        return (try #require(interval["low"] as? Double), try #require(interval["high"] as? Double))
    }

    /// Closed loop at 4 in flight: the server's throughput is its capacity.
    static func closedLoopCapacity(_ scenario: String) throws -> Double {
        let closed = try capacity(["--concurrency", "4", "--duration", "4s"], scenario: scenario, judged: false)
        let level = try #require((closed["steps"] as? [[String: Any]])?.first)
        return try #require(level["ok_rate"] as? Double)
    }

    @Test func theSearchFindsTheKnownCapacityAndBatchingRaisesIt() throws {
        // About 470/s; never more (one thread, 2 ms a pass, slept). On a machine busy with other
        // work the server can serve less (113/s and 285/s were seen with a build and a fuzzer
        // running while the 2 ms were spun). So the search is held to what the server served
        // just before and just after it, and starts below that.
        let single = try Self.scenario()
        defer { try? FileManager.default.removeItem(atPath: single) }
        let before = try Self.closedLoopCapacity(single)
        #expect(before > 0 && before < 520, "one thread at 2 ms a request: \(before)/s")

        let started = Date()
        // 20 ms rather than 5 ms: a machine busy with other work can wake the generator 5 ms late;
        // sends late by 20 ms still mean it fell behind. (docs/capacity.md, "The rules of a step".)
        let search = try Self.capacity(
            ["--late-after", "20ms", "--start-rate", String(Int(min(200, before / 2)))], scenario: single)
        let elapsed = Date().timeIntervalSince(started)
        let after = try Self.closedLoopCapacity(single)
        let found = try Self.rateMax(search)
        print("capacity: closed loop \(Int(before))/s before, \(Int(after))/s after; R_max [\(found.low), \(found.high)]")
        // Closed-loop throughput bounds what open loop sustains within the objective from above.
        // Below it the host's stalls take some of the room: at 90% of capacity a 10 ms stall takes
        // ~90 ms to drain, so stalls pile up and the p99 passes 100 ms short of throughput (R_max
        // 0.95, 0.96, 0.96 and once 0.875 of it have been seen). 0.8 keeps that room and still
        // fails a search that stays near its start (about half of capacity) or overshoots; that it
        // resolved its interval to 5% is checked below.
        #expect(found.low >= 0.8 * min(before, after) && found.high <= 1.1 * max(before, after),
                "R_max [\(found.low), \(found.high)] against a closed-loop capacity of \(before)/s before, \(after)/s after; \(Self.describe(search))")
        #expect(search["finish"] as? String == "resolved")
        // Bounded by the steps' own durations (about 8 s each), not by a guess at the machine.
        let steps = try #require(search["steps"] as? [[String: Any]])
        let measured = steps.reduce(0.0) { $0 + (($1["measured_seconds"] as? Double ?? 0) + 2 * Double(1 + ($1["extensions"] as? Int ?? 0))) }
        #expect(elapsed < 180, "\(steps.count) steps, \(measured) s of load, \(elapsed) s in all")

        // Batches of up to 8: the same thread serves up to eight requests per forward pass.
        let batched = try Self.scenario(maxBatchSize: 8)
        defer { try? FileManager.default.removeItem(atPath: batched) }
        // Its R_max may lie past the search's maximum (3,200/s), when the answer is "at least".
        let eight = try #require((try Self.capacity(["--late-after", "20ms"], scenario: batched))["rate_max"] as? [String: Any])
        let eightLow = try #require(eight["low"] as? Double)
        #expect(eightLow > found.high, "batches of 8: R_max from \(eightLow) against [\(found.low), \(found.high)]")
    }
}

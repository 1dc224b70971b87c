import Foundation
import GauntletFixtures
import Testing

/// Issue 4's overload rehearsal: the reference server offered three times what it can serve for
/// 10 s sheds the excess as 503 at once, keeps serving at capacity, keeps its memory, and the
/// requests it admits wait about as long as they do at half load.
@Suite(.serialized) struct OverloadTests {
    /// One executor, batches of up to 4 that each take 4 ms (an injected slower model, slept, so it
    /// holds the executor and not a core): about 930/s whatever else the machine does; a queue of
    /// one batch.
    static let serverFlags = [
        "--inference-threads", "1", "--max-batch-size", "4", "--queue-capacity", "4", "--fault-latency", "4ms",
    ]

    struct Run {
        var okRate: Double
        var completed: Double
        var okP99: Double
        var statuses: [String: Double]
    }

    static func load(_ port: Int, _ arguments: [String]) throws -> Run {
        let result = try GauntletProcess.run(
            ["run", "--url", "http://127.0.0.1:\(port)/v2/models/digits-mlp/infer", "--method", "POST",
             "-H", "Content-Type: application/json", "--body", ServeCommandTests.inferBody, "--json", "--out", "reports"]
                + arguments, timeout: 60)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        let requests = try #require(summary["requests"] as? [String: Any])
        let rate = try #require(summary["rate"] as? [String: Any])
        let success = try #require(summary["success_latency"] as? [String: Any])
        return Run(
            okRate: rate["successful"] as? Double ?? 0, completed: requests["completed"] as? Double ?? 0,
            okP99: success["p99"] as? Double ?? .infinity,
            statuses: (requests["status_codes"] as? [String: Double]) ?? [:])
    }

    static func peakResident(_ pid: Int32) -> Double {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return (Double(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    @Test func threeTimesCapacityIsShedNotQueued() throws {
        let (server, _, port, _) = try ServeCommandTests.startServer(Self.serverFlags)
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        // Capacity: twice as many in flight as the executor and queue hold, so the executor never
        // waits for work; the rest are shed at once and do not count.
        let capacity = try Self.load(port, ["--concurrency", "16", "--connections", "16", "--duration", "3s"]).okRate
        // About 930/s; less on a machine busy with other work (248/s was seen with a build, a
        // fuzzer and the tests on two cores while the delay was spun), never more. What follows
        // is relative to it.
        #expect(capacity > 0 && capacity < 1_050, "capacity \(capacity)/s")

        let half = try Self.load(port, ["--rate", String(Int(capacity / 2)), "--duration", "5s", "--connections", "64"])
        // At half capacity the server keeps up, so it sheds (almost) nothing. Not strictly none: its
        // queue of 4 holds about 8 ms of arrivals, and on a busy 2-core machine the scheduler can hold
        // the executor back longer than that now and then (3 of 2,275 shed on a quiet machine, 22 of
        // 1,525 with a build, a fuzzer and a soak running). Under overload below, two in three are
        // shed: 5% is still more than ten times less.
        let halfShed = half.statuses["503"] ?? 0
        #expect(Set(half.statuses.keys).isSubset(of: ["200", "503"]), "\(half.statuses)")
        #expect(halfShed < half.completed * 0.05, "\(half.statuses)")
        let memoryAtHalf = Self.peakResident(server.processIdentifier)

        let over = try Self.load(port, ["--rate", String(Int(capacity * 3)), "--duration", "10s", "--connections", "64"])
        let shed = over.statuses["503"] ?? 0
        let report = """
            capacity \(Int(capacity))/s; half: p99 \(half.okP99) ms; 3×: \(Int(over.completed)) answered, \(Int(shed)) shed, \
            \(Int(over.okRate)) ok/s, admitted p99 \(over.okP99) ms; peak RSS \(Int(memoryAtHalf / 1e6)) MB at half, \
            \(Int(Self.peakResident(server.processIdentifier) / 1e6)) MB after 3×
            """
        print("overload: \(report)")
        // The excess is shed, not queued: about two requests in three are 503s.
        #expect(shed > over.completed * 0.5 && shed < over.completed * 0.8, "\(report)")
        #expect(Set(over.statuses.keys) == ["200", "503"], "\(over.statuses)")
        // It keeps serving at capacity while it sheds.
        #expect(over.okRate > capacity * 0.85, "\(report)")
        // The admitted requests wait about as long as at half load. Had the excess been queued,
        // the 64 connections' requests would stand behind the executor: at least 64/capacity
        // (~66 ms) more for every admitted one, and from the intended send time ever more. Half
        // that is the line; a busy machine's scheduling noise (10 ms at half, 23 ms at 3× was
        // seen while a fuzzer ran) stays well under it.
        let queueingWouldAdd = 64 / capacity * 1_000
        #expect(over.okP99 < half.okP99 + queueingWouldAdd / 2, "\(report)")
        // Memory stays bounded: the queue holds the excess out, so nothing piles up.
        #expect(Self.peakResident(server.processIdentifier) < memoryAtHalf * 1.5 + 16e6, "\(report)")
        // And it is still up.
        let health = try RawHTTPConnection(port: port)
        health.request("GET", "/v2/health/ready")
        #expect(health.readResponse()?.status == 200)
    }
}

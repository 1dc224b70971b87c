import Foundation
import GauntletCore
import GauntletFixtures
import GauntletLoad
import Testing

/// A target killed and restarted mid-run: every request is counted by what happened to it, the
/// run goes on, and the outage shows with its restart and recovery, which objectives can judge.
@Suite(.serialized) struct TargetRestartTests {
    /// Killed once it has served 200 requests (1 s at 200/s), back 0.5 s later on the same port
    /// answering 503 to its first 100 requests (0.5 s of arrivals, a model still loading), then 200.
    @Test func aRestartIsOneOutageWithItsRecoveryMeasured() throws {
        let first = try FixtureServer(behaviour: .immediate)
        let port = first.port
        let restarted = Restart()
        let chaos = Thread {
            let giveUp = Date(timeIntervalSinceNow: 10)
            while first.requestsReceived < 200 && Date() < giveUp { usleep(1_000) }
            first.shutdown()
            usleep(500_000)
            restarted.set(try? FixtureServer(behaviour: .unavailableFirst(requests: 100), port: port))
        }
        chaos.start()
        defer { restarted.server?.shutdown() }

        let request = MaterializedRequest(template: 0, method: "GET", path: "/", headers: [], body: nil)
        let model = LoadModel.openLoop(ArrivalSchedule(rate: 200, process: .constant, seed: 1, end: 3_000_000_000))
        let configuration = LoadConfiguration(
            baseURL: "http://127.0.0.1:\(port)", catalog: .single(request), model: model, timeout: 5_000_000_000,
            connectTimeout: 1_000_000_000, connections: 8, workers: 1, idlePolling: false)
        let measurements = try LoadEngine(configuration: configuration).run()
        #expect(restarted.server != nil, "the fixture could not listen on port \(port) again")

        // Every request is counted, by kind: refused while down, 503 while loading, ok otherwise.
        let measured = measurements.recorder.measured
        #expect(measured.completed == 600 && measurements.sent == 600)
        #expect(measured.errorsByKind[.http5xx] == 100)
        #expect((measured.errorsByKind[.connectRefused] ?? 0) > 0)
        #expect(Set(measured.errorsByKind.keys).isSubset(of: [.connectRefused, .http5xx, .reset, .truncated]))

        // One outage: down from the kill to the first success, recovering from the restart.
        let outage = try #require(measurements.outages.first)
        #expect(measurements.outages.count == 1)
        let recovered = try #require(outage.recoveredSeconds)
        let restart = try #require(outage.restartSeconds)
        let recovery = outage.recovery(runEnd: 3), downtime = outage.downtime(runEnd: 3)
        // 100 arrivals 5 ms apart lie between the restart and the first success: 0.5 s, less
        // whatever the generator fell behind at the restart (up to 0.2 s tolerated).
        #expect(recovery >= 0.3 && recovery <= downtime, "recovery \(recovery) s, downtime \(downtime) s")
        // The restart came at least 0.5 s after the kill (the chaos thread's sleep), less the
        // delay in seeing the first refusal (up to 0.2 s tolerated).
        #expect(restart - outage.startSeconds >= 0.3, "\(outage)")
        #expect(recovered > restart)
    }
}

/// The restarted server, set by the chaos thread.
private final class Restart: @unchecked Sendable {
    private let lock = NSLock()
    private var restarted: FixtureServer?
    var server: FixtureServer? { lock.withLock { restarted } }
    func set(_ server: FixtureServer?) { lock.withLock { restarted = server } }
}

import Foundation
import GauntletCore
import GauntletFixtures
import GauntletLoad
import Testing

/// The PM QoS request that keeps idle CPUs polling: made and ended with the hold, declined on
/// request, and a refusal that says why.
@Suite(.serialized) struct IdlePollingHoldTests {
    /// Root on Linux, as on CI: the request file is there to write.
    static let canHold = FileManager.default.isWritableFile(atPath: IdlePollingHold.device)

    @Test(.enabled(if: canHold, "needs root on Linux: /dev/cpu_dma_latency"))
    func holdingSetsTheMachineWideLimitToZeroAndReleasingRestoresIt() throws {
        let before = try #require(IdlePollingHold.currentLimit())
        do {
            let hold = IdlePollingHold(requested: true)
            #expect(hold.state == .held)
            #expect(IdlePollingHold.currentLimit() == 0)
            withExtendedLifetime(hold) {}
        }
        // The request lives as long as the open file, so nothing outlives the hold.
        #expect(IdlePollingHold.currentLimit() == before)
    }

    @Test func declinedAsksNothing() throws {
        let before = IdlePollingHold.currentLimit()
        let hold = IdlePollingHold(requested: false)
        #expect(hold.state == .declined)
        #expect(hold.state.reason == "declined (--no-idle-poll)")
        #expect(IdlePollingHold.currentLimit() == before)
    }

    @Test func aRefusalSaysWhy() {
        let hold = IdlePollingHold(requested: true, device: "/nonexistent/cpu_dma_latency")
        #expect(!hold.state.held)
        #expect(hold.state.reason == "/nonexistent/cpu_dma_latency: No such file or directory", "\(hold.state)")
    }

    /// The engine holds for the load and says so in its measurements.
    @Test(arguments: [true, false])
    func theEngineRecordsWhetherItHeld(requested: Bool) throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let request = MaterializedRequest(template: 0, method: "GET", path: "/", headers: [], body: nil)
        let configuration = LoadConfiguration(
            baseURL: server.baseURL, catalog: .single(request),
            model: .openLoop(ArrivalSchedule(rate: 100, process: .constant, seed: 1, end: 200_000_000)), workers: 1,
            idlePolling: requested)
        let measurements = try LoadEngine(configuration: configuration).run()
        let expected: IdlePolling = !requested ? .declined : Self.canHold ? .held : IdlePollingHold(requested: true).state
        #expect(measurements.idlePolling == expected)
        #expect(measurements.recorder.measured.ok == 20)
    }
}

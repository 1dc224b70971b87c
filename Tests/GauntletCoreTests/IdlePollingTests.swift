import GauntletCore
import Testing

struct IdlePollingTests {
    static let refused = IdlePolling(held: false, reason: "/dev/cpu_dma_latency: Permission denied (it takes root)")

    @Test func severalHoldsAreHeldOnlyIfEveryOneWas() {
        #expect(IdlePolling.combined([]) == nil)
        #expect(IdlePolling.combined([.held, .held]) == .held)
        #expect(IdlePolling.combined([.held, Self.refused]) == Self.refused)
    }

    /// Merged segments say the same whichever file came first.
    @Test func theCombinationDoesNotDependOnOrder() {
        let holds: [IdlePolling] = [.held, Self.refused, .declined]
        let orders = [holds, holds.reversed(), [holds[1], holds[2], holds[0]]]
        let combined = Set(orders.map { IdlePolling.combined($0)!.reason })
        #expect(combined.count == 1)
        #expect(IdlePolling.combined(holds)?.held == false)
    }

    @Test func itReadsAsAFact() {
        #expect(IdlePolling.held.description == "idle CPUs polled (wake-up latency held at 0 µs)")
        #expect(Self.refused.description == "idle CPUs halted: /dev/cpu_dma_latency: Permission denied (it takes root)")
    }
}

import Foundation
import GauntletCore
import GauntletServer
import Testing

/// The injected latency: never shorter than asked, and a long one holds the thread, not a core,
/// so a server's capacity under it does not fall with the CPU share other work leaves it.
@Suite struct ExactDelayTests {
    static func threadCPUNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    @Test(arguments: [UInt64(100_000), 499_999, 500_000, 2_000_000])
    func neverEndsEarly(nanoseconds: UInt64) {
        for _ in 0..<20 {
            let start = MonotonicClock.now()
            ExactDelay.hold(for: nanoseconds)
            #expect(MonotonicClock.now() - start >= nanoseconds)
        }
    }

    @Test func aHoldOfHalfAMillisecondOrMoreSleeps() {
        // Ten holds of 4 ms (OverloadTests' forward pass) spun would take 40 ms from a core (at
        // least a third of that even where three other busy threads share two cores); slept, they
        // take microseconds each.
        let hold: UInt64 = 4_000_000
        let cpuBefore = Self.threadCPUNanoseconds()
        for _ in 0..<10 { ExactDelay.hold(for: hold) }
        let cpu = Self.threadCPUNanoseconds() - cpuBefore
        #expect(cpu < 10 * hold / 5, "\(cpu) ns of CPU for ten holds of \(hold) ns")
    }
}

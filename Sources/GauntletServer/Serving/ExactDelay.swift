import Foundation
import GauntletCore

/// Holds the calling thread for a given time, as a slower model would hold its executor: a delay
/// longer than ``sleepFrom`` sleeps to an absolute deadline; a shorter one spins.
///
/// A sleep holds the thread but not a core, so the server's capacity stays what the delay makes it
/// when other work shares the machine: a 2 ms hold served 474/s sleeping on a quiet machine and
/// 476/s beside four busy loops, where spinning it served 500/s and 205/s (each slice lost to the
/// busy loops cost 8 ms). A sleep wakes late, about 0.1 ms here (docs/measurement.md, "The host's
/// own timing"), which a hold of a millisecond or more can bear and a shorter one cannot; those
/// spin, since the time they take from a busy machine is small anyway.
package enum ExactDelay {
    /// About five times this host's typical wake-up latency.
    package static let sleepFrom: UInt64 = 500_000

    package static func hold(for nanoseconds: UInt64) {
        let deadline = MonotonicClock.now() + nanoseconds
        guard nanoseconds >= sleepFrom else {
            while MonotonicClock.now() < deadline {}
            return
        }
        var until = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        // An absolute deadline: a sleep a signal interrupts resumes to the same end.
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, nil) == EINTR {}
    }
}

import Foundation
import GauntletCore

/// Holds the calling thread for a given time, exactly: it sleeps through all but the last
/// ``spinWindow`` and spins through the rest.
///
/// A plain sleep on a virtual machine wakes up to 4 ms late (docs/measurement.md, "The host's own
/// timing"), so a 2 ms injected forward pass took 2–6 ms and the server's capacity moved from run
/// to run with the host's timer. A forward pass is compute anyway: spinning its last milliseconds
/// is what a slower model would do with the core.
enum ExactDelay {
    /// Longer than this host's timer overshoot, so the sleep ends before the deadline.
    static let spinWindow: UInt64 = 5_000_000

    static func hold(for nanoseconds: UInt64) {
        let deadline = MonotonicClock.now() + nanoseconds
        if nanoseconds > spinWindow {
            Thread.sleep(forTimeInterval: Double(nanoseconds - spinWindow) / 1e9)
        }
        while MonotonicClock.now() < deadline {}
    }
}

import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// A timerfd armed at an absolute CLOCK_MONOTONIC instant.
///
/// `curl_multi_poll` takes its timeout in whole milliseconds; passing this fd as an
/// extra descriptor instead wakes the worker within microseconds of the next send's
/// intended time, without spinning.
final class DeadlineTimer {
    let fileDescriptor: Int32
    private var armedAt: UInt64 = 0

    init() throws(LoadEngineError) {
        fileDescriptor = timerfd_create(CLOCK_MONOTONIC, Int32(TFD_NONBLOCK | TFD_CLOEXEC))
        guard fileDescriptor >= 0 else { throw .system("timerfd_create failed: errno \(errno)") }
    }

    deinit { close(fileDescriptor) }

    /// Arms the timer for `deadline` (monotonic ns); re-arming for the same instant costs nothing.
    func arm(at deadline: UInt64) {
        guard deadline != armedAt else { return }
        armedAt = deadline
        var spec = itimerspec()
        spec.it_value.tv_sec = Int(deadline / 1_000_000_000)
        spec.it_value.tv_nsec = Int(deadline % 1_000_000_000)
        timerfd_settime(fileDescriptor, Int32(TFD_TIMER_ABSTIME), &spec, nil)
    }

    /// Notes that the timer fired. Its fd reads as ready until the next `arm`, which clears the
    /// expiry (setting a timerfd resets its count), so no read is spent on it; the caller must
    /// arm it before it polls again.
    func expired() {
        armedAt = 0
    }
}

import CCurl
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The short scheduler slice an open-loop worker asks for (Linux 6.12+ EEVDF), so that waking on
/// time does not wait for a busy server thread's slice to run out.
struct WorkerSliceTests {
    /// The kernel reports each thread's slice in /proc (`se.slice`) where it has custom slices.
    static let kernelReportsSlices = (try? String(contentsOfFile: "/proc/self/sched", encoding: .utf8))?.contains("se.slice") == true

    /// `se.slice` of the calling thread, in ns.
    static func currentSlice() -> UInt64? {
        guard let text = try? String(contentsOfFile: "/proc/thread-self/sched", encoding: .utf8) else { return nil }
        let line = text.split(separator: "\n").first { $0.hasPrefix("se.slice") }
        return line.flatMap { $0.split(separator: ":").last }.flatMap { UInt64($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Runs `body` on a thread of its own, so the test's thread keeps its scheduling.
    static func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.start()
        done.wait()
        return box.value!
    }

    final class ResultBox<T>: @unchecked Sendable { var value: T? }

    @Test(.enabled(if: kernelReportsSlices, "the kernel has no per-thread slices (before Linux 6.12)"))
    func theThreadGetsTheSliceItAskedForAndKeepsItsNiceValue() {
        let (granted, slice, nice, defaultSlice) = Self.onOwnThread { () -> (UInt64, UInt64?, Int32, UInt64?) in
            let defaultSlice = Self.currentSlice()
            // A nice value the call must not reset: sched_setattr sets nice too, so it is read first.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 5)
            let granted = gauntlet_set_thread_slice_ns(100_000)
            errno = 0
            let nice = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
            return (granted, Self.currentSlice(), nice, defaultSlice)
        }
        #expect(granted == 100_000)
        #expect(slice == 100_000)
        #expect(nice == 5)
        // Another thread keeps the default it had: the request is the calling thread's own.
        #expect(Self.onOwnThread { Self.currentSlice() } == defaultSlice)
    }
}

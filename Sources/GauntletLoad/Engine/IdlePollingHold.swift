import Foundation
import GauntletCore
#if canImport(Glibc)
import Glibc
#endif

/// Keeps the machine's idle CPUs polling for as long as it lives, through Linux's PM QoS
/// interface: writing a wake-up latency of 0 µs to `/dev/cpu_dma_latency` and keeping the file
/// open (the request ends when it is closed, so a crashed run cannot leave it behind). This is
/// what `cyclictest` does for the same reason.
///
/// Measured on the project's 2-core VM (docs/measurement.md, "The host's own timing"): at
/// 1,000/s to two candidates, schedule lag p99 fell from 2.9 ms to 0.4–0.5 ms. Only idle CPUs
/// poll, so no work waits for it; the price is power (or the host's CPU, on a VM) while it runs.
public final class IdlePollingHold: Sendable {
    /// Linux's PM QoS request file for the CPUs' wake-up latency.
    public static let device = "/dev/cpu_dma_latency"

    private let fileDescriptor: Int32
    public let state: IdlePolling

    /// Asks the kernel to keep idle CPUs polling, unless `requested` is false. Never fails: when
    /// the request cannot be made (not root, no such device, not Linux), ``state`` says why.
    /// - Parameter device: the request file; another path only to see how a refusal reads.
    public init(requested: Bool, device: String = IdlePollingHold.device) {
        guard requested else {
            fileDescriptor = -1
            state = .declined
            return
        }
        #if os(Linux)
        let descriptor = open(device, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let error = errno
            fileDescriptor = -1
            let hint = error == EACCES || error == EPERM ? " (it takes root)" : ""
            state = IdlePolling(held: false, reason: "\(device): \(String(cString: strerror(error)))\(hint)")
            return
        }
        var microseconds: Int32 = 0
        guard write(descriptor, &microseconds, MemoryLayout<Int32>.size) == MemoryLayout<Int32>.size else {
            let error = errno
            close(descriptor)
            fileDescriptor = -1
            state = IdlePolling(held: false, reason: "writing \(device): \(String(cString: strerror(error)))")
            return
        }
        fileDescriptor = descriptor
        state = .held
        #else
        fileDescriptor = -1
        state = IdlePolling(held: false, reason: "only Linux has \(device)")
        #endif
    }

    deinit {
        if fileDescriptor >= 0 { close(fileDescriptor) }
    }

    /// The machine-wide wake-up latency limit in force now, in µs, or nil if it cannot be read:
    /// 0 while some process holds idle CPUs polling.
    public static func currentLimit() -> Int32? {
        #if os(Linux)
        let descriptor = open(device, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var value: Int32 = 0
        return read(descriptor, &value, MemoryLayout<Int32>.size) == MemoryLayout<Int32>.size ? value : nil
        #else
        return nil
        #endif
    }
}

/// Whether the machine's idle CPUs were kept polling while the load ran, and why not if not.
///
/// A halted idle CPU is woken through the hypervisor or a deep C-state, which on a small VM adds
/// milliseconds to the generator's sends and the target's answers alike (docs/measurement.md,
/// "The host's own timing"). Asking the kernel for a wake-up latency of 0 µs keeps idle CPUs
/// polling instead; busy CPUs are not affected, so nothing is taken from the server under test.
public struct IdlePolling: Codable, Sendable, Equatable, CustomStringConvertible {
    public var held: Bool
    /// Why not, when not held: declined on the command line, or why the kernel could not be asked.
    public var reason: String?

    public init(held: Bool, reason: String? = nil) {
        self.held = held
        self.reason = reason
    }

    public static let held = IdlePolling(held: true)
    public static let declined = IdlePolling(held: false, reason: "declined (--no-idle-poll)")

    public var description: String {
        held ? "idle CPUs polled (wake-up latency held at 0 µs)" : "idle CPUs halted: \(reason ?? "not held")"
    }

    /// One description of several holds (segments, blocks, steps): held only if every one was.
    /// Independent of their order, so merged segments say the same whichever came first.
    public static func combined(_ holds: [IdlePolling]) -> IdlePolling? {
        guard !holds.isEmpty else { return nil }
        let reasons = holds.filter { !$0.held }.map { $0.reason ?? "" }
        return reasons.min().map { IdlePolling(held: false, reason: $0.isEmpty ? nil : $0) } ?? .held
    }
}

import GauntletCore

extension RunResult.EnvironmentInfo {
    /// Whether idle CPUs polled while load ran, as an environment fact; none for older reports.
    var idleFacts: [(String, String)] {
        guard let idle = idlePolling else { return [] }
        return [("idle CPUs", idle.held
            ? "kept polling while load ran (wake-up latency held at 0 µs)"
            : "free to halt (\(idle.reason ?? "not held")); schedule lag includes their wake-ups")]
    }
}

import ArgumentParser
import GauntletRun

/// How this process generates load: `--workers` and `--no-idle-poll`, the same for run, compare
/// and capacity.
struct GeneratorFlags: ParsableArguments {
    @Option(help: "Worker threads, each with its own libcurl multi handle (default: one per core).")
    var workers: Int = RunRequest.defaultWorkers

    @Flag(name: .customLong("idle-poll"), inversion: .prefixedNo, help: ArgumentHelp(
        "Keep idle CPUs polling while load runs (Linux, as root: /dev/cpu_dma_latency held at 0 µs), so no send or answer waits for a halted CPU to wake. --no-idle-poll lets them halt; the report says which."))
    var idlePoll = true

    func validate() throws {
        if workers < 1 { throw ValidationError("--workers must be at least 1") }
    }
}

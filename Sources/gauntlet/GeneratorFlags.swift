import ArgumentParser
import GauntletLoad
import GauntletRun

/// How this process generates load: `--workers`, `--no-idle-poll` and `--proxy`, the same for
/// run, compare and capacity.
struct GeneratorFlags: ParsableArguments {
    @Option(help: "Worker threads, each with its own libcurl multi handle (default: one per core).")
    var workers: Int = RunRequest.defaultWorkers

    @Flag(name: .customLong("idle-poll"), inversion: .prefixedNo, help: ArgumentHelp(
        "Keep idle CPUs polling while load runs (Linux, as root: /dev/cpu_dma_latency held at 0 µs), so no send or answer waits for a halted CPU to wake. --no-idle-poll lets them halt; the report says which."))
    var idlePoll = true

    @Option(help: ArgumentHelp(
        "Send through this proxy (http://host:port), or 'env' for curl's environment variables (http_proxy, https_proxy, all_proxy, no_proxy).",
        discussion: "Default: no proxy, whatever the environment says; load sent through a proxy by accident measures the proxy."))
    var proxy: String?

    var proxySetting: ProxySetting { ProxySetting(flag: proxy) }

    func validate() throws {
        if workers < 1 { throw ValidationError("--workers must be at least 1") }
        if case .url(let url) = proxySetting, !url.contains("://") || url.contains(where: { $0.isWhitespace || $0.isNewline }) {
            throw ValidationError("--proxy '\(url)' must be a URL such as http://proxy.internal:3128, 'env' or 'none'")
        }
    }
}

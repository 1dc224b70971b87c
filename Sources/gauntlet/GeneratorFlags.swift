import ArgumentParser
import Foundation
import GauntletCore
import GauntletLoad
import GauntletRun

/// How this process generates load: `--workers`, `--no-idle-poll`, `--proxy` and `--send-window`, the same for
/// run, compare and capacity.
struct GeneratorFlags: ParsableArguments {
    /// Past this a send window would reshape the schedule it is meant to keep.
    static let longestSendWindow: Nanoseconds = 10 * TimeUnit.nanosecondsPerMillisecond

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

    @Option(name: .customLong("send-window"), help: ArgumentHelp(
        "Open loop: let a send wait up to this long (e.g. 200us) so the sends due within it go out on one wake-up of the worker.",
        discussion: "Default 0: the worker wakes for every send. A window spends less generator CPU per request at high rates; the wait counts in each request's latency (measured from its intended time) and in the schedule lag, and the report records the window."))
    var sendWindow: String?

    /// `--send-window` in nanoseconds; 0 when not given (checked by `validate`).
    var sendWindowNanoseconds: Nanoseconds { sendWindow.flatMap(Self.window) ?? 0 }

    /// A window as given: a duration, or a bare 0 for none.
    private static func window(_ text: String) -> Nanoseconds? {
        text.trimmingCharacters(in: .whitespaces) == "0" ? 0 : try? DurationParser.nanoseconds(text)
    }

    func validate() throws {
        if workers < 1 { throw ValidationError("--workers must be at least 1") }
        if let sendWindow {
            let window: Nanoseconds
            do { window = try Self.window(sendWindow) ?? DurationParser.nanoseconds(sendWindow) } catch {
                throw ValidationError("--send-window '\(sendWindow)': \(error)")
            }
            if window > GeneratorFlags.longestSendWindow {
                throw ValidationError(
                    "--send-window '\(sendWindow)' is longer than \(DurationParser.format(GeneratorFlags.longestSendWindow)): a window that long is a change of schedule, not a way to save wake-ups")
            }
        }
        if case .url(let url) = proxySetting, !url.contains("://") || url.contains(where: { $0.isWhitespace || $0.isNewline }) {
            throw ValidationError("--proxy '\(url)' must be a URL such as http://proxy.internal:3128, 'env' or 'none'")
        }
    }
}

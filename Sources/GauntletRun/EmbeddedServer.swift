import Foundation
import GauntletCore
import GauntletServer

/// The reference server started for a scenario that names no target: the `gauntlet` executable's
/// `serve` on an ephemeral 127.0.0.1 port, as a child process so its CPU time and peak memory
/// are its own, stopped by process id when the run ends.
public final class EmbeddedServer: @unchecked Sendable {  // the process is only stopped once, by its owner
    static let startTimeout: TimeInterval = 30

    /// The running `gauntlet` executable, which serves when asked to; Linux's /proc names it.
    public static var currentExecutable: URL { URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath() }

    let process = Process()
    public let baseURL: String
    public let options: ServingOptions
    private let output = Pipe()

    /// Starts `executable serve` on the models in `models` and waits until it listens.
    public init(executable: URL, models: String, options: ServingOptions) throws {
        self.options = options
        process.executableURL = executable
        // --exit-with-parent: if this run crashes before it can stop the server, the server stops itself.
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0", "--models", models, "--exit-with-parent"]
            + options.arguments
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        // The server prints "… listening on http://127.0.0.1:PORT …" once it is bound and ready.
        let deadline = Date().addingTimeInterval(Self.startTimeout)
        var text = ""
        while !text.contains("\n") && Date() < deadline && process.isRunning {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = text.range(of: #"http://127\.0\.0\.1:\d+"#, options: .regularExpression) else {
            if process.isRunning { process.terminate() }
            throw EmbeddedServerError.didNotStart(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        baseURL = String(text[range])
    }

    /// CPU seconds and peak resident memory so far, from /proc.
    public func usage() -> RunResult.ServerUsage? {
        guard let process = ProcessStatistics.current(pid: process.processIdentifier) else { return nil }
        return RunResult.ServerUsage(
            kind: "embedded reference server", url: baseURL, cpuSeconds: process.cpuSeconds,
            peakResidentBytes: process.peakResidentBytes, configuration: options.summary)
    }

    /// SIGTERM, then a wait for the process to end.
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }
}

public enum EmbeddedServerError: Error, CustomStringConvertible {
    case didNotStart(String)

    public var description: String {
        switch self {
        case .didNotStart(let output): "the embedded reference server did not start" + (output.isEmpty ? "" : ": \(output)")
        }
    }
}

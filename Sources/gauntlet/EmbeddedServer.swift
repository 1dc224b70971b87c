import Foundation
import GauntletReport

/// The reference server started for a scenario that names no target: this same executable's
/// `serve` on an ephemeral 127.0.0.1 port, as a child process so its CPU time and peak memory
/// are its own, stopped by process id when the run ends.
final class EmbeddedServer {
    static let startTimeout: TimeInterval = 30

    let process = Process()
    let baseURL: String
    private let output = Pipe()

    init(models: String) throws {
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0", "--models", models]
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
    func usage() -> RunReport.ServerUsage? {
        let pid = process.processIdentifier
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        else { return nil }
        // Fields after the command name (which may hold spaces) start after the last ')'.
        let fields = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let cpu = ((Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)) / ticks
        let peak = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
            .flatMap { $0.split(separator: " ").dropFirst().first.flatMap { UInt64($0) } }.map { $0 * 1024 } ?? 0
        return RunReport.ServerUsage(kind: "embedded reference server", url: baseURL, cpuSeconds: cpu, peakResidentBytes: peak)
    }

    /// SIGTERM, then a wait for the process to end.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }
}

enum EmbeddedServerError: Error, CustomStringConvertible {
    case didNotStart(String)

    var description: String {
        switch self {
        case .didNotStart(let output): "the embedded reference server did not start" + (output.isEmpty ? "" : ": \(output)")
        }
    }
}

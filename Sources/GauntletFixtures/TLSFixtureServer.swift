import Foundation
import Synchronization

/// `openssl s_server` on an ephemeral 127.0.0.1 port, answering `GET /` with its status page,
/// with the test CA's server certificate; optionally demanding a client certificate signed by
/// that CA (mutual TLS), refused with a TLS alert as gateways such as Envoy do.
///
/// One connection at a time, each closed after its answer: for runs at low rates on one connection.
public final class TLSFixtureServer: Sendable {
    public let port: Int
    private let process: Process

    public var baseURL: String { "https://127.0.0.1:\(port)" }

    /// - Parameter startTimeout: how long to wait for the port on a busy machine.
    public init(certificates: TestCertificates, requireClientCertificate: Bool = false, startTimeout: TimeInterval = 20) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = [
            "s_server", "-accept", "127.0.0.1:0", "-www",
            "-cert", certificates.serverCertificate, "-key", certificates.serverKey,
        ] + (requireClientCertificate ? ["-Verify", "1", "-verify_return_error", "-CAfile", certificates.ca] : [])
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        // The port it bound is on its first lines ("ACCEPT 127.0.0.1:40123"); what follows is
        // read and kept so the pipe never fills.
        let output = Output()
        let reading = pipe.fileHandleForReading
        Thread.detachNewThread {
            while case let data = reading.availableData, !data.isEmpty {
                output.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
            }
        }
        let deadline = Date().addingTimeInterval(startTimeout)
        var port: Int?
        while port == nil && process.isRunning && Date() < deadline {
            port = output.text.withLock { Self.acceptedPort(in: $0) }
            if port == nil { usleep(20_000) }
        }
        guard let port else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw FixtureError("openssl s_server did not start listening: \(output.text.withLock { $0 })")
        }
        self.port = port
    }

    /// What the server printed, shared with the thread that reads it.
    private final class Output: Sendable {
        let text = Mutex("")
    }

    static func acceptedPort(in output: String) -> Int? {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("ACCEPT ") }),
              let port = line.split(separator: ":").last
        else { return nil }
        return Int(port.trimmingCharacters(in: .whitespaces))
    }

    public func stop() {
        kill(process.processIdentifier, SIGKILL)  // s_server does not always exit on SIGTERM
        process.waitUntilExit()
    }
}

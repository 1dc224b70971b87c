import Foundation
import Testing

/// HTTPS against `openssl s_server` with a self-signed certificate: verification is on by
/// default (every request a TLS error, exit 3), and `--insecure` turns it off.
@Suite(.serialized) struct TLSTests {
    final class SelfSignedServer {
        let port: Int
        let process = Process()
        let folder: URL

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-tls-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let request = Process()
            request.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            request.arguments = [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-keyout", folder.appendingPathComponent("key.pem").path,
                "-out", folder.appendingPathComponent("cert.pem").path,
            ]
            request.standardError = FileHandle.nullDevice
            try request.run()
            request.waitUntilExit()
            port = GauntletProcess.closedPort()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = [
                "s_server", "-accept", "127.0.0.1:\(port)", "-www", "-quiet",
                "-cert", folder.appendingPathComponent("cert.pem").path,
                "-key", folder.appendingPathComponent("key.pem").path,
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            try Self.waitUntilListening(port: port)
        }

        func stop() {
            kill(process.processIdentifier, SIGKILL)  // s_server does not always exit on SIGTERM
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: folder)
        }

        static func waitUntilListening(port: Int) throws {
            for _ in 0..<100 {
                let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                address.sin_port = UInt16(port).bigEndian
                let connected = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                    }
                }
                close(descriptor)
                if connected { return }
                usleep(50_000)
            }
            throw CocoaError(.fileReadUnknown)
        }
    }

    @Test func certificatesAreVerifiedUnlessInsecure() throws {
        let server = try SelfSignedServer()
        defer { server.stop() }
        let url = "https://127.0.0.1:\(server.port)/"

        let verified = try GauntletProcess.run(["run", "--url", url, "--rate", "10", "--duration", "1s", "--connections", "1"])
        #expect(verified.status == 3, "stdout: \(verified.stdout)")
        #expect(verified.stdout.contains("TLS 10"), "stdout: \(verified.stdout)")

        let insecure = try GauntletProcess.run([
            "run", "--url", url, "--rate", "10", "--duration", "1s", "--connections", "1", "--insecure",
        ])
        #expect(insecure.status == 0, "stdout: \(insecure.stdout) stderr: \(insecure.stderr)")
        #expect(insecure.stdout.contains("10 completed · 10 ok · 0 errors"), "stdout: \(insecure.stdout)")
    }
}

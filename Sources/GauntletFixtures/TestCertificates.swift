import Foundation

/// A throwaway certificate authority and what it signs, made with `openssl` in a temporary
/// folder for tests of TLS on 127.0.0.1: a server certificate for 127.0.0.1, a client
/// certificate, and a stranger's self-signed pair that nobody trusts. EC keys, so making them
/// takes milliseconds; valid for a day.
public final class TestCertificates: Sendable {
    public let folder: URL

    /// The authority's certificate: the bundle to trust.
    public var ca: String { path("ca.pem") }
    public var serverCertificate: String { path("server.pem") }
    public var serverKey: String { path("server.key") }
    public var clientCertificate: String { path("client.pem") }
    public var clientKey: String { path("client.key") }
    /// Self-signed, by no authority anyone trusts.
    public var strangerCertificate: String { path("stranger.pem") }
    public var strangerKey: String { path("stranger.key") }

    public init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-certs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        do {
            try selfSigned(subject: "/CN=Gauntlet Test CA", certificate: ca, key: path("ca.key"))
            try selfSigned(subject: "/CN=stranger", certificate: strangerCertificate, key: strangerKey)
            try Data("subjectAltName=IP:127.0.0.1\n".utf8).write(to: folder.appendingPathComponent("server.ext"))
            try signed(subject: "/CN=127.0.0.1", certificate: serverCertificate, key: serverKey, extensions: path("server.ext"))
            try signed(subject: "/CN=gauntlet-client", certificate: clientCertificate, key: clientKey, extensions: nil)
        } catch {
            remove()
            throw error
        }
    }

    /// A file in the folder.
    public func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    public func remove() { try? FileManager.default.removeItem(at: folder) }

    /// Runs `openssl` with these arguments in the folder, for tests that need one more file.
    public func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureError("openssl \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
    }

    private static let newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]

    private func selfSigned(subject: String, certificate: String, key: String) throws {
        try openssl(["req", "-x509"] + Self.newKey + ["-days", "1", "-subj", subject, "-keyout", key, "-out", certificate])
    }

    private func signed(subject: String, certificate: String, key: String, extensions: String?) throws {
        let request = certificate + ".csr"
        try openssl(["req"] + Self.newKey + ["-subj", subject, "-keyout", key, "-out", request])
        try openssl(
            ["x509", "-req", "-in", request, "-CA", ca, "-CAkey", path("ca.key"), "-CAcreateserial", "-days", "1", "-out", certificate]
                + (extensions.map { ["-extfile", $0] } ?? []))
    }
}

/// A fixture that could not be set up.
public struct FixtureError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

import Foundation
import GauntletFixtures
import Testing

/// HTTPS against `openssl s_server` on 127.0.0.1, with a CA made for the test: verification is
/// on by default; the CA to trust comes from `--cacert`, the scenario's `tls.ca` or the
/// environment; a server that demands a client certificate gets one from `--cert`/`--key` or
/// `tls.cert`/`tls.key`. A refusal, either way, is a `tls` error.
@Suite(.serialized) struct TLSTests {
    /// The machine's own CA variables blanked (empty counts as unset), so only what a test sets counts.
    static func environment(_ variables: [String: String] = [:]) -> [String: String] {
        ["CURL_CA_BUNDLE": "", "SSL_CERT_FILE": ""].merging(variables) { $1 }
    }

    /// Ten requests on one connection: s_server answers one connection at a time.
    static let load = ["--rate", "10", "--duration", "1s", "--connections", "1"]

    static func run(_ url: String, _ flags: [String] = [], environment: [String: String] = [:]) throws -> GauntletProcess.Result {
        try GauntletProcess.run(["run", "--url", url + "/"] + load + flags, environment: Self.environment(environment))
    }

    static func run(scenario: String, _ flags: [String] = [], environment: [String: String] = [:]) throws -> GauntletProcess.Result {
        try GauntletProcess.run(["run", scenario] + flags, environment: Self.environment(environment))
    }

    /// A scenario in the certificates' folder, so `tls:` names them relative to it; the runs
    /// themselves start elsewhere (GauntletProcess.workingDirectory).
    static func scenario(_ certificates: TestCertificates, target: String, tls: String) throws -> String {
        let path = certificates.path("scenario-\(UUID().uuidString).yaml")
        try Data("""
            target: \(target)
            requests: [{name: status, path: /}]
            load:
              connections: 1
              phases:
                - constant: {rate: 10/s, duration: 1s}
            tls:
            \(tls.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            """.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func expectAllOK(_ result: GauntletProcess.Result, _ what: Comment, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 0, "\(what): \(result.stdout) \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.contains("10 completed · 10 ok · 0 errors"), "\(what): \(result.stdout)", sourceLocation: sourceLocation)
    }

    /// Every request a TLS error: the target was never reached (exit 3).
    static func expectAllTLS(_ result: GauntletProcess.Result, _ what: Comment, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 3, "\(what): \(result.stdout) \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.contains("TLS 10"), "\(what): \(result.stdout)", sourceLocation: sourceLocation)
    }

    @Test func certificatesAreVerifiedUnlessInsecure() throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let server = try TLSFixtureServer(certificates: certificates)
        defer { server.stop() }

        Self.expectAllTLS(try Self.run(server.baseURL), "an unknown CA")
        Self.expectAllOK(try Self.run(server.baseURL, ["--insecure"]), "--insecure")
        let insecure = try Self.scenario(certificates, target: server.baseURL, tls: "insecure: true")
        Self.expectAllOK(try Self.run(scenario: insecure), "tls.insecure")
        Self.expectAllTLS(try Self.run(scenario: insecure, ["--no-insecure"]), "--no-insecure over tls.insecure")
    }

    @Test func theCAComesFromTheFlagOrTheScenario() throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let server = try TLSFixtureServer(certificates: certificates)
        defer { server.stop() }

        Self.expectAllOK(try Self.run(server.baseURL, ["--cacert", certificates.ca]), "--cacert")
        let trusting = try Self.scenario(certificates, target: server.baseURL, tls: "ca: ca.pem")
        Self.expectAllOK(try Self.run(scenario: trusting), "tls.ca, relative to the scenario's folder")
        Self.expectAllTLS(try Self.run(scenario: trusting, ["--cacert", certificates.strangerCertificate]), "--cacert over tls.ca")
    }

    /// As curl's command line: CURL_CA_BUNDLE, else SSL_CERT_FILE, when no flag or scenario names a CA.
    @Test func theEnvironmentNamesTheCA() throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let server = try TLSFixtureServer(certificates: certificates)
        defer { server.stop() }

        Self.expectAllOK(try Self.run(server.baseURL, environment: ["SSL_CERT_FILE": certificates.ca]), "SSL_CERT_FILE")
        Self.expectAllOK(
            try Self.run(server.baseURL, environment: ["CURL_CA_BUNDLE": certificates.ca, "SSL_CERT_FILE": certificates.strangerCertificate]),
            "CURL_CA_BUNDLE")
        Self.expectAllTLS(
            try Self.run(server.baseURL, environment: ["CURL_CA_BUNDLE": certificates.strangerCertificate, "SSL_CERT_FILE": certificates.ca]),
            "CURL_CA_BUNDLE before SSL_CERT_FILE")
        Self.expectAllOK(
            try Self.run(server.baseURL, ["--cacert", certificates.ca], environment: ["CURL_CA_BUNDLE": certificates.strangerCertificate]),
            "--cacert before CURL_CA_BUNDLE")
    }

    @Test func mutualTLS() throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let server = try TLSFixtureServer(certificates: certificates, requireClientCertificate: true)
        defer { server.stop() }
        let trust = ["--cacert", certificates.ca]

        Self.expectAllTLS(try Self.run(server.baseURL, trust), "no client certificate")
        Self.expectAllTLS(
            try Self.run(server.baseURL, trust + ["--cert", certificates.strangerCertificate, "--key", certificates.strangerKey]),
            "a certificate from an unknown CA")
        Self.expectAllOK(
            try Self.run(server.baseURL, trust + ["--cert", certificates.clientCertificate, "--key", certificates.clientKey]),
            "--cert and --key")
        let both = certificates.path("client-and-key.pem")
        try Data((try String(contentsOfFile: certificates.clientCertificate, encoding: .utf8)
            + String(contentsOfFile: certificates.clientKey, encoding: .utf8)).utf8).write(to: URL(fileURLWithPath: both))
        Self.expectAllOK(try Self.run(server.baseURL, trust + ["--cert", both]), "--cert holding the key too")

        let mutual = try Self.scenario(certificates, target: server.baseURL, tls: "ca: ca.pem\ncert: client.pem\nkey: client.key")
        let reports = certificates.path("reports")
        Self.expectAllOK(try Self.run(scenario: mutual, ["--out", reports]), "tls.cert and tls.key")
        // The saved report echoes the scenario, paths and all, and nothing of the key.
        let saved = try FileManager.default.contentsOfDirectory(atPath: reports).filter { $0.hasSuffix(".json") }
        #expect(saved.count == 1, "\(saved)")
        for name in saved {
            let report = try String(contentsOfFile: reports + "/" + name, encoding: .utf8)
            #expect(report.contains("key: client.key") && !report.contains("PRIVATE KEY"), "\(report)")
        }
        Self.expectAllTLS(
            try Self.run(scenario: mutual, ["--cert", certificates.strangerCertificate, "--key", certificates.strangerKey]),
            "--cert and --key over the scenario's")
    }

    /// A file that will not do is bad input (exit 2), named with where it was looked for, and
    /// nothing is sent: the target's port is closed, which a run would report as exit 3.
    @Test func unusableFilesAreRefusedBeforeAnythingIsSent() throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let closed = "https://127.0.0.1:\(GauntletProcess.closedPort())"

        let missingFlag = try Self.run(closed, ["--cacert", "no-such-ca.pem"])
        #expect(missingFlag.status == 2, "\(missingFlag.stderr)")
        #expect(missingFlag.stderr.contains(
            "--cacert: cannot read 'no-such-ca.pem' (looked for \(GauntletProcess.workingDirectory.appendingPathComponent("no-such-ca.pem").path))"),
            "\(missingFlag.stderr)")

        let keyAlone = try Self.run(closed, ["--key", certificates.clientKey])
        #expect(keyAlone.status == 2 && keyAlone.stderr.contains("--key goes with --cert"), "\(keyAlone.stderr)")

        let noKey = try Self.run(closed, ["--cert", certificates.clientCertificate])
        #expect(noKey.status == 2 && noKey.stderr.contains("holds no private key"), "\(noKey.stderr)")

        let missingInScenario = try Self.scenario(certificates, target: closed, tls: "cert: client.pem\nkey: keys/client.key")
        for command in ["run", "validate"] {
            let result = try GauntletProcess.run([command, missingInScenario], environment: Self.environment())
            #expect(result.status == 2, "\(command): \(result.stderr)")
            #expect(result.stderr.contains(
                "\(missingInScenario):9:8: tls key: cannot read 'keys/client.key' (looked for \(certificates.path("keys/client.key")))"),
                "\(command): \(result.stderr)")
        }
    }
}

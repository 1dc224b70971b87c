import Foundation
import GauntletCore
import GauntletFixtures
import GauntletLoad
import GauntletRun
import Testing

/// Flags over the scenario over the environment, and every file checked before a run starts.
@Suite struct TLSOptionsTests {
    /// Copies of the test CA under names that tell where a choice came from.
    static let caNames = ["flag.pem", "scenario.pem", "bundle.pem", "certfile.pem"]

    static func certificates() throws -> TestCertificates {
        let certificates = try TestCertificates()
        for name in caNames { try FileManager.default.copyItem(atPath: certificates.ca, toPath: certificates.path(name)) }
        return certificates
    }

    static func scenario(_ tls: String, in certificates: TestCertificates) throws -> Scenario {
        try ScenarioParser.parse(yaml: """
            target: https://127.0.0.1:8443
            requests: [{name: live, path: /}]
            load: {phases: [{constant: {rate: 10/s, duration: 1s}}]}
            \(tls)
            """, file: certificates.path("scenario.yaml"), folder: certificates.folder.path)
    }

    /// Rows of (--cacert, tls.ca, CURL_CA_BUNDLE, SSL_CERT_FILE, --insecure, tls.insecure) and the
    /// CA file chosen and whether verification is off.
    @Test(arguments: [
        ("flag.pem", "scenario.pem", "bundle.pem", "certfile.pem", nil, false, "flag.pem", false),
        (nil, "scenario.pem", "bundle.pem", "certfile.pem", nil, false, "scenario.pem", false),
        (nil, nil, "bundle.pem", "certfile.pem", nil, false, "bundle.pem", false),
        (nil, nil, nil, "certfile.pem", nil, false, "certfile.pem", false),
        (nil, nil, "", "certfile.pem", nil, false, "certfile.pem", false),  // empty is unset
        (nil, nil, nil, nil, nil, false, nil, false),  // libcurl's own bundle
        // Without verification the environment's CA is not looked at, as `curl -k`.
        (nil, nil, "bundle.pem", "certfile.pem", true, false, nil, true),
        (nil, nil, "bundle.pem", nil, nil, true, nil, true),
        (nil, nil, "bundle.pem", nil, false, true, "bundle.pem", false),  // --no-insecure over tls.insecure
        ("flag.pem", nil, nil, nil, true, false, "flag.pem", true),
    ] as [(String?, String?, String?, String?, Bool?, Bool, String?, Bool)])
    func theCABundleComesFromTheFirstThatNamesOne(
        flag: String?, section: String?, bundle: String?, certFile: String?, insecureFlag: Bool?, insecureSection: Bool,
        expected: String?, insecure: Bool
    ) throws {
        let certificates = try Self.certificates()
        defer { certificates.remove() }
        let scenario = try Self.scenario(
            "tls: {insecure: \(insecureSection)\(section.map { ", ca: \($0)" } ?? "")}", in: certificates)
        var environment: [String: String] = [:]
        environment["CURL_CA_BUNDLE"] = bundle
        environment["SSL_CERT_FILE"] = certFile
        let settings = try TLSOptions(caFile: flag, insecure: insecureFlag)
            .settings(for: scenario, environment: environment, directory: certificates.folder.path)
        #expect(settings.caFile == expected.map(certificates.path))
        #expect(settings.insecure == insecure)
    }

    /// `--cert` replaces the scenario's certificate and key together: a key is never paired with
    /// another's certificate.
    @Test func aCertificateAndItsKeyAreOneChoice() throws {
        let certificates = try Self.certificates()
        defer { certificates.remove() }
        let both = certificates.path("both.pem")
        try Data((try String(contentsOfFile: certificates.strangerCertificate, encoding: .utf8)
            + String(contentsOfFile: certificates.strangerKey, encoding: .utf8)).utf8).write(to: URL(fileURLWithPath: both))
        let scenario = try Self.scenario("tls: {cert: client.pem, key: client.key}", in: certificates)
        let directory = certificates.folder.path

        let fromScenario = try TLSOptions().settings(for: scenario, environment: [:], directory: directory)
        #expect(fromScenario.certificateFile == certificates.clientCertificate && fromScenario.keyFile == certificates.clientKey)
        let fromFlag = try TLSOptions(certificateFile: "both.pem").settings(for: scenario, environment: [:], directory: directory)
        #expect(fromFlag.certificateFile == both && fromFlag.keyFile == nil)
        let pairFromFlags = try TLSOptions(certificateFile: "stranger.pem", keyFile: "stranger.key")
            .settings(for: scenario, environment: [:], directory: directory)
        #expect(pairFromFlags.certificateFile == certificates.strangerCertificate && pairFromFlags.keyFile == certificates.strangerKey)
    }

    /// Each problem names who named the file: the flag, the variable, or the scenario's line.
    @Test func unusableFilesAreNamedWithWhereTheyWereLookedFor() throws {
        let certificates = try Self.certificates()
        defer { certificates.remove() }
        try certificates.openssl(["pkey", "-in", "client.key", "-aes256", "-passout", "pass:secret", "-out", "encrypted.key"])
        let directory = certificates.folder.path
        let plain = try Self.scenario("", in: certificates)
        func problem(_ options: TLSOptions, _ scenario: Scenario? = nil, environment: [String: String] = [:]) -> String {
            do {
                let settings = try options.settings(for: scenario ?? plain, environment: environment, directory: directory)
                return "accepted: \(settings)"
            } catch {
                return error.description
            }
        }

        #expect(problem(TLSOptions(caFile: "missing.pem"))
            == "--cacert: cannot read 'missing.pem' (looked for \(certificates.path("missing.pem")))")
        #expect(problem(TLSOptions(), environment: ["CURL_CA_BUNDLE": "/nowhere/ca.pem"])
            == "CURL_CA_BUNDLE: cannot read '/nowhere/ca.pem' (looked for /nowhere/ca.pem)")
        #expect(problem(TLSOptions(caFile: "client.key"))
            == "--cacert: 'client.key' holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
        #expect(problem(TLSOptions(keyFile: "client.key")) == "--key goes with --cert: a key alone presents no certificate")
        #expect(problem(TLSOptions(certificateFile: "client.pem"))
            == "--cert: 'client.pem' holds no private key; name the key file too, or use one PEM file holding both")
        #expect(problem(TLSOptions(certificateFile: "client.pem", keyFile: "client.pem"))
            == "--key: 'client.pem' holds no PEM private key (-----BEGIN PRIVATE KEY-----)")
        #expect(problem(TLSOptions(certificateFile: "client.pem", keyFile: "encrypted.key"))
            == "--key: 'encrypted.key' holds an encrypted private key, and gauntlet takes no passphrase; decrypt it first (openssl pkey -in KEY -out PLAIN)")
        let located = try Self.scenario("tls:\n  ca: certs/ca.pem", in: certificates)
        #expect(problem(TLSOptions(), located)
            == "\(certificates.path("scenario.yaml")):5:7: tls ca: cannot read 'certs/ca.pem' (looked for \(certificates.path("certs/ca.pem")))")
    }

    /// `gauntlet validate` and `run` check the section's files when they load the scenario.
    @Test func theLoaderChecksTheScenariosFiles() throws {
        let certificates = try Self.certificates()
        defer { certificates.remove() }
        let file = certificates.path("mtls.yaml")
        try Data("""
            target: https://127.0.0.1:8443
            requests: [{name: live, path: /}]
            load: {phases: [{constant: {rate: 10/s, duration: 1s}}]}
            tls:
              ca: ca.pem
              cert: client.pem
            """.utf8).write(to: URL(fileURLWithPath: file))
        #expect(throws: ScenarioError(
            file: file, line: 6, column: 9,
            message: "tls cert: 'client.pem' holds no private key; name the key file too, or use one PEM file holding both"
        )) {
            try ScenarioLoader.load(path: file)
        }
        try Data((try String(contentsOfFile: file, encoding: .utf8) + "\n  key: client.key\n").utf8).write(to: URL(fileURLWithPath: file))
        #expect(try ScenarioLoader.load(path: file).scenario.tls?.key?.resolvedPath == certificates.clientKey)
    }
}

import GauntletCore
import Testing

/// What the parser builds from a `tls:` section; its mistakes are in the corpus (tls-*.yaml).
@Suite struct TLSSectionTests {
    static func parse(_ tls: String, target: String = "https://models.internal:8443") throws(ScenarioError) -> Scenario {
        try ScenarioParser.parse(yaml: """
            target: \(target)
            requests: [{name: live, path: /v2/health/live}]
            load: {phases: [{constant: {rate: 10/s, duration: 10s}}]}
            \(tls)
            """, file: "/work/scenarios/mtls.yaml", folder: "/work/scenarios")
    }

    @Test func pathsResolveAgainstTheScenarioFolderAndKeepWhereTheyWereWritten() throws {
        let scenario = try Self.parse("""
            tls:
              ca: certs/ca.pem
              cert: ../shared/client.pem
              key: /etc/gauntlet/client.key
              insecure: yes
            """)
        let tls = try #require(scenario.tls)
        #expect(tls.ca == TLSSection.File(path: "certs/ca.pem", resolvedPath: "/work/scenarios/certs/ca.pem", line: 5, column: 7))
        #expect(tls.cert == TLSSection.File(path: "../shared/client.pem", resolvedPath: "/work/shared/client.pem", line: 6, column: 9))
        #expect(tls.key == TLSSection.File(path: "/etc/gauntlet/client.key", resolvedPath: "/etc/gauntlet/client.key", line: 7, column: 8))
        #expect(tls.insecure)
    }

    /// The key may live in the certificate's file; the loader checks that it does.
    @Test func aCertificateWithoutAKeyParses() throws {
        let tls = try #require(try Self.parse("tls: {cert: client.pem}").tls)
        #expect(tls.cert?.resolvedPath == "/work/scenarios/client.pem" && tls.key == nil && tls.ca == nil && !tls.insecure)
    }

    @Test func noSectionAndAnEmptyOneVerifyWithTheSystemsCAs() throws {
        #expect(try Self.parse("").tls == nil)
        #expect(try Self.parse("tls:").tls == nil)
        #expect(try Self.parse("tls: {}").tls == TLSSection())
    }
}

import Foundation
import GauntletFixtures
import Testing

/// `--http2` and `--streams-per-connection` as a user types them: the run speaks HTTP/2 and says
/// so in its summary and JSON; what cannot work is refused before anything is sent (exit 2).
@Suite(.serialized) struct HTTP2CommandTests {
    @Test func aQuickLookOverHTTP2SaysWhatItSpoke() throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let server = try HTTP2FixtureServer(certificates: certificates)
        defer { server.stop() }
        let arguments = [
            "run", "--url", server.baseURL + "/", "--rate", "50", "--duration", "1s", "--cacert", certificates.ca,
            "--http2", "--connections", "1", "--streams-per-connection", "4", "--out", "reports",
        ]
        let text = try GauntletProcess.run(arguments)
        #expect(text.status == 0, "\(text.stdout)\(text.stderr)")
        #expect(text.stdout.contains("asked HTTP/2 · answered HTTP/2 ×50"), "\(text.stdout)")
        #expect(text.stdout.contains("1 connection × 4 HTTP/2 streams"), "\(text.stdout)")

        let json = try GauntletProcess.run(arguments + ["--json"])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let plan = try #require(summary["plan"] as? [String: Any])
        #expect(plan["http"] as? String == "2" && plan["streams_per_connection"] as? Int == 4)
        let requests = try #require(summary["requests"] as? [String: Any])
        #expect(requests["http_versions"] as? [String: Int] == ["2": 50])
        server.stop()
        #expect(server.connectionsAccepted == 2, "one connection per run")
    }

    @Test(arguments: [
        (["--streams-per-connection", "8"], "--streams-per-connection: 8 streams per connection need HTTP/2"),
        (["--http2", "--streams-per-connection", "0"], "--streams-per-connection must be at least 1"),
        (["--http2", "--streams-per-connection", "5000"], "more than 1000"),
    ])
    func impossibleStreamsAreRefused(flags: [String], message: String) throws {
        let result = try GauntletProcess.run(["run", "--url", "https://127.0.0.1:9/", "--rate", "1", "--duration", "1s"] + flags)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    /// With libcurl before 7.89 (Debian 12 has 7.88.1) h2c is refused before anything is sent;
    /// with a newer one it is tried, and nothing listens on the port (exit 3).
    @Test func priorKnowledgeIsRefusedWhereLibcurlBreaksIt() throws {
        let closed = GauntletProcess.closedPort()
        let result = try GauntletProcess.run(["run", "--url", "http://127.0.0.1:\(closed)/", "--http2", "--rate", "1", "--duration", "1s"])
        if result.stderr.contains("curl pull request 10643") {
            #expect(result.status == 2)
            #expect(result.stderr.contains("--http2: HTTP/2 to http://127.0.0.1:\(closed): over http:// it starts by prior knowledge"), "\(result.stderr)")
        } else {
            #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        }
    }

    @Test func theEmbeddedServerIsNotAskedForHTTP2() throws {
        let scenario = ScenarioFilesTests.root.appendingPathComponent("scenarios/quickstart.yaml").path
        let result = try GauntletProcess.run(["run", scenario, "--http2", "--duration", "1s"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("HTTP/2 (--http2): the embedded reference server speaks HTTP/1.1 only"), "\(result.stderr)")
    }
}

import Foundation
import GauntletFixtures
import Testing

/// `--proxy`: no proxy unless asked, whatever the environment says; `env` reads curl's variables;
/// a URL sends every request through it; a password in it is never written to a report.
@Suite(.serialized) struct ProxyTests {
    static func run(_ target: String, _ flags: [String], environment: [String: String]) throws -> (status: Int32, summary: [String: Any]) {
        let result = try GauntletProcess.run(
            ["run", "--url", target, "--rate", "20", "--duration", "1s", "--timeout", "2s", "--json", "--out", "reports"] + flags,
            environment: environment)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        return (result.status, summary)
    }

    static func requests(_ summary: [String: Any]) -> [String: Any] { summary["requests"] as? [String: Any] ?? [:] }

    @Test func theEnvironmentsProxyIsUsedOnlyWhenAsked() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let nowhere = "http://127.0.0.1:\(GauntletProcess.closedPort())"
        let environment = ["http_proxy": nowhere, "HTTPS_PROXY": nowhere, "ALL_PROXY": nowhere]

        let direct = try Self.run(server.baseURL + "/", [], environment: environment)
        #expect(Self.requests(direct.summary)["ok"] as? Int == 20, "\(Self.requests(direct.summary))")
        #expect((direct.summary["plan"] as? [String: Any])?["proxy"] == nil)
        #expect(server.requestsReceived == 20)

        let viaEnvironment = try Self.run(server.baseURL + "/", ["--proxy", "env"], environment: environment)
        #expect(Self.requests(viaEnvironment.summary)["ok"] as? Int == 0, "the proxy it names does not listen")
        #expect((viaEnvironment.summary["plan"] as? [String: Any])?["proxy"] as? String == "from the environment")
        #expect(server.requestsReceived == 20, "nothing reached the target")
    }

    @Test func aProxyURLCarriesEveryRequestAndKeepsItsPasswordOut() throws {
        // The fixture stands in as the proxy: requests for a target nobody listens on reach it.
        let proxy = try FixtureServer(behaviour: .immediate)
        defer { proxy.shutdown() }
        let target = "http://127.0.0.1:\(GauntletProcess.closedPort())/"
        let through = "http://tester:s3cret@127.0.0.1:\(proxy.port)"
        let run = try Self.run(target, ["--proxy", through], environment: [:])
        #expect(Self.requests(run.summary)["ok"] as? Int == 20, "\(Self.requests(run.summary))")
        #expect(proxy.requestsReceived == 20)
        let recorded = try #require((run.summary["plan"] as? [String: Any])?["proxy"] as? String)
        #expect(recorded == "http://tester:***@127.0.0.1:\(proxy.port)")
    }

    @Test func aProxyThatIsNoURLIsRefused() throws {
        let result = try GauntletProcess.run(["run", "--url", "http://127.0.0.1:9/", "--rate", "1", "--proxy", "proxy.internal"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--proxy 'proxy.internal' must be a URL"), "\(result.stderr)")
    }
}

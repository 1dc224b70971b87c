import Foundation
import GauntletFixtures
import Testing

/// `--arrivals gamma --burstiness k`: sent, and recorded in the plan and the text summary.
@Suite(.serialized) struct BurstinessCommandTests {
    @Test func gammaArrivalsAreSentAndTheirBurstinessRecorded() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let json = try GauntletProcess.run(
            ["run", "--url", server.baseURL + "/", "--rate", "200", "--duration", "2s", "--arrivals", "gamma",
             "--burstiness", "0.25", "--json", "--out", "reports"])
        #expect(json.status == 0, "\(json.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stderr)")
        let plan = try #require(summary["plan"] as? [String: Any])
        #expect(plan["arrivals"] as? String == "gamma")
        #expect(plan["burstiness"] as? Double == 0.25)
        // A gamma schedule of 2 s at 200/s: its count varies (standard deviation √(400 / 0.25) = 40),
        // so only a loose check that it was sent: every arrival the schedule held was answered.
        let requests = try #require(summary["requests"] as? [String: Any])
        let completed = try #require(requests["completed"] as? Int)
        #expect(completed > 200 && completed < 600, "\(completed)")
        #expect(server.requestsReceived == completed)

        let text = try GauntletProcess.run(
            ["run", "--url", server.baseURL + "/", "--rate", "200", "--duration", "1s", "--arrivals", "gamma",
             "--burstiness", "0.25", "--out", "reports"])
        #expect(text.stdout.contains("gamma arrivals (burstiness 0.25)"), "\(text.stdout)")
    }

    @Test(arguments: [
        (["--arrivals", "poisson", "--burstiness", "0.5"], "--burstiness shapes gamma arrivals; add --arrivals gamma"),
        (["--burstiness", "0.5"], "--burstiness shapes gamma arrivals"),
        (["--arrivals", "gamma", "--burstiness", "0"], "--burstiness must be between 0.01 and 100, not 0"),
        (["--arrivals", "gamma", "--burstiness", "1000"], "--burstiness must be between 0.01 and 100, not 1000"),
    ])
    func aBurstinessWithoutGammaArrivalsOrOutOfRangeIsRefused(flags: [String], message: String) throws {
        let result = try GauntletProcess.run(["run", "--url", "http://127.0.0.1:9/", "--rate", "10"] + flags)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}

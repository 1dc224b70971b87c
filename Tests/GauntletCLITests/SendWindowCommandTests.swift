import Foundation
import GauntletFixtures
import Testing

/// `--send-window`: recorded in the report when given, checked before anything is sent.
@Suite(.serialized) struct SendWindowCommandTests {
    @Test func theWindowIsRecordedInThePlanAndTheText() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let json = try GauntletProcess.run(
            ["run", "--url", server.baseURL + "/", "--rate", "200", "--duration", "1s", "--send-window", "250us",
             "--json", "--out", "reports"])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stderr)")
        #expect(json.status == 0, "\(json.stderr)")
        #expect((summary["plan"] as? [String: Any])?["send_window_milliseconds"] as? Double == 0.25, "\(summary["plan"] ?? "")")

        let text = try GauntletProcess.run(
            ["run", "--url", server.baseURL + "/", "--rate", "200", "--duration", "1s", "--send-window", "250us", "--out", "reports"])
        #expect(text.stdout.contains("sends due within 0.250ms of each other went out on one wake-up"), "\(text.stdout)")

        let none = try GauntletProcess.run(
            ["run", "--url", server.baseURL + "/", "--rate", "200", "--duration", "1s", "--send-window", "0", "--json", "--out", "reports"])
        let noneSummary = try #require(try JSONSerialization.jsonObject(with: Data(none.stdout.utf8)) as? [String: Any], "\(none.stderr)")
        #expect((noneSummary["plan"] as? [String: Any])?["send_window_milliseconds"] == nil)
    }

    @Test(arguments: [
        ("soon", "--send-window 'soon': invalid duration"),
        ("50ms", "--send-window '50ms' is longer than 10.0ms"),
    ])
    func aWindowThatIsNoShortDurationIsRefused(flag: String, message: String) throws {
        let result = try GauntletProcess.run(["run", "--url", "http://127.0.0.1:9/", "--rate", "1", "--send-window", flag])
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}

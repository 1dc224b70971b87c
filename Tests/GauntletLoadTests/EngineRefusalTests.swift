import Foundation
import GauntletCore
import GauntletFixtures
import GauntletLoad
import Testing

/// The engine's last line of defence: a request that would change its request line or add a
/// header, however it got into the catalogue, is refused before a worker starts, and nothing is sent.
@Suite struct EngineRefusalTests {
    @Test(arguments: [
        MaterializedRequest(template: 0, method: "GET", path: "/", headers: ["X-Evil: a\r\nHost: evil.example"], body: nil),
        MaterializedRequest(template: 0, method: "GET", path: "/a HTTP/1.0\r\nX: y", headers: [], body: nil),
        MaterializedRequest(template: 0, method: "GET /admin", path: "/", headers: [], body: nil),
    ])
    func requestsThatWouldBreakTheirLinesAreNeverSent(request: MaterializedRequest) throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let configuration = LoadConfiguration(
            baseURL: server.baseURL, catalog: .single(request),
            model: .openLoop(ArrivalSchedule(rate: 100, process: .constant, seed: 1, end: 200_000_000)), workers: 1)
        #expect {
            _ = try LoadEngine(configuration: configuration).run()
        } throws: { error in
            guard case .refused(let message) = error as? LoadEngineError else { return false }
            return message.hasPrefix("request 'request': ") && !message.unicodeScalars.contains { $0 == "\r" || $0 == "\n" }
        }
        #expect(server.requestsReceived == 0)
    }
}

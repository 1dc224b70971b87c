import Foundation
import GauntletCore
import GauntletFixtures
import GauntletLoad
import Testing

/// What the engine makes of answers a correct server never gives (cut short, closed after the
/// headers) and of ones it gives rarely (chunked, informational first, 10 MB), each from a fixture
/// that writes those bytes: every request is counted, by the kind that says what happened.
@Suite(.serialized) struct WireFaultTests {
    static let requests = 20

    /// `requests` GETs at 100/s on one worker and connection, with `checks` on their bodies.
    static func run(_ answer: WireAnswer, checks: [ResponseCheck] = []) throws -> (RunSummary, WireFixtureServer) {
        let server = try WireFixtureServer(answer: answer)
        let request = MaterializedRequest(template: 0, method: "GET", path: "/", headers: [], body: nil)
        let end = UInt64(Double(requests) / 100 * 1e9)
        let model = LoadModel.openLoop(ArrivalSchedule(rate: 100, process: .constant, seed: 1, end: end))
        let configuration = LoadConfiguration(
            baseURL: server.baseURL, catalog: .single(request), expectations: [ResponseExpectation(checks: checks)],
            model: model, timeout: 10_000_000_000, connections: 1, workers: 1, idlePolling: false)
        let measurements = try LoadEngine(configuration: configuration).run()
        let plan = RunPlan(
            url: server.baseURL + "/", method: "GET", model: model, warmup: 0, seed: 1, timeout: configuration.timeout,
            connections: 1, workers: 1)
        return (RunSummary(plan: plan, measurements: measurements), server)
    }

    @Test(arguments: [
        WireAnswer.closeAfterHeaders,
        .truncatedBody(declared: 1_000, sent: 10),
        .chunkedCutShort,
    ])
    func anAnswerCutShortIsTruncated(answer: WireAnswer) throws {
        let (summary, server) = try Self.run(answer)
        defer { server.shutdown() }
        #expect(summary.requests.completed == UInt64(Self.requests))
        #expect(summary.requests.errorsByKind == ["truncated": UInt64(Self.requests)])
        // Each cut closed its connection, and the next request opened another: every one reached the server.
        #expect(server.requestsReceived == Self.requests)
    }

    @Test func aChunkedBodyIsReadWholeAndChecked() throws {
        let (summary, server) = try Self.run(.chunked(chunks: 5), checks: [.contains("chunk-3;chunk-4;"), .notContains("0\r\n")])
        defer { server.shutdown() }
        #expect(summary.requests.ok == UInt64(Self.requests) && summary.requests.errors == 0)
    }

    /// `100 Continue` and `103 Early Hints` are not the answer: the `200` after them is.
    @Test func informationalAnswersComeBeforeTheRealOne() throws {
        let (summary, server) = try Self.run(.informationalFirst, checks: [.contains("ok")])
        defer { server.shutdown() }
        #expect(summary.requests.ok == UInt64(Self.requests))
        #expect(summary.requests.statusCodes == ["200": UInt64(Self.requests)])
    }

    /// A 10 MB body is checked as it streams in (nothing kept); a pattern at its very end is found.
    @Test func aTenMegabyteBodyIsCheckedWithoutKeepingIt() throws {
        let (summary, server) = try Self.run(.largeBody(bytes: 10_000_000), checks: [.contains("xxxxxxxx"), .notContains("y")])
        defer { server.shutdown() }
        #expect(summary.requests.ok == UInt64(Self.requests))
    }

    /// A host name that does not resolve is a `dns` failure, each time, and nothing else.
    @Test func anUnresolvableHostIsADNSFailure() throws {
        // RFC 6761: `.invalid` never resolves.
        let request = MaterializedRequest(template: 0, method: "GET", path: "/", headers: [], body: nil)
        let model = LoadModel.openLoop(ArrivalSchedule(rate: 50, process: .constant, seed: 1, end: 100_000_000))
        let configuration = LoadConfiguration(
            baseURL: "http://gauntlet-test.invalid:8000", catalog: .single(request), model: model,
            timeout: 30_000_000_000, connections: 1, workers: 1, idlePolling: false)
        let measurements = try LoadEngine(configuration: configuration).run()
        let plan = RunPlan(url: configuration.baseURL, method: "GET", model: model, warmup: 0, seed: 1,
            timeout: configuration.timeout, connections: 1, workers: 1)
        let summary = RunSummary(plan: plan, measurements: measurements)
        #expect(summary.requests.errorsByKind == ["dns": 5])
    }
}

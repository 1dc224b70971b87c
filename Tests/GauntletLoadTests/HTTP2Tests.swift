import Foundation
import GauntletCore
import GauntletFixtures
import GauntletLoad
import Testing

/// HTTP/2 through libcurl against nghttp2's own server: streams share the connections, answers are
/// counted by the version they came in, and what this libcurl cannot do right is refused unsent.
@Suite(.serialized) struct HTTP2Tests {
    @Test func streamsShareTheConnections() throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let server = try HTTP2FixtureServer(certificates: certificates)
        defer { server.stop() }
        let summary = try LiveEngine.run(
            baseURL: server.baseURL, concurrency: 16, duration: 1.5, connections: 2, workers: 1,
            http: .http2, streamsPerConnection: 8, tls: TLSSettings(caFile: certificates.ca))
        #expect(summary.requests.errors == 0, "\(summary.requests.errorsByKind)")
        #expect(summary.requests.completed > 0)
        #expect(summary.requests.httpVersions == ["2": summary.requests.completed])
        #expect(summary.plan.http == .http2 && summary.plan.streamsPerConnection == 8)
        server.stop()  // the counts below are final only once the server's log is read to its end
        #expect(server.connectionsAccepted == 2)
        // One stream per connection would never leave a second request open beside the first;
        // with 16 kept in flight on 2 connections the server sees several at once, never more than 8.
        #expect(server.mostStreamsAtOnce > 1 && server.mostStreamsAtOnce <= 8, "\(server.mostStreamsAtOnce) streams at once")
    }

    @Test func openLoopPostsOverOneConnection() throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let server = try HTTP2FixtureServer(certificates: certificates)
        defer { server.stop() }
        let summary = try LiveEngine.run(
            baseURL: server.baseURL, rate: 200, duration: 2, connections: 1, workers: 1, http: .http2,
            streamsPerConnection: 16, tls: TLSSettings(caFile: certificates.ca), method: "POST", body: Data(#"{"a":1}"#.utf8))
        #expect(summary.requests.errors == 0, "\(summary.requests.errorsByKind)")
        #expect(summary.requests.completed == 400)
        #expect(summary.requests.httpVersions == ["2": 400])
        server.stop()
        #expect(server.connectionsAccepted == 1 && server.requestsReceived == 400)
    }

    @Test func aServerWithoutHTTP2IsCountedAsWhatItSpoke() throws {
        // openssl s_server -www chooses no protocol by ALPN and answers in HTTP/1.0; the report says so.
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let server = try TLSFixtureServer(certificates: certificates)
        defer { server.stop() }
        let summary = try LiveEngine.run(
            baseURL: server.baseURL, rate: 5, duration: 1, connections: 1, workers: 1, http: .http2,
            tls: TLSSettings(caFile: certificates.ca))
        #expect(summary.requests.ok == 5, "\(summary.requests.errorsByKind)")
        #expect(summary.requests.httpVersions == ["1.0": 5])
        #expect(summary.httpDescription == "asked HTTP/2 · answered HTTP/1.0 ×5")
    }

    @Test func http11IsCountedAsSuch() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let summary = try LiveEngine.run(against: server, rate: 100, duration: 1, connections: 2, workers: 1)
        #expect(summary.requests.httpVersions == ["1.1": 100])
        #expect(summary.plan.http == .http1_1 && summary.plan.streamsPerConnection == nil)
        #expect(summary.httpDescription == nil)
    }

    /// Over http:// HTTP/2 starts by prior knowledge: where libcurl keeps such connections working
    /// it runs, and where it breaks them (7.88) nothing is sent.
    @Test func priorKnowledgeRunsOnlyWhereLibcurlReusesItsConnections() throws {
        let server = try HTTP2FixtureServer(certificates: nil)
        defer { server.stop() }
        if CurlCapabilities.http2PriorKnowledgeReusesConnections {
            let summary = try LiveEngine.run(
                baseURL: server.baseURL, rate: 100, duration: 1, connections: 1, workers: 1, http: .http2,
                streamsPerConnection: 4)
            #expect(summary.requests.httpVersions == ["2": 100], "\(summary.requests.errorsByKind)")
        } else {
            #expect {
                _ = try LiveEngine.run(baseURL: server.baseURL, rate: 100, duration: 1, connections: 1, workers: 1, http: .http2)
            } throws: { error in
                guard case .unsupported(let message) = error as? LoadEngineError else { return false }
                return message.contains("libcurl \(CurlCapabilities.version)") && message.contains("https://")
            }
            server.stop()
            #expect(server.requestsReceived == 0 && server.connectionsAccepted == 0)
        }
    }
}

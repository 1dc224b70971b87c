import Foundation
import GauntletFixtures
import GauntletServer
import Testing

/// Requests NIO's parser cannot read, and bodies declared too large, are answered like every
/// other refusal: a 4xx with `{"error": …}`, at once, then the connection closes.
@Suite(.serialized) struct MalformedRequestTests {
    static func withServer(_ body: (Int) throws -> Void) throws {
        let repository = try ModelRepository(folder: ModelPredictionTests.root.appendingPathComponent("models").path)
        let server = try InferenceServer(repository: repository, configuration: .init(port: 0, maxBodyBytes: 1 << 20))
        defer { server.shutdown() }
        try body(server.port)
    }

    /// Everything the server sends until it closes (or 10 s pass).
    static func readUntilClosed(_ connection: RawHTTPConnection) -> String {
        var received = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(connection.socket, &chunk, chunk.count, 0)
            guard count > 0 else { break }
            received += chunk[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    @Test(arguments: [
        ("POST /v2/models/digits-logreg/infer HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000000000000000000000000\r\n\r\n{",
         "Content-Length"),
        ("\u{1}\u{2}binary garbage\r\n\r\n", "malformed HTTP request"),
        ("GET /v2/health/live HTTP/1.1\r\nHost: x\r\nX-Bad: a\u{0}b\r\n\r\n", "malformed HTTP request"),
        ("GET /v2/health/live HTTP/7.0\r\nHost: x\r\n\r\n", "malformed HTTP request"),
    ])
    func unreadableRequestsGetAJSON400(raw: String, fragment: String) throws {
        try Self.withServer { port in
            let connection = try RawHTTPConnection(port: port)
            connection.send(raw)
            let answer = try #require(connection.readResponse())
            #expect(answer.status == 400)
            #expect(answer.headers["content-type"] == "application/json")
            let message = try #require(answer.json?["error"] as? String)
            #expect(message.contains(fragment), "\(message)")
            #expect(connection.isClosedByServer())
        }
    }

    /// Pipelined requests before the garbage are all answered, in order, then the 400.
    @Test func garbageAfterPipelinedRequestsIsAnsweredAfterThem() throws {
        try Self.withServer { port in
            let connection = try RawHTTPConnection(port: port)
            let health = "GET /v2/health/live HTTP/1.1\r\nHost: x\r\n\r\n"
            connection.send(String(repeating: health, count: 20) + "\u{7}\u{0}garbage\r\n\r\n")
            let text = Self.readUntilClosed(connection)
            let statuses = text.components(separatedBy: "HTTP/1.1 ").dropFirst().map { $0.prefix(3) }
            #expect(statuses == Array(repeating: "200", count: 20) + ["400"], "\(text.suffix(400))")
            let last = try #require(text.components(separatedBy: "\r\n\r\n").last)
            #expect(last.hasPrefix(#"{"error":"malformed HTTP request"#), "\(last)")
        }
    }

    /// A 10 GB declared body is refused before any of it arrives, not after the request timeout.
    @Test func aDeclaredBodyOverTheLimitIsRefusedAtOnce() throws {
        try Self.withServer { port in
            // The read timeout (5 s) is far below the request timeout (30 s) the old answer waited for.
            let connection = try RawHTTPConnection(port: port, receiveTimeout: 5)
            connection.send("POST /v2/models/digits-logreg/infer HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000000\r\n\r\n{\"inputs\": [")
            let answer = try #require(connection.readResponse())
            #expect(answer.status == 413)
            #expect((answer.json?["error"] as? String)?.contains("larger than the limit") == true)
            #expect(connection.isClosedByServer())
            // The server still answers afterwards.
            let next = try RawHTTPConnection(port: port)
            next.request("GET", "/v2/health/live")
            #expect(next.readResponse()?.status == 200)
        }
    }
}

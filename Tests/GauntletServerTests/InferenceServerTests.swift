import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GauntletServer
import Testing

/// The server over real HTTP on 127.0.0.1: every endpoint, and the errors.
@Suite(.serialized) struct InferenceServerTests {
    final class Box: @unchecked Sendable { var value: (Int, Data)? }

    static func request(_ method: String, _ url: String, body: Data? = nil) throws -> (status: Int, json: Any?) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.httpBody = body
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, _ in
            box.value = ((response as? HTTPURLResponse)?.statusCode ?? 0, data ?? Data())
            done.signal()
        }.resume()
        _ = done.wait(timeout: .now() + 10)
        let (status, data) = try #require(box.value)
        return (status, try? JSONSerialization.jsonObject(with: data))
    }

    static func withServer(maxBodyBytes: Int = 1 << 20, _ body: (String) throws -> Void) throws {
        let repository = try ModelRepository(folder: ModelPredictionTests.root.appendingPathComponent("models").path)
        let server = try InferenceServer(repository: repository, configuration: .init(port: 0, maxBodyBytes: maxBodyBytes))
        defer { server.shutdown() }
        try body("http://127.0.0.1:\(server.port)")
    }

    static let row = Array(repeating: "3", count: 64).joined(separator: ",")

    @Test func everyEndpointAnswers() throws {
        try Self.withServer { base in
            #expect(try Self.request("GET", base + "/v2/health/live").status == 200)
            #expect(try Self.request("GET", base + "/v2/health/ready").status == 200)
            let server = try Self.request("GET", base + "/v2")
            #expect((server.json as? [String: Any])?["name"] as? String == "gauntlet")
            let metadata = try Self.request("GET", base + "/v2/models/digits-mlp")
            #expect((metadata.json as? [String: Any])?["versions"] as? [String] == ["1"])
            #expect(try Self.request("GET", base + "/v2/models/digits-mlp/versions/1").status == 200)
            #expect(try Self.request("GET", base + "/v2/models/digits-mlp/ready").status == 200)
            #expect(try Self.request("GET", base + "/v2/models/digits-logreg/versions/1/ready").status == 200)
            let config = try Self.request("GET", base + "/v2/models/digits-mlp/config")
            #expect((config.json as? [String: Any])?["max_batch_size"] as? Int == 0)

            let body = Data(#"{"id":"q","inputs":[{"name":"input-0","shape":[2,64],"datatype":"FP32","data":[\#(Self.row),\#(Self.row)]}]}"#.utf8)
            for path in ["/v2/models/digits-mlp/infer", "/v2/models/digits-mlp/versions/1/infer"] {
                let answer = try Self.request("POST", base + path, body: body)
                #expect(answer.status == 200)
                let object = try #require(answer.json as? [String: Any])
                #expect(object["id"] as? String == "q")
                let outputs = try #require(object["outputs"] as? [[String: Any]])
                #expect((outputs.first?["data"] as? [Int])?.count == 2)
            }
        }
    }

    /// Rows of (method, path, body, status, message fragment).
    @Test(arguments: [
        ("GET", "/nowhere", nil, 404, "no route"),
        ("GET", "/v2/models/unknown", nil, 404, "unknown model 'unknown'"),
        ("GET", "/v2/models/digits-mlp/versions/9/ready", nil, 404, "no version '9'"),
        ("POST", "/v2/models/digits-mlp/infer", "{not json", 400, "not valid JSON"),
        ("POST", "/v2/models/digits-mlp/infer", #"{"inputs":[{"name":"input-0","shape":[1,3],"datatype":"FP32","data":[1,2,3]}]}"#, 400, "shape"),
        ("POST", "/v2/models/missing/infer", "{}", 404, "unknown model"),
    ] as [(String, String, String?, Int, String)])
    func errorsAreJSONWithTheRightStatus(method: String, path: String, body: String?, status: Int, fragment: String) throws {
        try Self.withServer { base in
            let answer = try Self.request(method, base + path, body: body.map { Data($0.utf8) })
            #expect(answer.status == status)
            let message = (answer.json as? [String: String])?["error"] ?? ""
            #expect(message.contains(fragment), "\(message)")
        }
    }

    @Test func bodiesOverTheLimitAre413() throws {
        try Self.withServer(maxBodyBytes: 1_000) { base in
            let answer = try Self.request("POST", base + "/v2/models/digits-mlp/infer", body: Data(repeating: 32, count: 5_000))
            #expect(answer.status == 413)
            // The server still answers afterwards.
            #expect(try Self.request("GET", base + "/v2/health/live").status == 200)
        }
    }
}

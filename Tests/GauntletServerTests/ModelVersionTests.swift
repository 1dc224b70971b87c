import Foundation
import GauntletFixtures
import GauntletServer
import Testing

/// Several versions of a model served at once, each addressable; no version means the highest.
@Suite struct ModelVersionTests {
    /// A repository with digits-logreg as versions 1, 2 and 10 (the same weights, renumbered).
    static func repositoryWithVersions() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-versions-\(UUID().uuidString)")
        let source = ModelPredictionTests.root.appendingPathComponent("models/digits-logreg/1/model.json")
        var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        for version in ["1", "2", "10"] {
            let target = folder.appendingPathComponent("digits-logreg/\(version)")
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            document["version"] = version
            try JSONSerialization.data(withJSONObject: document).write(to: target.appendingPathComponent("model.json"))
        }
        return folder
    }

    @Test func everyVersionIsServedAndTheHighestIsTheDefault() throws {
        let folder = try Self.repositoryWithVersions()
        defer { try? FileManager.default.removeItem(at: folder) }
        let repository = try ModelRepository(folder: folder.path)
        #expect(repository.models.map(\.version) == ["1", "2", "10"])
        // Numeric order, not text order: 10 is the highest.
        #expect(repository.model(named: "digits-logreg")?.version == "10")

        let server = try InferenceServer(repository: repository, configuration: .init(port: 0))
        defer { server.shutdown() }
        let connection = try RawHTTPConnection(port: server.port)
        connection.request("GET", "/v2/models/digits-logreg")
        #expect(connection.readResponse()?.json?["versions"] as? [String] == ["1", "2", "10"])
        let body = #"{"inputs":[{"name":"input-0","shape":[1,64],"datatype":"FP32","data":[\#(ServingBehaviourTests.row)]}]}"#
        for (path, version) in [("/v2/models/digits-logreg/versions/1/infer", "1"), ("/v2/models/digits-logreg/versions/2/infer", "2"),
                                ("/v2/models/digits-logreg/infer", "10")] {
            connection.request("POST", path, body: body)
            let answer = try #require(connection.readResponse())
            #expect(answer.status == 200)
            #expect(answer.json?["model_version"] as? String == version, "\(path)")
        }
        connection.request("GET", "/v2/models/digits-logreg/versions/2/ready")
        #expect(connection.readResponse()?.status == 200)
        connection.request("POST", "/v2/models/digits-logreg/versions/3/infer", body: body)
        let missing = try #require(connection.readResponse())
        #expect(missing.status == 404)
        #expect((missing.json?["error"] as? String)?.contains("has no version '3'; it has 1, 2, 10") == true)
    }
}

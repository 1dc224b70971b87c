import Foundation
import GauntletCore

/// The server's answers as pure functions of a route and a body: what the HTTP layer sends,
/// testable without a socket. Inference itself is split in two (`prepareInference` on the event
/// loop, `DenseModel.predict` off it) so the event loop never runs a forward pass.
public struct ServerResponder: Sendable {
    public struct Response: Sendable, Equatable {
        public var status: Int
        public var body: [UInt8]
        public var contentType = "application/json"
        /// Seconds a shed client should wait before trying again (`Retry-After`).
        public var retryAfter: Int?
    }

    public let repository: ModelRepository
    public static let serverName = "gauntlet"

    /// Answers that never change while the server runs (health, metadata, configs), built once:
    /// encoding them on every request cost a quarter of a health check's CPU.
    private let fixedAnswers: [Route: Response]

    public init(repository: ModelRepository) {
        self.repository = repository
        var routes: [Route] = [.live, .ready, .serverMetadata]
        for model in repository.models {
            let latest = repository.model(named: model.name)?.version == model.version
            for version in latest ? [nil, model.version] : [model.version] {
                routes += [.modelMetadata(name: model.name, version: version), .modelReady(name: model.name, version: version)]
            }
            if latest { routes.append(.modelConfig(name: model.name)) }
        }
        let uncached = ServerResponder(repository: repository, fixedAnswers: [:])
        fixedAnswers = Dictionary(routes.map { ($0, uncached.respond(to: $0)) }, uniquingKeysWith: { first, _ in first })
    }

    private init(repository: ModelRepository, fixedAnswers: [Route: Response]) {
        self.repository = repository
        self.fixedAnswers = fixedAnswers
    }

    public func model(_ name: String, version: String?) throws(ProtocolError) -> DenseModel {
        guard repository.models.contains(where: { $0.name == name }) else {
            let known = Set(repository.models.map(\.name)).sorted().joined(separator: ", ")
            throw .notFound("unknown model '\(name)'; this server has \(known)")
        }
        guard let model = repository.model(named: name, version: version) else {
            let versions = repository.models.filter { $0.name == name }.map(\.version).joined(separator: ", ")
            throw .notFound("model '\(name)' has no version '\(version ?? "")'; it has \(versions)")
        }
        return model
    }

    /// Everything but inference.
    public func respond(to route: Route) -> Response {
        if let answer = fixedAnswers[route] { return answer }
        do {
            switch route {
            case .live: return ok(["live": true])
            case .ready: return ok(["ready": true])
            case .serverMetadata:
                return ok(["name": Self.serverName, "version": GauntletVersion.current, "extensions": ["model_repository_metadata"]])
            case .modelMetadata(let name, let version):
                let model = try model(name, version: version)
                let versions = repository.models.filter { $0.name == name }.map(\.version)
                return ok([
                    "name": model.name, "versions": versions, "platform": "gauntlet_dense",
                    "inputs": model.definition.inputs.map(tensor), "outputs": model.definition.outputs.map(tensor),
                ])
            case .modelReady(let name, let version):
                let model = try model(name, version: version)
                return ok(["name": model.name, "ready": true])
            case .modelConfig(let name):
                let model = try model(name, version: nil)
                return ok(tritonConfig(model))
            case .infer, .metrics, .openAIModels, .openAICompletion:
                return error(.badRequest("answered by the serving path, not the responder"))
            }
        } catch {
            return self.error(error)
        }
    }

    /// Reads an infer request on the event loop; the forward pass runs elsewhere.
    public func prepareInference(name: String, version: String?, body: [UInt8]) throws(ProtocolError)
        -> (DenseModel, InferRequest)
    {
        let model = try model(name, version: version)
        return (model, try InferRequest.parse(body, for: model))
    }

    public func error(_ error: ProtocolError) -> Response {
        Response(status: error.status, body: error.body, retryAfter: error.status == 503 ? Self.retryAfterSeconds : nil)
    }

    /// HTTP's Retry-After takes whole seconds; one is the shortest honest hint.
    public static let retryAfterSeconds = 1

    private func ok(_ object: [String: Any]) -> Response { Response(status: 200, body: InferResponse.json(object)) }

    private func tensor(_ tensor: ModelDefinition.Tensor) -> [String: Any] {
        ["name": tensor.name, "datatype": tensor.datatype, "shape": tensor.shape]
    }

    /// Triton's model configuration, for tools built for Triton (perf_analyzer asks for it).
    private func tritonConfig(_ model: DenseModel) -> [String: Any] {
        func entry(_ tensor: ModelDefinition.Tensor) -> [String: Any] {
            // max_batch_size 0: Triton then reads dims as the full shape, batch dimension (-1) included.
            ["name": tensor.name, "data_type": "TYPE_\(tensor.datatype)", "dims": tensor.shape]
        }
        return [
            "name": model.name, "platform": "gauntlet_dense", "backend": "gauntlet", "max_batch_size": 0,
            "input": model.definition.inputs.map(entry), "output": model.definition.outputs.map(entry),
            "version_policy": ["all": [String: Any]()],
        ]
    }
}

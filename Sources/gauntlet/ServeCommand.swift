import ArgumentParser
import Foundation
import GauntletServer

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the reference inference server (KServe V2 REST) on the models of a repository.",
        discussion: """
            Serves every models/<name>/<version>/model.json. Endpoints: /v2/health/live, /v2/health/ready, /v2, \
            /v2/models/{name}[/versions/{v}][/ready], /v2/models/{name}/config, \
            POST /v2/models/{name}[/versions/{v}]/infer. SIGINT or SIGTERM stops it.
            """)

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int = 8000

    @Option(help: "The model repository folder.")
    var models: String = "models"

    @Option(help: "Threads running forward passes, off the event loop.")
    var inferenceThreads: Int = 1

    mutating func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0–65535") }
        guard inferenceThreads >= 1 else { throw ValidationError("--inference-threads must be at least 1") }
    }

    func run() throws {
        let repository: ModelRepository
        do {
            repository = try ModelRepository(folder: models)
        } catch {
            throw ValidationError("\(error)")
        }
        let server: InferenceServer
        do {
            server = try InferenceServer(
                repository: repository,
                configuration: .init(host: host, port: port, inferenceThreads: inferenceThreads))
        } catch {
            FileHandle.standardError.write(Data("gauntlet: error: cannot listen on \(host):\(port): \(error)\n".utf8))
            throw ExitStatus.couldNotRun
        }
        let names = repository.models.map { "\($0.name)/\($0.version)" }.joined(separator: ", ")
        FileHandle.standardOutput.write(Data("gauntlet serve: listening on http://\(host):\(server.port) with \(names)\n".utf8))
        let signals = SignalForwarder { server.shutdown() }
        server.wait()
        _ = signals
    }
}

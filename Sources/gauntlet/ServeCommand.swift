import ArgumentParser
import Foundation
import GauntletCore
import GauntletServer

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the reference inference server (KServe V2 REST) on the models of a repository.",
        discussion: """
            Serves every models/<name>/<version>/model.json. Endpoints: /v2/health/live, /v2/health/ready, /v2, \
            /v2/models/{name}[/versions/{v}][/ready], /v2/models/{name}/config, \
            POST /v2/models/{name}[/versions/{v}]/infer, and /metrics (Prometheus). Generative models \
            (models/<name>/<version>/ngram.txt) answer OpenAI-compatible GET /v1/models, POST /v1/completions \
            and POST /v1/chat/completions, streamed as server-sent events with "stream": true, decoded in \
            continuous batches (--max-sequences, --decode-step, --decode-per-sequence, --prefill-per-token). \
            Infer requests wait in a bounded admission queue for a dynamic batcher (503 with Retry-After \
            when it is full). SIGINT or SIGTERM stops accepting, answers what is in flight, then exits 0. \
            See docs/server.md for sizing the queue and deadline, and for the faults.
            """)

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int = 8000

    @Option(help: "The model repository folder.")
    var models: String = "models"

    @Option(help: "Event-loop threads parsing HTTP and JSON.")
    var eventLoopThreads: Int = 1

    @Option(help: "Largest request body accepted, in bytes; larger ones get 413.")
    var maxBodyBytes: Int = InferenceServer.Configuration.defaultMaxBodyBytes

    @Flag(help: .hidden)
    var exitWithParent = false

    @OptionGroup(title: "Batching, admission, timeouts and faults")
    var serving: ServingFlags

    mutating func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0–65535") }
        guard (1...64).contains(eventLoopThreads) else { throw ValidationError("--event-loop-threads must be 1–64") }
        guard maxBodyBytes >= 1 else { throw ValidationError("--max-body-bytes must be at least 1") }
        _ = try serving.options()
    }

    func run() throws {
        let repository: ModelRepository
        do {
            repository = try ModelRepository(folder: models)
        } catch {
            throw ValidationError("\(error)")
        }
        let options = try serving.options()
        let server: InferenceServer
        do {
            server = try InferenceServer(
                repository: repository,
                configuration: .init(host: host, port: port, eventLoopThreads: eventLoopThreads, maxBodyBytes: maxBodyBytes,
                                     serving: options))
        } catch {
            Console.error("gauntlet: error: \(error)")
            throw ExitStatus.couldNotRun
        }
        let names = (repository.models.map { "\($0.name)/\($0.version)" }
            + repository.generative.map { "\($0.name)/\($0.version) (generative)" }).joined(separator: ", ")
        // The first line is what the embedded-server launcher waits for.
        say("gauntlet serve: listening on http://\(host):\(server.port) with \(names)")
        say("gauntlet serve: \(options.summary); \(eventLoopThreads) event loop(s)")
        say("gauntlet serve: \(AllocatorStatistics.current().summary)")
        if !repository.generative.isEmpty { say("gauntlet serve: generation: \(options.generation.summary)") }
        let orphanWatch = exitWithParent ? ParentWatch { server.shutdown() } : nil
        let signals = SignalForwarder {
            say("gauntlet serve: stopping: no new connections; answering \(server.inFlight) request(s) in flight")
            server.shutdown()
        }
        let result = server.wait()
        _ = signals
        _ = orphanWatch
        say("gauntlet serve: stopped; drained in \(String(format: "%.2f", result.seconds))s"
            + (result.abandoned > 0 ? ", \(result.abandoned) request(s) unanswered at the drain timeout" : ""))
    }
}

private func say(_ line: String) { Console.out(line) }

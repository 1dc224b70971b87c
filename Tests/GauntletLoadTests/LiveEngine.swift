import Foundation
import GauntletCore
import GauntletFixtures
import GauntletLoad

/// Runs the engine against a fixture server and returns the summary, for live tests.
enum LiveEngine {
    static func run(
        against server: FixtureServer, path: String = "/", rate: Double? = nil, concurrency: Int? = nil,
        thinkTime: Nanoseconds = 0, duration: Double, warmup: Double = 0, connections: Int = 64,
        timeout: Double = 10, workers: Int = 2, process: ArrivalProcess = .constant
    ) throws -> RunSummary {
        let end = UInt64((warmup + duration) * 1e9)
        let model: LoadModel =
            if let rate {
                .openLoop(ArrivalSchedule(rate: rate, process: process, seed: 1, end: end))
            } else {
                .closedLoop(concurrency: concurrency ?? 1, thinkTime: thinkTime, end: end)
            }
        let request = MaterializedRequest(template: 0, method: "GET", path: path, headers: [], body: nil)
        let configuration = LoadConfiguration(
            baseURL: server.baseURL, catalog: .single(request), model: model,
            warmup: UInt64(warmup * 1e9), timeout: UInt64(timeout * 1e9), connections: connections,
            workers: workers)
        let measurements = try LoadEngine(configuration: configuration).run()
        let plan = RunPlan(
            url: server.baseURL + path, method: "GET", model: model, warmup: configuration.warmup, seed: 1,
            timeout: configuration.timeout, connections: connections, workers: configuration.effectiveWorkers)
        return RunSummary(plan: plan, measurements: measurements)
    }
}

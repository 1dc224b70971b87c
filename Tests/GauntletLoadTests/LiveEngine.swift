import Foundation
import GauntletCore
import GauntletFixtures
import GauntletLoad

/// Runs the engine against a fixture server and returns the summary, for live tests.
enum LiveEngine {
    static func run(
        against server: FixtureServer, path: String = "/", rate: Double? = nil, concurrency: Int? = nil,
        thinkTime: Nanoseconds = 0, duration: Double, warmup: Double = 0, connections: Int = 64,
        timeout: Double = 10, workers: Int = 2, process: ArrivalProcess = .constant, sendWindow: Nanoseconds = 0
    ) throws -> RunSummary {
        try run(
            baseURL: server.baseURL, path: path, rate: rate, concurrency: concurrency, thinkTime: thinkTime,
            duration: duration, warmup: warmup, connections: connections, timeout: timeout, workers: workers,
            process: process, sendWindow: sendWindow)
    }

    static func run(
        baseURL: String, path: String = "/", rate: Double? = nil, concurrency: Int? = nil,
        thinkTime: Nanoseconds = 0, duration: Double, warmup: Double = 0, connections: Int = 64,
        timeout: Double = 10, workers: Int = 2, process: ArrivalProcess = .constant,
        http: HTTPVersion = .http1_1, streamsPerConnection: Int = 1, tls: TLSSettings = TLSSettings(),
        method: String = "GET", body: Data? = nil, sendWindow: Nanoseconds = 0, tokenReading: TokenReading = .none,
        goodput: GoodputLimits = GoodputLimits()
    ) throws -> RunSummary {
        let end = UInt64((warmup + duration) * 1e9)
        let model: LoadModel =
            if let rate {
                .openLoop(ArrivalSchedule(rate: rate, process: process, seed: 1, end: end))
            } else {
                .closedLoop(concurrency: concurrency ?? 1, thinkTime: thinkTime, end: end)
            }
        let headers = body == nil ? [] : ["Content-Type: application/json"]
        let request = MaterializedRequest(template: 0, method: method, path: path, headers: headers, body: body)
        let configuration = LoadConfiguration(
            baseURL: baseURL, catalog: .single(request, tokenReading: tokenReading), model: model,
            warmup: UInt64(warmup * 1e9), timeout: UInt64(timeout * 1e9), connections: connections,
            workers: workers, tls: tls, http: http, streamsPerConnection: streamsPerConnection, sendWindow: sendWindow,
            goodput: goodput)
        let measurements = try LoadEngine(configuration: configuration).run()
        var plan = RunPlan(
            url: baseURL + path, method: method, model: model, warmup: configuration.warmup, seed: 1,
            timeout: configuration.timeout, connections: connections, workers: configuration.effectiveWorkers,
            http: http, streamsPerConnection: streamsPerConnection, sendWindow: sendWindow)
        if tokenReading != .none { plan.goodput = goodput }
        return RunSummary(plan: plan, measurements: measurements)
    }
}

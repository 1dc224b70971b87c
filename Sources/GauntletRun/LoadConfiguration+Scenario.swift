import Foundation
import GauntletCore
import GauntletLoad

extension LoadConfiguration {
    /// The engine's configuration for a scenario's requests sent to `baseURL`: what a run and each
    /// block of a comparison share (the expectations checked, the timeouts, the HTTP version, the TLS settings),
    /// so the two can never disagree on how a response is judged.
    init(
        scenario: Scenario, catalog: RequestCatalog, baseURL: String, model: LoadModel, warmup: Nanoseconds = 0,
        phaseStarts: [Nanoseconds] = [], connections: Int, workers: Int, tls: TLSSettings, segment: RunSegment = .whole,
        startAt: Date? = nil, idlePolling: Bool = true, proxy: ProxySetting = .none,
        sendWindow: Nanoseconds = 0
    ) {
        let load = scenario.load
        self.init(
            baseURL: baseURL, catalog: catalog,
            // A replayed log carries its own requests; the scenario's expectations do not describe them.
            expectations: scenario.replay != nil
                ? nil : scenario.requests.map { ResponseExpectation(statuses: $0.expectedStatuses, checks: $0.checks) },
            model: model, warmup: warmup, phaseStarts: phaseStarts, timeout: load.timeout,
            connectTimeout: min(load.timeout, LoadConfiguration.defaultConnectTimeout), connections: connections,
            workers: workers, tls: tls, segment: segment, startAt: startAt, idlePolling: idlePolling,
            http: load.http, streamsPerConnection: load.streamsPerConnection, proxy: proxy,
            sendWindow: sendWindow, goodput: scenario.goodput ?? GoodputLimits())
    }
}

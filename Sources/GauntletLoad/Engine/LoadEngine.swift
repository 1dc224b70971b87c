import CCurl
import Foundation
import GauntletCore
import Synchronization

/// Runs one load: starts the workers on a common start instant, waits for them, and
/// merges what they measured. Knows nothing of objectives or reports.
public final class LoadEngine: Sendable {
    /// Lead time between creating the workers and the first intended send, so no
    /// arrival is due before its worker is ready.
    static let startLead: Nanoseconds = 20 * TimeUnit.nanosecondsPerMillisecond

    public let configuration: LoadConfiguration
    private let stopFlag = StopFlag()
    /// The workers of the run in progress, so a stop can wake them from their polls at once.
    private let running = Mutex<[CurlWorker]>([])
    private let onSecond: @Sendable (SecondPoint, WorkerSecond) -> Void

    /// - Parameter onSecond: called from the collector's thread with each second of the run as it
    ///   completes, its point and the second across workers with its histograms.
    public init(
        configuration: LoadConfiguration, onSecond: @escaping @Sendable (SecondPoint, WorkerSecond) -> Void = { _, _ in }
    ) {
        self.configuration = configuration
        self.onSecond = onSecond
    }

    /// HTTP/2 where this libcurl does it right, or nothing is sent.
    static func checkHTTP2(_ urls: [String]) throws(LoadEngineError) {
        for url in urls {
            if let problem = CurlCapabilities.http2Problem(url: url) { throw .unsupported("HTTP/2 to \(url): \(problem)") }
        }
    }

    /// Asks the running load to stop: nothing new is sent and in-flight requests are abandoned.
    /// Safe to call from any thread, e.g. a signal handler's queue.
    public func stop() {
        // Flag first: a worker registered after this read sees it before its first poll.
        stopFlag.set()
        running.withLock { workers in workers.forEach { $0.wake() } }
    }

    /// Runs the load to its end (or a stop) on dedicated threads, blocking the caller.
    public func run() throws(LoadEngineError) -> RunMeasurements {
        try CurlGlobal.ensureInitialised()
        let idleHold = IdlePollingHold(requested: configuration.idlePolling)
        defer { withExtendedLifetime(idleHold) {} }
        let workerCount = configuration.effectiveWorkers
        let baseURL = configuration.baseURL.hasSuffix("/") && configuration.catalog.requests.allSatisfy { $0.path.hasPrefix("/") }
            ? String(configuration.baseURL.dropLast()) : configuration.baseURL
        // The last line of defence: the scenario's checks refuse such requests, with their place,
        // before this; a request that would change its request line or add a header is never sent.
        for request in configuration.catalog.requests {
            if let problem = RequestText.problem(method: request.method, url: baseURL + request.path, headers: request.headers) {
                throw .refused("request '\(configuration.catalog.templateNames[request.template])': \(problem)")
            }
        }
        let requests = configuration.catalog.requests.map {
            PreparedRequest($0, baseURL: baseURL)
        }
        if configuration.http == .http2 { try Self.checkHTTP2(requests.map(\.url)) }
        let collector = SecondSeriesCollector(
            workers: workerCount, model: configuration.model, segment: configuration.segment, onSecond: onSecond)
        // The schedule's offset 0: an agreed wall-clock instant (segments of one run), or just
        // after the workers are ready. Monotonic from here on, so a clock step cannot move sends.
        let lead = configuration.startAt.map { $0.timeIntervalSinceNow } ?? Self.startLead.nanosecondsAsSeconds
        let now = MonotonicClock.now()
        let runStart = lead >= 0 ? now + Nanoseconds(lead * 1e9) : now - min(now, Nanoseconds(-lead * 1e9))
        let startedAt = configuration.startAt ?? Date(timeIntervalSinceNow: lead)

        var workers: [CurlWorker] = []
        for index in 0..<workerCount {
            workers.append(
                try CurlWorker(
                    index: index, workers: workerCount, configuration: configuration, requests: requests,
                    runStart: runStart, collector: collector, stopFlag: stopFlag))
        }

        running.withLock { $0 = workers }
        defer { running.withLock { $0 = [] } }
        let group = DispatchGroup()
        for worker in workers {
            group.enter()
            let thread = Thread {
                worker.run()
                group.leave()
            }
            thread.name = "gauntlet-worker-\(worker.index)"
            thread.start()
        }
        // No polling here: `stop()` wakes the workers itself, and an idle wait costs nothing.
        group.wait()

        var recorder = Recorder(measurementStart: configuration.warmup)
        var byRequest: [String: Recorder] = [:]
        for (template, name) in configuration.catalog.templateNames.enumerated() {
            var merged = Recorder(measurementStart: configuration.warmup)
            for worker in workers { merged.merge(worker.recorders[template]) }
            recorder.merge(merged)
            byRequest[name] = merged
        }
        let byPhase = configuration.phaseStarts.indices.map { phase in
            workers.reduce(into: Recorder(measurementStart: configuration.warmup)) { $0.merge($1.phaseRecorders[phase]) }
        }
        var quality = QualityCounts()
        var failures = FailureSamples()
        var schedule = ScheduleDigest()
        var httpVersions: [String: UInt64] = [:]
        for worker in workers {
            quality.merge(worker.quality)
            failures.merge(worker.failures)
            schedule.merge(worker.schedule)
            httpVersions.merge(worker.httpVersions, uniquingKeysWith: +)
        }
        let seconds = collector.finalSeconds()
        return RunMeasurements(
            recorder: recorder,
            byRequest: byRequest,
            byPhase: byPhase,
            quality: quality,
            failures: failures,
            series: seconds.map(\.point),
            seriesHistograms: seconds.map(\.histograms),
            sent: workers.reduce(0) { $0 + $1.sent },
            schedule: schedule,
            cancelled: workers.reduce(0) { $0 + $1.cancelled },
            generatorCPU: Nanoseconds(workers.reduce(0) { $0 + max(0, $1.cpuMicroseconds) }) * 1_000,
            elapsed: workers.map(\.finishedAt).max() ?? 0,
            interrupted: stopFlag.isSet,
            // When the schedule's offset 0 actually came on this machine's clock.
            startedAt: workers.compactMap(\.startedAt).min() ?? startedAt,
            endedAt: Date(),
            idlePolling: idleHold.state,
            outages: Outage.merged(workers.flatMap(\.outages.outages)),
            httpVersions: httpVersions)
    }
}

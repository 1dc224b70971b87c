import CCurl
import Foundation
import GauntletCore

/// Runs one load: starts the workers on a common start instant, waits for them, and
/// merges what they measured. Knows nothing of objectives or reports.
public final class LoadEngine: Sendable {
    /// Lead time between creating the workers and the first intended send, so no
    /// arrival is due before its worker is ready.
    static let startLead: Nanoseconds = 20 * TimeUnit.nanosecondsPerMillisecond

    public let configuration: LoadConfiguration
    private let stopFlag = StopFlag()
    private let onSecond: @Sendable (SecondPoint) -> Void

    /// - Parameter onSecond: called from a worker thread with each second of the run as it completes.
    public init(configuration: LoadConfiguration, onSecond: @escaping @Sendable (SecondPoint) -> Void = { _ in }) {
        self.configuration = configuration
        self.onSecond = onSecond
    }

    /// Asks the running load to stop: nothing new is sent and in-flight requests are abandoned.
    /// Safe to call from any thread, e.g. a signal handler's queue.
    public func stop() { stopFlag.set() }

    /// Runs the load to its end (or a stop) on dedicated threads, blocking the caller.
    public func run() throws(LoadEngineError) -> RunMeasurements {
        try CurlGlobal.ensureInitialised()
        let workerCount = configuration.effectiveWorkers
        let baseURL = configuration.baseURL.hasSuffix("/") && configuration.catalog.requests.allSatisfy { $0.path.hasPrefix("/") }
            ? String(configuration.baseURL.dropLast()) : configuration.baseURL
        let requests = configuration.catalog.requests.map {
            PreparedRequest($0, baseURL: baseURL, expectation: configuration.expectations[$0.template])
        }
        let collector = SecondSeriesCollector(workers: workerCount, model: configuration.model, onSecond: onSecond)
        let runStart = MonotonicClock.now() + Self.startLead
        let startedAt = Date(timeIntervalSinceNow: Self.startLead.nanosecondsAsSeconds)

        var workers: [CurlWorker] = []
        for index in 0..<workerCount {
            workers.append(
                try CurlWorker(
                    index: index, workers: workerCount, configuration: configuration, requests: requests,
                    runStart: runStart, collector: collector, stopFlag: stopFlag))
        }

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
        // A stop must also wake workers sleeping in poll.
        while group.wait(timeout: .now() + .milliseconds(20)) == .timedOut {
            if stopFlag.isSet { workers.forEach { $0.wake() } }
        }

        var recorder = Recorder(measurementStart: configuration.warmup)
        var byRequest: [String: Recorder] = [:]
        for (template, name) in configuration.catalog.templateNames.enumerated() {
            var merged = Recorder(measurementStart: configuration.warmup)
            for worker in workers { merged.merge(worker.recorders[template]) }
            recorder.merge(merged)
            byRequest[name] = merged
        }
        var quality = QualityCounts()
        for worker in workers { quality.merge(worker.quality) }
        return RunMeasurements(
            recorder: recorder,
            byRequest: byRequest,
            quality: quality,
            series: collector.finalPoints(),
            sent: workers.reduce(0) { $0 + $1.sent },
            cancelled: workers.reduce(0) { $0 + $1.cancelled },
            generatorCPU: Nanoseconds(workers.reduce(0) { $0 + max(0, $1.cpuMicroseconds) }) * 1_000,
            elapsed: workers.map(\.finishedAt).max() ?? 0,
            interrupted: stopFlag.isSet,
            startedAt: startedAt,
            endedAt: Date())
    }
}

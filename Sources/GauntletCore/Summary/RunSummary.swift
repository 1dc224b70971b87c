import Foundation

/// The figures of one run that a person (or a later gate) reads: counts, rates,
/// percentiles from the merged histograms, and the generator's own health.
public struct RunSummary: Sendable, Codable {
    public struct Requests: Sendable, Codable, Equatable {
        /// Requests started, warm-up included.
        public var sent: UInt64
        /// Requests due in the warm-up; sent and finished but kept out of every other figure.
        public var warmup: UInt64
        /// Requests due in the measurement window that finished, successfully or not.
        public var completed: UInt64
        public var ok: UInt64
        public var errors: UInt64
        /// In flight when the run was interrupted; never recorded.
        public var cancelled: UInt64
        public var errorsByKind: [String: UInt64]
        public var statusCodes: [String: UInt64]
        /// Answers by the HTTP version they came in (`1.1`, `2`): what was spoken, where ALPN may
        /// have chosen otherwise than asked. Absent in results written before it was kept.
        public var httpVersions: [String: UInt64]?
    }

    public struct Rates: Sendable, Codable, Equatable {
        /// Asked-for arrivals per second (open loop).
        public var target: Double?
        /// Measured requests finished per second over the measurement window.
        public var achieved: Double
        /// Successful requests per second over the same window.
        public var successful: Double
        /// The window the rates are over: the planned duration, or longer when the last
        /// responses came in after it.
        public var windowSeconds: Double
    }

    public struct ScheduleLag: Sendable, Codable, Equatable {
        public var figures: LatencyFigures
        /// Sends that started more than `lateThresholdMilliseconds` after their intended time.
        public var lateSends: UInt64
        public var lateThresholdMilliseconds: Double
    }

    public struct Generator: Sendable, Codable, Equatable {
        /// CPU time of the worker threads (user + system).
        public var cpuSeconds: Double
        public var cpuMicrosecondsPerRequest: Double
        public var elapsedSeconds: Double
    }

    public var gauntletVersion: String
    public var plan: RunPlan
    public var startedAt: Date
    public var endedAt: Date
    public var interrupted: Bool
    public var requests: Requests
    public var rate: Rates
    /// From each request's intended send time: what a user would have waited.
    public var latency: LatencyFigures
    /// The same, for successful requests only; absent in reports written before it existed.
    public var successLatency: LatencyFigures?
    /// Latency of successful requests, or of all requests in a report written before it was
    /// kept: what a comparison compares, so a candidate that fails fast does not look faster.
    public var comparedLatency: LatencyFigures { successLatency ?? latency }
    /// From each request's actual send: what the server and network took.
    public var serviceTime: LatencyFigures
    public var scheduleLag: ScheduleLag
    public var generator: Generator
    public var series: [SecondPoint]
    /// When the target could not be reached and when it served again (``Outage``); absent when
    /// it always could.
    public var outages: [Outage]?
    /// Generative answers' figures (TTFT, ITL, TPOT, tokens, goodput); absent for a run with none.
    public var tokens: TokenFigures?

    public init(plan: RunPlan, measurements: RunMeasurements) {
        let recorder = measurements.recorder
        let measured = recorder.measured
        gauntletVersion = GauntletVersion.current
        self.plan = plan
        startedAt = measurements.startedAt
        endedAt = measurements.endedAt
        interrupted = measurements.interrupted
        requests = Requests(
            sent: measurements.sent, warmup: recorder.warmup.completed, completed: measured.completed,
            ok: measured.ok, errors: measured.errors, cancelled: measurements.cancelled,
            errorsByKind: Dictionary(uniqueKeysWithValues: measured.errorsByKind.map { ($0.key.rawValue, $0.value) }),
            statusCodes: Dictionary(uniqueKeysWithValues: measured.statusCodes.map { (String($0.key), $0.value) }),
            httpVersions: measurements.httpVersions.isEmpty ? nil : measurements.httpVersions)

        let warmupEnd = UInt64(plan.warmupSeconds * 1e9)
        let lastFinish = recorder.lastMeasuredFinish > warmupEnd ? recorder.lastMeasuredFinish - warmupEnd : 0
        let window = measurements.interrupted
            ? max(1, min(lastFinish, measurements.elapsed > warmupEnd ? measurements.elapsed - warmupEnd : 1))
            : max(UInt64(plan.durationSeconds * 1e9), lastFinish, 1)
        let windowSeconds = window.nanosecondsAsSeconds
        rate = Rates(
            target: plan.targetRate, achieved: Double(measured.completed) / windowSeconds,
            successful: Double(measured.ok) / windowSeconds, windowSeconds: windowSeconds)

        latency = LatencyFigures(recorder.latency)
        successLatency = LatencyFigures(recorder.successLatency)
        serviceTime = LatencyFigures(recorder.serviceTime)
        scheduleLag = ScheduleLag(
            figures: LatencyFigures(recorder.scheduleLag), lateSends: recorder.lateSends,
            lateThresholdMilliseconds: Recorder.lateSendThreshold.nanosecondsAsMilliseconds)
        let cpuSeconds = measurements.generatorCPU.nanosecondsAsSeconds
        generator = Generator(
            cpuSeconds: cpuSeconds,
            cpuMicrosecondsPerRequest: measurements.sent == 0 ? 0 : cpuSeconds * 1e6 / Double(measurements.sent),
            elapsedSeconds: measurements.elapsed.nanosecondsAsSeconds)
        series = measurements.series
        outages = measurements.outages.isEmpty ? nil : measurements.outages
        tokens = recorder.tokens.map { TokenFigures($0, windowSeconds: windowSeconds, limits: plan.goodput ?? GoodputLimits()) }
    }

    /// `asked HTTP/2 · answered HTTP/2 ×400`: said whenever the run asked for HTTP/2 or an answer
    /// came in another version than HTTP/1.1; nil for a plain HTTP/1.1 run (or an old result).
    public var httpDescription: String? {
        let asked = plan.http ?? .http1_1
        let answered = requests.httpVersions ?? [:]
        guard asked == .http2 || answered.keys.contains(where: { $0 != HTTPVersion.http1_1.rawValue }) else { return nil }
        let counts = answered.sorted { $0.key > $1.key }.map { "HTTP/\($0.key) ×\($0.value)" }
        return "asked \(asked.displayName) · answered " + (counts.isEmpty ? "nothing" : counts.joined(separator: " · "))
    }

    /// The longest downtime and the longest recovery over the outages (``Outage``), in seconds;
    /// nil when there were none. An outage the run ended in counts until the run's end.
    public var worstOutage: (downtime: Double, recovery: Double)? {
        guard let outages, !outages.isEmpty else { return nil }
        let end = generator.elapsedSeconds
        return (outages.map { $0.downtime(runEnd: end) }.max()!, outages.map { $0.recovery(runEnd: end) }.max()!)
    }

    /// True when requests were made and not one reached the server: every failure was
    /// refused, timed out connecting, failed DNS or TLS, and no HTTP status came back.
    public var targetUnreachable: Bool {
        guard requests.completed + requests.warmup > 0, requests.ok == 0, requests.statusCodes.isEmpty else {
            return false
        }
        return requests.errorsByKind.keys.allSatisfy { ErrorKind(rawValue: $0)?.isConnectionFailure ?? false }
    }
}

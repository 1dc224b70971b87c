import Foundation
import GauntletCore

/// Everything a run produced, as saved to `reports/<scenario>-<UTC>.json`: enough for every
/// later stage (re-rendering, gates, comparisons, merges) to work from the file alone.
/// Documented field by field in docs/report.md; fields are added, never silently renamed.
public struct RunReport: Codable, Sendable {
    public static let currentSchema = "gauntlet.report/v1"

    public var schema: String
    /// The scenario as written (secrets stay as `${NAME}` references); nil for `run --url`.
    public var scenario: ScenarioEcho?
    public var environment: EnvironmentInfo
    /// Counts, rates, percentiles, the generator's health, the per-second series and the
    /// configuration (with its seed) under `summary.plan`.
    public var summary: RunSummary
    public var phases: [LoadPlan.PhaseSpan]
    /// Figures per request template.
    public var requests: [String: RequestFigures]
    public var histograms: HistogramSet
    public var objectives: [ObjectiveRecord]
    /// pass, warn, fail or inconclusive; `none` when the scenario has no objectives.
    public var verdict: String
    /// Cost per prediction and its inputs, when the scenario has a cost section.
    public var cost: CostFigures?
    /// Predictions against expected labels, when the data has labels.
    public var quality: QualityFigures?
    /// The embedded reference server's resources over the run, when one was used.
    public var server: ServerUsage?

    public struct ServerUsage: Codable, Sendable {
        public var kind: String
        public var url: String
        /// User + system CPU time of the server process.
        public var cpuSeconds: Double
        /// Peak resident set size (VmHWM).
        public var peakResidentBytes: UInt64
        /// How it batched, queued and failed on purpose, in words (absent in older reports).
        public var configuration: String?

        public init(kind: String, url: String, cpuSeconds: Double, peakResidentBytes: UInt64, configuration: String? = nil) {
            self.kind = kind
            self.url = url
            self.cpuSeconds = cpuSeconds
            self.peakResidentBytes = peakResidentBytes
            self.configuration = configuration
        }
    }

    public struct ScenarioEcho: Codable, Sendable {
        public var name: String
        public var file: String
        public var description: String?
        /// The target as written, or nil for the embedded reference server.
        public var target: String?
        /// The scenario file's text, as written.
        public var source: String
        /// The environment variables it references; their values are never written.
        public var secrets: [String]

        public init(name: String, file: String, description: String?, target: String?, source: String, secrets: [String]) {
            self.name = name
            self.file = file
            self.description = description
            self.target = target
            self.source = source
            self.secrets = secrets
        }
    }

    public struct EnvironmentInfo: Codable, Sendable {
        public var host: String
        public var cores: Int
        public var os: String
        public var gauntletVersion: String
        public var startedAt: Date
        public var endedAt: Date

        public static func current(startedAt: Date, endedAt: Date) -> EnvironmentInfo {
            let info = ProcessInfo.processInfo
            return EnvironmentInfo(
                host: info.hostName, cores: info.activeProcessorCount, os: info.operatingSystemVersionString,
                gauntletVersion: GauntletVersion.current, startedAt: startedAt, endedAt: endedAt)
        }
    }

    public struct RequestFigures: Codable, Sendable {
        public var completed: UInt64
        public var ok: UInt64
        public var errors: UInt64
        public var errorsByKind: [String: UInt64]
        public var latency: LatencyFigures
        public var serviceTime: LatencyFigures
    }

    /// HdrHistogram V2 compressed encodings, base64, values in microseconds (1 µs to 1 h,
    /// 3 significant digits), readable by the HdrHistogram libraries of other languages.
    public struct HistogramSet: Codable, Sendable {
        public var unit: String
        public var latency: String
        public var serviceTime: String
        public var scheduleLag: String
        public var byRequest: [String: RequestHistograms]
    }

    public struct RequestHistograms: Codable, Sendable {
        public var latency: String
        public var serviceTime: String
    }

    public struct ObjectiveRecord: Codable, Sendable {
        public var objective: String
        public var figure: String
        public var unit: String
        public var comparator: String
        public var threshold: Double
        public var warnThreshold: Double?
        public var key: Bool
        public var measured: Double?
        public var samples: UInt64
        public var margin: Double?
        public var verdict: String
        public var reason: String?

        public init(
            objective: String, figure: String, unit: String, comparator: String, threshold: Double,
            warnThreshold: Double?, key: Bool, measured: Double?, samples: UInt64, margin: Double?, verdict: String,
            reason: String?
        ) {
            self.objective = objective
            self.figure = figure
            self.unit = unit
            self.comparator = comparator
            self.threshold = threshold
            self.warnThreshold = warnThreshold
            self.key = key
            self.measured = measured
            self.samples = samples
            self.margin = margin
            self.verdict = verdict
            self.reason = reason
        }
    }
}

extension RunReport {
    /// Builds the report of a finished run.
    public init(
        scenario: ScenarioEcho?, summary: RunSummary, measurements: RunMeasurements, phases: [LoadPlan.PhaseSpan],
        objectives: [ObjectiveRecord], verdict: String, cost: CostFigures? = nil, quality: QualityFigures? = nil,
        server: ServerUsage? = nil
    ) {
        schema = Self.currentSchema
        self.scenario = scenario
        environment = .current(startedAt: measurements.startedAt, endedAt: measurements.endedAt)
        self.summary = summary
        self.phases = phases
        var requests: [String: RequestFigures] = [:]
        var byRequest: [String: RequestHistograms] = [:]
        for (name, recorder) in measurements.byRequest {
            let measured = recorder.measured
            requests[name] = RequestFigures(
                completed: measured.completed, ok: measured.ok, errors: measured.errors,
                errorsByKind: Dictionary(uniqueKeysWithValues: measured.errorsByKind.map { ($0.key.rawValue, $0.value) }),
                latency: LatencyFigures(recorder.latency), serviceTime: LatencyFigures(recorder.serviceTime))
            byRequest[name] = RequestHistograms(
                latency: recorder.latency.base64EncodedV2(), serviceTime: recorder.serviceTime.base64EncodedV2())
        }
        self.requests = requests
        let recorder = measurements.recorder
        histograms = HistogramSet(
            unit: "microseconds", latency: recorder.latency.base64EncodedV2(),
            serviceTime: recorder.serviceTime.base64EncodedV2(), scheduleLag: recorder.scheduleLag.base64EncodedV2(),
            byRequest: byRequest)
        self.objectives = objectives
        self.verdict = verdict
        self.cost = cost
        self.quality = quality
        self.server = server
    }

    public func encoded() throws -> Data {
        try ReportJSON.encoder().encode(self)
    }

    public static func decode(_ data: Data) throws -> RunReport {
        let report = try ReportJSON.decoder().decode(RunReport.self, from: data)
        guard report.schema == currentSchema else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "schema '\(report.schema)' is not \(currentSchema)"))
        }
        return report
    }
}

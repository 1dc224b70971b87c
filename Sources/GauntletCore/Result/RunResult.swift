import Foundation

/// Everything a run produced, as saved to `reports/<scenario>-<UTC>.json`: enough for every
/// later stage (re-rendering, gates, comparisons, merges) to work from the file alone.
/// Documented field by field in docs/report.md; fields are added, never silently renamed.
///
/// A live run, a merge of segments and a re-judged file all become a result the same way:
/// ``init(measurements:description:)`` assembles every figure, and the gate, from raw
/// measurements.
public struct RunResult: Codable, Sendable {
    public static let currentSchema = "gauntlet.report/v1"

    public var schema: String
    /// The scenario as written (secrets stay as `${NAME}` references); nil for `run --url`.
    public var scenario: ScenarioEcho?
    public var environment: EnvironmentInfo
    /// Counts, rates, percentiles, the generator's health, the per-second series and the
    /// configuration (with its seed) under `summary.plan`.
    public var summary: RunSummary
    /// The load phases on the run's timeline, with their figures.
    public var phases: [PhaseResult]
    /// Figures per request template.
    public var requests: [String: ScopeFigures]
    public var histograms: HistogramSet
    public var objectives: [ObjectiveRecord]
    public var verdict: RunVerdict
    /// Set when the run ended itself early: an `abort_on_fail` objective failed, or the target
    /// refused every connection. An aborted run is never a pass.
    public var aborted: AbortRecord?
    /// Judged with `--strict`: a warning is a failure, in the verdict and every report; absent otherwise.
    public var strict: Bool?
    /// Cost per prediction and its inputs, when the scenario has a cost section.
    public var cost: CostFigures?
    /// Predictions against expected labels, when the data has labels.
    public var quality: QualityFigures?
    /// A few failed requests per request and failure (status or kind), as they were seen:
    /// headers, the start of the body, libcurl's message; absent when nothing failed.
    public var failureSamples: [FailureSample]?
    /// The embedded reference server's resources over the run, when one was used.
    public var server: ServerUsage?
    /// The open-loop arrivals that were sent, as a fingerprint; absent in older reports.
    public var schedule: ScheduleDigest?
    /// Which share of the run this process sent and how its start went; absent for a whole run
    /// started at once.
    public var segment: SegmentRecord?
    /// In a merged result, the segments it was merged from, in order.
    public var mergedFrom: [SegmentRecord]?

    public func encoded() throws -> Data {
        try ResultJSON.encoder().encode(self)
    }

    public static func decode(_ data: Data) throws -> RunResult {
        let report = try ResultJSON.decoder().decode(RunResult.self, from: data)
        guard report.schema == currentSchema else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "schema '\(report.schema)' is not \(currentSchema)"))
        }
        return report
    }
}

/// One segment of a run split across machines, as its result records it.
public struct SegmentRecord: Codable, Sendable, Equatable {
    public var index: Int
    public var count: Int
    /// The agreed wall-clock start (RFC 3339, milliseconds), when one was given.
    public var startAt: String?
    /// How far after the agreed instant the schedule actually started on this machine's clock.
    public var startSkewMilliseconds: Double?
    /// The machine that sent it.
    public var host: String?

    public init(index: Int, count: Int, startAt: String?, startSkewMilliseconds: Double?, host: String?) {
        self.index = index
        self.count = count
        self.startAt = startAt
        self.startSkewMilliseconds = startSkewMilliseconds
        self.host = host
    }

    public init(segment: RunSegment, startAt: Date?, actualStart: Date, host: String) {
        index = segment.index
        count = segment.count
        self.startAt = startAt.map(StartTime.format)
        startSkewMilliseconds = startAt.map { actualStart.timeIntervalSince($0) * 1_000 }
        self.host = host
    }

    public var runSegment: RunSegment? { try? RunSegment(index: index, count: count) }
}

import Foundation

/// Everything `gauntlet compare` produced, as saved to `reports/<scenario>-compare-<UTC>.json`
/// (schema `gauntlet.comparison/v1`): per candidate its whole-run result and its blocks, per
/// figure the paired estimate with its interval, paired quality, and each objective's verdict
/// with the values, bounds and counts that decided it.
public struct CompareResult: Codable, Sendable {
    public static let currentSchema = "gauntlet.comparison/v1"

    public var schema: String
    public var scenario: RunResult.ScenarioEcho?
    public var environment: RunResult.EnvironmentInfo
    /// `interleaved` or `mirrored`; `unpaired` for two saved run reports (``UnpairedComparison``).
    public var mode: String
    /// The measured part's blocks, in seconds from the schedule's start, and the order the
    /// candidates were sent each block in.
    public var blocks: [BlockSpan]
    public var candidates: [CandidateResult]
    /// Each figure of each candidate against the baseline, from the block pairs.
    public var comparisons: [FigureComparison]
    /// Each candidate's predictions against the baseline's, on the same distinct rows.
    public var quality: [QualityComparison]
    public var objectives: [ObjectiveRecord]
    public var verdict: RunVerdict
    /// Judged with `--strict`; absent otherwise.
    public var strict: Bool?
    /// Two saved reports compared unpaired: the caveat, whether they were sent the same schedule,
    /// and what differs between them. Absent for a comparison that sent the traffic itself.
    public var unpaired: UnpairedNotes?

    public init(
        scenario: RunResult.ScenarioEcho?, environment: RunResult.EnvironmentInfo, mode: String, blocks: [BlockSpan],
        candidates: [CandidateResult], comparisons: [FigureComparison], quality: [QualityComparison],
        objectives: [ObjectiveRecord], verdict: RunVerdict
    ) {
        schema = Self.currentSchema
        self.scenario = scenario
        self.environment = environment
        self.mode = mode
        self.blocks = blocks
        self.candidates = candidates
        self.comparisons = comparisons
        self.quality = quality
        self.objectives = objectives
        self.verdict = verdict
    }

    public struct BlockSpan: Codable, Sendable, Equatable {
        public var index: Int
        public var startSeconds: Double
        public var endSeconds: Double
        /// Candidate names in the order they were sent this block.
        public var order: [String]

        public init(index: Int, startSeconds: Double, endSeconds: Double, order: [String]) {
            self.index = index
            self.startSeconds = startSeconds
            self.endSeconds = endSeconds
            self.order = order
        }
    }

    public struct CandidateResult: Codable, Sendable {
        public var name: String
        public var baseline: Bool
        /// Where its requests went: a URL, or the embedded reference server's.
        public var target: String
        /// (arrival index, intended offset, data rows) of every arrival sent to it: equal across
        /// candidates exactly when they were sent identical traffic.
        public var traffic: TrafficDigest
        /// Its blocks pooled: every figure, histogram and quality count of a run.
        public var result: RunResult
        public var blocks: [BlockFigures]
        /// The saved run report it was read from, in an unpaired comparison; absent otherwise.
        public var report: String?

        public init(
            name: String, baseline: Bool, target: String, traffic: TrafficDigest, result: RunResult, blocks: [BlockFigures],
            report: String? = nil
        ) {
            self.name = name
            self.baseline = baseline
            self.target = target
            self.traffic = traffic
            self.result = result
            self.blocks = blocks
            self.report = report
        }
    }

    /// One candidate's figures in one block.
    public struct BlockFigures: Codable, Sendable, Equatable {
        public var block: Int
        /// 0 when it went first in its block.
        public var position: Int
        public var completed: UInt64
        public var ok: UInt64
        public var errors: UInt64
        /// Of the successful requests: a candidate whose requests fail fast must not look faster
        /// (its failures are in the error rate).
        public var latency: LatencyFigures
        /// Successful requests per second over the block.
        public var throughput: Double
        /// The same figures of each request template in this block, for objectives on one
        /// request (`predict.latency.p99 <= baseline * 1.1`); absent in older reports.
        public var requests: [String: BlockFigures]?
        /// Generative answers' figures in this block; absent without them (and in older reports).
        public var tokens: BlockTokens?
        public var errorRate: Double { completed == 0 ? 0 : Double(errors) / Double(completed) }

        /// One block's token figures: TTFT and ITL of its successful answers, and its output tokens
        /// and goodput per second over the block.
        public struct BlockTokens: Codable, Sendable, Equatable {
            public var ttft: LatencyFigures
            public var itl: LatencyFigures
            public var tpot: LatencyFigures
            public var outputTokensPerSecond: Double
            public var goodput: Double

            public init(_ recorder: TokenRecorder, seconds: Double) {
                ttft = LatencyFigures(recorder.ttft)
                itl = LatencyFigures(recorder.itl)
                tpot = LatencyFigures(recorder.tpot)
                outputTokensPerSecond = seconds > 0 ? Double(recorder.outputTokens) / seconds : 0
                goodput = seconds > 0 ? Double(recorder.good) / seconds : 0
            }
        }

        public init(
            block: Int, position: Int, completed: UInt64, ok: UInt64, errors: UInt64, latency: LatencyFigures, throughput: Double,
            requests: [String: BlockFigures]? = nil
        ) {
            self.block = block
            self.position = position
            self.completed = completed
            self.ok = ok
            self.errors = errors
            self.latency = latency
            self.throughput = throughput
            self.requests = requests
        }
    }

    /// A figure of a candidate against the baseline's over the block pairs.
    public struct FigureComparison: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable { case ratio, difference }
        /// better, worse, `~` (no significant difference), or inconclusive (too few pairs).
        public enum Call: String, Codable, Sendable { case better, worse, same = "~", inconclusive }

        public var figure: String
        public var candidate: String
        public var kind: Kind
        public var pairs: Int
        /// The ratio candidate ÷ baseline (Hodges–Lehmann of the log ratios), or the difference.
        public var estimate: Double
        public var lower: Double?
        public var upper: Double?
        public var pValue: Double?
        /// Holm-adjusted across the report's significance claims.
        public var adjustedPValue: Double?
        public var call: Call
        /// The pooled whole-run figure of each, beside the paired estimate.
        public var baselinePooled: Double
        public var candidatePooled: Double
        /// What each whole-run figure rests on (successful requests, completed requests, distinct
        /// rows), in an unpaired comparison; absent otherwise.
        public var baselineSamples: UInt64?
        public var candidateSamples: UInt64?
        /// Why there is no interval, or what the one given does not account for; absent when nothing needs saying.
        public var note: String?
        /// A ratio's pair-to-pair spread: the robust standard deviation of the pairs' log ratios
        /// (``PairedRatioSampleSize``), from which the pairs a margin needs are planned.
        public var spread: Double?

        public init(
            figure: String, candidate: String, kind: Kind, pairs: Int, estimate: Double, lower: Double?, upper: Double?,
            pValue: Double?, adjustedPValue: Double?, call: Call, baselinePooled: Double, candidatePooled: Double,
            baselineSamples: UInt64? = nil, candidateSamples: UInt64? = nil, note: String? = nil, spread: Double? = nil
        ) {
            self.figure = figure
            self.candidate = candidate
            self.kind = kind
            self.pairs = pairs
            self.estimate = estimate
            self.lower = lower
            self.upper = upper
            self.pValue = pValue
            self.adjustedPValue = adjustedPValue
            self.call = call
            self.baselinePooled = baselinePooled
            self.candidatePooled = candidatePooled
            self.baselineSamples = baselineSamples
            self.candidateSamples = candidateSamples
            self.note = note
            self.spread = spread
        }
    }

    /// The figures compared, without a request's scope.
    static let unscopedFigures = ["latency.p50", "latency.p95", "latency.p99", "latency.p99.9", "throughput", "error_rate", "accuracy"]
        + ComparisonAnalysis.tokenRatioFigures

    /// `predict.latency.p99` → `latency.p99`; a whole-run figure is itself.
    public static func unscoped(_ figure: String) -> String {
        unscopedFigures.first { figure == $0 || figure.hasSuffix("." + $0) } ?? figure
    }

    /// A candidate's predictions against the baseline's, on the same distinct labelled rows.
    public struct QualityComparison: Codable, Sendable, Equatable {
        public var candidate: String
        public var paired: PairedQuality
        public var mcnemarPValue: Double
        public var mcnemarMethod: String
        public var adjustedPValue: Double?
        /// Accuracy of the candidate minus the baseline's, with its 95% interval (Newcombe).
        public var difference: Double?
        public var lower: Double?
        public var upper: Double?

        public init(
            candidate: String, paired: PairedQuality, mcnemarPValue: Double, mcnemarMethod: String, adjustedPValue: Double?,
            difference: Double?, lower: Double?, upper: Double?
        ) {
            self.candidate = candidate
            self.paired = paired
            self.mcnemarPValue = mcnemarPValue
            self.mcnemarMethod = mcnemarMethod
            self.adjustedPValue = adjustedPValue
            self.difference = difference
            self.lower = lower
            self.upper = upper
        }
    }

    /// An objective judged for one candidate: absolute on its pooled figure, relative on the
    /// interval's bound against the baseline.
    public struct ObjectiveRecord: Codable, Sendable, Equatable {
        public var objective: String
        public var candidate: String
        public var relative: Bool
        public var key: Bool
        /// The unit of `measured` and `threshold` for an absolute objective (`ms`, `fraction`, …);
        /// `ratio` or the figure's unit for a difference, for a relative one.
        public var unit: String
        /// The pooled figure (absolute) or the paired estimate (relative).
        public var measured: Double?
        public var lower: Double?
        public var upper: Double?
        /// The threshold in the figure's unit (absolute) or in the estimate's (relative: a ratio or a difference).
        public var threshold: Double
        /// Samples (absolute) or pairs or distinct rows (relative) the verdict rests on.
        public var samples: UInt64
        public var verdict: GateVerdict
        public var reason: String?

        public init(
            objective: String, candidate: String, relative: Bool, key: Bool, unit: String, measured: Double?, lower: Double?, upper: Double?,
            threshold: Double, samples: UInt64, verdict: GateVerdict, reason: String?
        ) {
            self.objective = objective
            self.candidate = candidate
            self.relative = relative
            self.key = key
            self.unit = unit
            self.measured = measured
            self.lower = lower
            self.upper = upper
            self.threshold = threshold
            self.samples = samples
            self.verdict = verdict
            self.reason = reason
        }
    }

    public func encoded() throws -> Data { try ResultJSON.encoder().encode(self) }

    public static func decode(_ data: Data) throws -> CompareResult {
        let result = try ResultJSON.decoder().decode(CompareResult.self, from: data)
        guard result.schema == currentSchema else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "schema '\(result.schema)' is not \(currentSchema)"))
        }
        return result
    }
}

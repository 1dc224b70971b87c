import Foundation

/// A validated scenario: what to send, to whom, how fast, and what must hold.
///
/// Text is kept as written (with `${SECRET}` references unresolved), so a scenario can be
/// echoed into a report without leaking secrets; the runner resolves them at send time.
public struct Scenario: Sendable, Equatable {
    public var file: String
    public var name: String
    public var description: String?
    /// The base URL; nil means the embedded reference server.
    public var target: String?
    public var requests: [RequestTemplate]
    public var data: [DataSource]
    public var load: LoadSection
    public var replay: ReplaySection?
    public var objectives: [ObjectiveEntry]
    public var cost: CostSection?
    /// How the embedded reference server serves; only without a `target`.
    public var server: ServingOptions?
    /// How to reach an https target: whom to trust, and the client certificate to present.
    public var tls: TLSSection?
    /// Environment variables the scenario references as `${NAME}`.
    public var secrets: [String]
    /// The embedded reference server's model repository (`server: models:`), resolved against
    /// the scenario's folder; nil lets the runner find one.
    public var serverModels: String? = nil
    /// The candidates a comparison sends the same traffic to (`candidates:`); empty for a
    /// scenario that runs against one target.
    public var candidates: [Candidate] = []
    /// How the candidates are compared; present exactly when there are candidates.
    public var compare: CompareSection? = nil
    /// How `gauntlet capacity` searches; its steps replace the load phases.
    public var capacity: CapacitySection? = nil
    /// What one generative answer must meet to count towards goodput (`goodput:`); nil counts
    /// every successful answer.
    public var goodput: GoodputLimits? = nil

    /// Whether any request is read for tokens (an `openai` body).
    public var readsTokens: Bool { requests.contains { ($0.body?.tokenReading ?? .none) != .none } }

    /// Whether this scenario compares candidates (`gauntlet compare`) rather than runs one target.
    public var comparesCandidates: Bool { !candidates.isEmpty }

    /// The candidate the others are judged against.
    public var baseline: Candidate? { candidates.first { $0.baseline } }
}

/// One kind of request in the mix.
public struct RequestTemplate: Sendable, Equatable {
    public var name: String
    /// Relative share of the mix.
    public var weight: Double
    public var method: String
    /// Path (and query) appended to the target; may hold `{{column}}` and `${SECRET}`.
    public var path: String
    public var headers: [Header]
    public var body: BodySpec?
    /// The data source whose rows fill `{{column}}` placeholders and bodies.
    public var data: String?
    /// Statuses that count as success; empty means any 1xx–3xx.
    public var expectedStatuses: [Int]
    public var checks: [ResponseCheck]
    /// How the predicted class of each row is read from an answer, for requests with labelled data.
    public var prediction: PredictionReading
    /// Where the request was declared.
    public var line: Int
    public var column: Int

    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public init(
        name: String, weight: Double, method: String, path: String, headers: [Header], body: BodySpec?, data: String?,
        expectedStatuses: [Int], checks: [ResponseCheck], prediction: PredictionReading = .automatic, line: Int, column: Int
    ) {
        self.name = name
        self.weight = weight
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.data = data
        self.expectedStatuses = expectedStatuses
        self.checks = checks
        self.prediction = prediction
        self.line = line
        self.column = column
    }
}

public enum BodySpec: Sendable, Equatable {
    /// Sent as written.
    case literal(String)
    /// `{{column}}` placeholders filled from a row of `data` (or only `${SECRET}`s when nil).
    case template(String, data: String?)
    /// A KServe V2 `infer` request built from a row's feature columns.
    case inferV2(InferV2Body)
    /// Sent byte for byte, nothing substituted (`run --url --body @file`).
    case bytes(Data)
    /// An OpenAI-compatible completion or chat request, its texts filled from a row of `data`
    /// (or only `${SECRET}`s when nil); its answers are read for tokens.
    case openAI(OpenAIBody, data: String?)

    /// How answers to a request with this body are read for tokens.
    public var tokenReading: TokenReading {
        if case .openAI(let body, _) = self { return body.tokenReading }
        return .none
    }
}

public struct InferV2Body: Sendable, Equatable {
    public var data: String
    public var input: String
    /// The tensor's shape; its first dimension is the batch, equal to `rows` or -1.
    public var shape: [Int]
    public var datatype: String
    /// Data rows one request carries, consecutive in the source's order (wrapping at its end).
    public var rows: Int

    public init(data: String, input: String, shape: [Int], datatype: String, rows: Int = InferV2Body.defaultRows) {
        self.data = data
        self.input = input
        self.shape = shape
        self.datatype = datatype
        self.rows = rows
    }
    public static let datatypes = ["FP32", "FP64", "FP16", "INT8", "INT16", "INT32", "INT64", "UINT8", "BOOL", "BYTES"]
    /// One row per request, as a model serving single predictions is called.
    public static let defaultRows = 1
    /// A bound on one request's rows: its body and the catalogue hold them all in memory.
    public static let maximumRows = 100_000
}

/// A check on a response body, beyond its status.
public enum ResponseCheck: Sendable, Equatable {
    case contains(String)
    case notContains(String)
}

/// A table of rows feeding request bodies (and expected answers).
public struct DataSource: Sendable, Equatable {
    public enum Format: String, Sendable { case csv, jsonl }
    public enum Order: String, Sendable { case sequential, shuffled }

    public var name: String
    /// As written in the scenario, and resolved against the scenario's folder.
    public var path: String
    public var resolvedPath: String
    public var format: Format
    public var order: Order
    /// The column holding the expected answer, kept out of the features.
    public var label: String?
    /// The feature columns, in order; nil means every column but the label and the filtered ones.
    public var features: [String]?
    /// Keep only rows whose column equals the value (e.g. `split: test`).
    public var filter: [String: String]
    /// Where the source was declared, for errors found when its file is read.
    public var line: Int
    public var column: Int
}

public struct LoadSection: Sendable, Equatable {
    public var phases: [LoadPhase]
    public var arrivals: ArrivalProcess
    /// The shape of gamma arrivals' gaps (`burstiness:`); 1 otherwise.
    public var burstiness: Double
    public var warmup: Nanoseconds
    public var seed: UInt64
    public var timeout: Nanoseconds
    public var connections: Int?
    /// HTTP/1.1 unless the scenario says `http: 2`.
    public var http: HTTPVersion
    /// Requests in flight on one connection at once (HTTP/2 streams); 1 for HTTP/1.1.
    public var streamsPerConnection: Int

    /// The defaults of a run, defined once: the scenario reader, `run --url` and the engine use these.
    public static let defaultSeed: UInt64 = 1
    /// Per request, connecting included.
    public static let defaultTimeout: Nanoseconds = 30 * TimeUnit.nanosecondsPerSecond
    /// Open connections across all workers, unless a closed phase needs more.
    public static let defaultConnections = 64
    /// How long `run --url` measures when no --duration is given.
    public static let defaultQuickLookDuration: Nanoseconds = 10 * TimeUnit.nanosecondsPerSecond

    public init(
        phases: [LoadPhase], arrivals: ArrivalProcess = .constant, warmup: Nanoseconds = 0, seed: UInt64 = defaultSeed,
        timeout: Nanoseconds = defaultTimeout, connections: Int? = nil, http: HTTPVersion = .http1_1,
        streamsPerConnection: Int = 1, burstiness: Double = 1
    ) {
        self.phases = phases
        self.arrivals = arrivals
        self.burstiness = burstiness
        self.warmup = warmup
        self.seed = seed
        self.timeout = timeout
        self.connections = connections
        self.http = http
        self.streamsPerConnection = streamsPerConnection
    }

    /// Why `streamsPerConnection` cannot be used with `http`, or nil when it can.
    public static func streamsProblem(_ streams: Int, http: HTTPVersion) -> String? {
        guard streams > http.streamLimit else { return nil }
        return http == .http1_1
            ? "\(streams) streams per connection need HTTP/2: HTTP/1.1 carries one request at a time on a connection"
            : "\(streams) streams per connection is more than \(http.streamLimit), the most Gauntlet keeps on one connection"
    }

    /// The connections a run opens: as set, or the default, raised so the busiest closed phase's
    /// requests fit on them (`streamsPerConnection` at a time on each).
    public var effectiveConnections: Int {
        let peak = phases.compactMap { phase -> Int? in
            if case .closed(let concurrency, _) = phase.kind { concurrency } else { nil }
        }.max() ?? 0
        return connections ?? max(Self.defaultConnections, (peak + streamsPerConnection - 1) / streamsPerConnection)
    }

    /// Requests that can be in flight at once: every connection's streams.
    public var inFlightLimit: Int { effectiveConnections * streamsPerConnection }
}

public struct LoadPhase: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case constant(rate: Double)
        case ramp(from: Double, to: Double)
        /// `steps` equal plateaus from `from` to `to`.
        case step(from: Double, to: Double, steps: Int)
        /// `base` rate, with `peak` for `spikeDuration` starting `at` into the phase.
        case spike(base: Double, peak: Double, at: Nanoseconds, spikeDuration: Nanoseconds)
        case pause
        /// Closed loop: `concurrency` requests in flight.
        case closed(concurrency: Int, thinkTime: Nanoseconds)
    }

    public var kind: Kind
    public var duration: Nanoseconds
    public var line: Int

    public init(kind: Kind, duration: Nanoseconds, line: Int = 0) {
        self.kind = kind
        self.duration = duration
        self.line = line
    }

    public var isClosedLoop: Bool { if case .closed = kind { true } else { false } }

    public static let kindNames = ["constant", "ramp", "step", "spike", "pause", "closed"]
}

public struct ReplaySection: Sendable, Equatable {
    public var path: String
    public var resolvedPath: String
    public var speed: Double
}

/// An objective as written; the gate parses and validates its expression.
public struct ObjectiveEntry: Sendable, Equatable {
    public var expression: String
    public var warn: String?
    public var key: Bool
    public var line: Int
    public var column: Int
    /// `abort_on_fail: true` (and `abort_grace`): end the run as soon as it fails.
    public var abort: AbortRule? = nil
}

public struct CostSection: Sendable, Equatable {
    /// Price of one instance of the serving capacity per hour.
    public var hourlyPrice: Double
    public var instances: Int
    public var currency: String
    /// Predictions one request carries (its batch size); a V2 body's `rows` when absent.
    public var predictionsPerRequest: Int?

    public init(hourlyPrice: Double, instances: Int, currency: String, predictionsPerRequest: Int?) {
        self.hourlyPrice = hourlyPrice
        self.instances = instances
        self.currency = currency
        self.predictionsPerRequest = predictionsPerRequest
    }
}

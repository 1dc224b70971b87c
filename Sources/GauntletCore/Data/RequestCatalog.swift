import Foundation

/// One concrete request: a template filled from a data row, secrets substituted.
public struct MaterializedRequest: Sendable, Equatable {
    /// Index of its template in the scenario's request list.
    public var template: Int
    public var method: String
    public var path: String
    /// `Name: value` lines.
    public var headers: [String]
    public var body: Data?
    /// The data rows it carries (0-based, after the source's filter), in the body's order;
    /// empty without data.
    public var rows: [Int]
    /// Each carried row's expected answer, in the same order, when the data source names a
    /// label column; empty otherwise.
    public var labels: [String]

    public init(
        template: Int, method: String, path: String, headers: [String], body: Data?, rows: [Int] = [], labels: [String] = []
    ) {
        precondition(labels.isEmpty || labels.count == rows.count, "a label for each carried row")
        self.template = template
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.rows = rows
        self.labels = labels
    }
}

/// Every request a run can send, and which one arrival *n* sends: a pure function of *n* and
/// the seed, so the same seed replays the same payload sequence whatever the worker count.
public struct RequestCatalog: Sendable {
    public let templateNames: [String]
    /// Each template's relative share of the mix, as written.
    public let weights: [Double]
    public let requests: [MaterializedRequest]
    /// How each template's answers are read for their predictions.
    public let predictionReadings: [PredictionReading]
    /// How each template's answers are read for tokens (generative requests).
    public let tokenReadings: [TokenReading]
    /// Each template's most output tokens per answer (`max_tokens`, else the OpenAI default of
    /// 16); 0 for a template not read for tokens.
    public let maximumTokens: [Int]
    /// The requests of each template, as a range of `requests`, in the order they are sent (a
    /// shuffled source's order is already in them).
    let ranges: [Range<Int>]
    let cumulativeWeights: [Double]
    let seed: UInt64

    init(templateNames: [String], requests: [MaterializedRequest], ranges: [Range<Int>], weights: [Double], seed: UInt64,
         predictionReadings: [PredictionReading]? = nil, tokenReadings: [TokenReading]? = nil, maximumTokens: [Int]? = nil) {
        self.templateNames = templateNames
        self.weights = weights
        self.requests = requests
        self.ranges = ranges
        self.predictionReadings = predictionReadings ?? templateNames.map { _ in .automatic }
        self.tokenReadings = tokenReadings ?? templateNames.map { _ in .none }
        self.maximumTokens = maximumTokens ?? templateNames.map { _ in 0 }
        var total = 0.0
        cumulativeWeights = weights.map { total += $0; return total }
        self.seed = seed
    }

    /// A catalogue of one request (for `gauntlet run --url`).
    public static func single(
        _ request: MaterializedRequest, name: String = "request", tokenReading: TokenReading = .none
    ) -> RequestCatalog {
        RequestCatalog(
            templateNames: [name], requests: [request], ranges: [0..<1], weights: [1], seed: 0,
            tokenReadings: [tokenReading])
    }

    /// The labelled rows one request of `template` carries, on average over its requests: its
    /// batch when its data names a label column, else 0.
    public func labelledRows(template: Int) -> Double {
        let range = ranges[template]
        guard !range.isEmpty else { return 0 }
        return Double(requests[range].reduce(0) { $0 + $1.labels.count }) / Double(range.count)
    }

    /// Which request arrival `n` sends.
    public func requestIndex(forArrival n: Int) -> Int {
        let template: Int
        if cumulativeWeights.count == 1 {
            template = 0
        } else {
            var mixer = SplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15))
            let point = mixer.nextUnitInterval() * cumulativeWeights[cumulativeWeights.count - 1]
            template = cumulativeWeights.firstIndex { point < $0 } ?? cumulativeWeights.count - 1
        }
        let range = ranges[template]
        return range.lowerBound + n % range.count
    }
}

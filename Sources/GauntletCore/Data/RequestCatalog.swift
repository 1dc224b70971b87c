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
    /// The row's expected answer, when the data source names a label column.
    public var label: String?
    /// The data row it was filled from (0-based, after the source's filter); nil without data.
    public var row: Int?

    public init(template: Int, method: String, path: String, headers: [String], body: Data?, label: String?, row: Int? = nil) {
        self.template = template
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.label = label
        self.row = row
    }
}

/// Every request a run can send, and which one arrival *n* sends: a pure function of *n* and
/// the seed, so the same seed replays the same payload sequence whatever the worker count.
public struct RequestCatalog: Sendable {
    public let templateNames: [String]
    public let requests: [MaterializedRequest]
    /// The requests of each template, as a range of `requests`.
    let ranges: [Range<Int>]
    /// Row visiting order per template (a seeded permutation when shuffled).
    let orders: [[Int]]
    let cumulativeWeights: [Double]
    let seed: UInt64

    init(templateNames: [String], requests: [MaterializedRequest], ranges: [Range<Int>], orders: [[Int]],
         weights: [Double], seed: UInt64) {
        self.templateNames = templateNames
        self.requests = requests
        self.ranges = ranges
        self.orders = orders
        var total = 0.0
        cumulativeWeights = weights.map { total += $0; return total }
        self.seed = seed
    }

    /// A catalogue of one request (for `gauntlet run --url`).
    public static func single(_ request: MaterializedRequest, name: String = "request") -> RequestCatalog {
        RequestCatalog(templateNames: [name], requests: [request], ranges: [0..<1], orders: [[0]], weights: [1], seed: 0)
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
        let order = orders[template]
        return ranges[template].lowerBound + order[n % order.count]
    }
}

/// A failed request as it was seen, for a person working out why: its status and headers,
/// the start of its body, libcurl's own message and the address it went to.
public struct FailureSample: Codable, Sendable, Equatable {
    /// The request template's name.
    public var request: String
    /// The error kind (``ErrorKind`` raw value).
    public var kind: String
    /// The HTTP status, or 0 when no answer came.
    public var status: Int
    /// Seconds from the run's start, by the request's intended send time.
    public var atSeconds: Double
    /// Where it went: the IP and port connected to, or the URL's host when none was reached.
    public var address: String?
    /// libcurl's error text (its error buffer), for failures below HTTP.
    public var message: String?
    /// The response's header lines, status line first; capped.
    public var headers: [String]?
    /// The response body's first bytes, as text (invalid UTF-8 replaced); capped.
    public var body: String?

    public init(
        request: String, kind: String, status: Int, atSeconds: Double, address: String? = nil, message: String? = nil,
        headers: [String]? = nil, body: String? = nil
    ) {
        self.request = request
        self.kind = kind
        self.status = status
        self.atSeconds = atSeconds
        self.address = address
        self.message = message
        self.headers = headers
        self.body = body
    }

    /// Samples are kept per request and per distinct failure: status for HTTP answers, kind otherwise.
    var key: String { "\(request)\u{1F}\(kind)\u{1F}\(status)" }
}

/// A few failed requests per request template and failure (status or kind): the first ones
/// by intended send time, so the same run keeps the same samples whatever the worker count,
/// and merged segments keep the earliest of theirs.
public struct FailureSamples: Sendable, Equatable {
    /// Kept per request and failure.
    public static let perFailure = 3
    /// The start of a body kept, in bytes.
    public static let bodyBytes = 512
    /// Header lines kept.
    public static let headerLines = 20

    public private(set) var samples: [String: [FailureSample]] = [:]

    public init() {}

    public init(_ samples: [FailureSample]) {
        for sample in samples { add(sample) }
    }

    /// Whether a failure of this request, kind and status would be kept, so the caller need
    /// not build a sample (read headers, copy a body) that would be dropped.
    public func wants(request: String, kind: ErrorKind, status: Int, atSeconds: Double) -> Bool {
        let kept = samples[FailureSample(request: request, kind: kind.rawValue, status: status, atSeconds: 0).key] ?? []
        return kept.count < Self.perFailure || atSeconds < kept.last!.atSeconds
    }

    public mutating func add(_ sample: FailureSample) {
        var kept = samples[sample.key] ?? []
        let position = kept.firstIndex { sample.atSeconds < $0.atSeconds } ?? kept.endIndex
        guard position < Self.perFailure else { return }
        kept.insert(sample, at: position)
        if kept.count > Self.perFailure { kept.removeLast() }
        samples[sample.key] = kept
    }

    public mutating func merge(_ other: FailureSamples) {
        for sample in other.samples.values.joined() { add(sample) }
    }

    /// Every sample, by request, then failure, then time.
    public var all: [FailureSample] {
        samples.values.joined().sorted { ($0.request, $0.kind, $0.status, $0.atSeconds) < ($1.request, $1.kind, $1.status, $1.atSeconds) }
    }
}

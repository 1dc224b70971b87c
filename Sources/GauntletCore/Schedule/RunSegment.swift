/// Which share of one run a process sends when the run is split across machines: segment
/// `index` (1-based) of `count`.
///
/// Segments stripe the one global schedule, as the engine stripes it across worker threads:
/// open-loop arrival *n* belongs to segment *(n mod count) + 1* and keeps its global intended
/// time, so the segments together send exactly what one process would. Integer amounts
/// (closed-loop concurrency, connections) are split so the shares add up to the whole.
public struct RunSegment: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// The whole run: segment 1 of 1.
    public static let whole = RunSegment(uncheckedIndex: 1, count: 1)

    /// The most segments a run may be split into.
    public static let maximumCount = 10_000

    private init(uncheckedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Segment `index` of `count`, or why not.
    public init(index: Int, count: Int) throws(RunSegmentError) {
        guard (1...Self.maximumCount).contains(count) else {
            throw RunSegmentError("the number of segments must be 1–\(Self.maximumCount), not \(count)")
        }
        guard (1...count).contains(index) else {
            throw RunSegmentError("segment \(index) does not exist in \(count) segment(s); segments are numbered 1 to \(count)")
        }
        self.init(uncheckedIndex: index, count: count)
    }

    /// Reads `K/N`, e.g. `2/4`.
    public init(parsing text: String) throws(RunSegmentError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let count = Int(parts[1].trimmingCharacters(in: .whitespaces))
        else {
            throw RunSegmentError("'\(text)' is not a segment; write K/N, e.g. 2/4 for the second of four")
        }
        try self.init(index: index, count: count)
    }

    public var isWhole: Bool { count == 1 }

    /// Whether global arrival `n` (0-based) is this segment's to send.
    public func owns(arrival n: Int) -> Bool { n % count == index - 1 }

    /// This segment's share of `total`: the first `total mod count` segments get one more, so
    /// the shares add up to `total` exactly.
    public func share(of total: Int) -> Int { Self.share(of: total, part: index - 1, parts: count) }

    /// Share `part` (0-based) of `parts` of `total`, split as evenly as possible.
    public static func share(of total: Int, part: Int, parts: Int) -> Int {
        total / parts + (part < total % parts ? 1 : 0)
    }

    /// `2/4`.
    public var description: String { "\(index)/\(count)" }

    // Saved as {"index": K, "count": N}.
    private enum CodingKeys: String, CodingKey { case index, count }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let index = try container.decode(Int.self, forKey: .index)
        let count = try container.decode(Int.self, forKey: .count)
        do {
            try self.init(index: index, count: count)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .index, in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(index, forKey: .index)
        try container.encode(count, forKey: .count)
    }
}

public struct RunSegmentError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension LoadModel {
    /// This model as `segment` sends it: each closed-loop window keeps the segment's share of
    /// its concurrency (the open-loop stripe is taken by the engine, arrival by arrival).
    public func segment(_ segment: RunSegment) -> LoadModel {
        var model = self
        for index in model.closedWindows.indices {
            model.closedWindows[index].concurrency = segment.share(of: model.closedWindows[index].concurrency)
        }
        return model
    }
}

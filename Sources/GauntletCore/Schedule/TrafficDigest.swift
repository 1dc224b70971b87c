/// An order-independent fingerprint of the traffic a candidate was sent: for each open-loop
/// arrival, its global index, its intended offset in the whole schedule, and its payload's
/// identity (the request kind and the data rows it carried, not the bytes, which differ by the
/// candidate's variables).
///
/// Two candidates with equal digests were sent the same arrivals at the same intended offsets with
/// the same rows, but for a 2⁻⁶⁴ chance: the proof that a comparison's traffic was identical. Like
/// ``ScheduleDigest``, it is a count and a wrapping sum, so the digests of blocks, workers or
/// segments add up to the whole, in any order. Closed-loop sends have no schedule and are not in it.
public struct TrafficDigest: Sendable, Equatable, Codable {
    public private(set) var arrivals: UInt64 = 0
    public private(set) var sum: UInt64 = 0

    public init() {}

    /// Adds one arrival.
    /// - Parameters:
    ///   - intended: its offset in the whole schedule (a block's rebased offset plus the block's start).
    ///   - payload: ``payload(of:)`` of the request it sent.
    @inline(__always)
    public mutating func add(index: Int, intended: Nanoseconds, payload: UInt64) {
        arrivals &+= 1
        sum &+= ScheduleDigest.mix(ScheduleDigest.hash(index: index, intended: intended) ^ payload)
    }

    public mutating func merge(_ other: TrafficDigest) {
        arrivals &+= other.arrivals
        sum &+= other.sum
    }

    /// The identity of what a request carries: its kind (template) and its data rows, in order.
    public static func payload(of request: MaterializedRequest) -> UInt64 {
        payload(template: request.template, rows: request.rows)
    }

    public static func payload(template: Int, rows: [Int]) -> UInt64 {
        var hash = ScheduleDigest.mix(UInt64(truncatingIfNeeded: template))
        for row in rows { hash = ScheduleDigest.mix(hash ^ UInt64(truncatingIfNeeded: row)) }
        return hash
    }

    // Saved as {"arrivals": n, "digest": "16 hex digits"}, as a schedule digest is.
    private enum CodingKeys: String, CodingKey { case arrivals, digest }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        arrivals = try container.decode(UInt64.self, forKey: .arrivals)
        let text = try container.decode(String.self, forKey: .digest)
        guard text.count == 16, let value = UInt64(text, radix: 16) else {
            throw DecodingError.dataCorruptedError(forKey: .digest, in: container, debugDescription: "'\(text)' is not 16 hex digits")
        }
        sum = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(arrivals, forKey: .arrivals)
        try container.encode(hex, forKey: .digest)
    }

    /// The digest as reports write it: 16 hex digits.
    public var hex: String { ScheduleDigest.hex(sum) }
}

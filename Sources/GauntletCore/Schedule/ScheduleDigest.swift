/// An order-independent fingerprint of the open-loop arrivals a run sent: how many, and the
/// wrapping sum of a 64-bit hash of each arrival's (index, intended time).
///
/// Sums commute, so the digests of segments (or workers) that sent disjoint shares of one
/// schedule add up to the digest of a single run that sent the same arrivals, and two equal
/// digests mean the same set of intended sends, but for a 2⁻⁶⁴ chance. Closed-loop sends have
/// no schedule and are not in it.
public struct ScheduleDigest: Sendable, Equatable, Codable {
    public private(set) var arrivals: UInt64 = 0
    public private(set) var sum: UInt64 = 0

    public init() {}

    @inline(__always)
    public mutating func add(index: Int, intended: Nanoseconds) {
        arrivals &+= 1
        sum &+= Self.hash(index: index, intended: intended)
    }

    public mutating func merge(_ other: ScheduleDigest) {
        arrivals &+= other.arrivals
        sum &+= other.sum
    }

    /// SplitMix64's finalizer, twice: every bit of both inputs moves every bit of the hash.
    @inline(__always)
    static func hash(index: Int, intended: Nanoseconds) -> UInt64 {
        mix(mix(UInt64(truncatingIfNeeded: index)) ^ intended)
    }

    /// SplitMix64's finalizer.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    // Saved as {"arrivals": n, "digest": "16 hex digits"}: a JSON number loses bits past 2^53.
    private enum CodingKeys: String, CodingKey { case arrivals, digest }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        arrivals = try container.decode(UInt64.self, forKey: .arrivals)
        let text = try container.decode(String.self, forKey: .digest)
        guard let value = UInt64(text, radix: 16) else {
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
    public var hex: String { Self.hex(sum) }

    /// `value` as 16 hex digits, zero-padded: how every digest is saved and shown.
    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

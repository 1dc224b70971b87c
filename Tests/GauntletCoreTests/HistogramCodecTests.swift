import Foundation
import GauntletCore
import Histogram
import Testing

/// The HdrHistogram V2 codec: the design doc's vector, round trips, the varint, every
/// rejection, and interoperability with the Python package through committed fixtures.
/// Percentiles here are the library's (Java's rounding: the target count is rounded up).
@Suite struct HistogramCodecTests {
    // MARK: The design doc's test vector (the HdrHistogram V2 format), from Python.

    static let vectorBase64 = "HISTFAAAADh4nJNpmSzMwMAgwQABzFCaEURcm7yEwf4DVICJiWk/I9Nctgv8T9mZdlswbUxjWryHkQkAC+ELSA=="
    static let vectorPayloadHex = "1c849313000000180000000000000003000000000000000100000000d693a4003ff0000000000000"
        + "01020202bf01029d06d00fe50702bb3802b16602a3bc0102"

    static var vectorHistogram: LatencyHistogram {
        latency([(1, 1), (2, 1), (3, 1), (100, 1), (1000, 1), (12345, 1), (999_999, 1), (3_600_000_000, 1), (500, 1000)])
    }

    @Test func designDocVectorDecodesToItsStatedFigures() throws {
        let decoded = try LatencyHistogram(base64EncodedV2: Self.vectorBase64)
        #expect(decoded == Self.vectorHistogram)
        #expect(decoded.totalCount == 1008 && decoded.countForValue(500) == 1000)
        #expect(decoded.valueAtPercentile(50) == 500 && decoded.valueAtPercentile(99) == 500)  // both roundings agree here
        #expect(decoded.max == 3_600_809_983)
    }

    @Test func designDocVectorEncodesToPythonsInflatedBytes() throws {
        let histogram = Self.vectorHistogram
        #expect(histogram.encodedV2Uncompressed() == Self.hex(Self.vectorPayloadHex))
        let layout = HistogramBucketLayout(of: histogram)
        #expect(layout.countsLength == 23552 && layout.index(of: 3_600_000_000) == 23220)
        let encoded = histogram.encodedV2()
        #expect(Array(encoded.prefix(4)) == [0x1C, 0x84, 0x93, 0x14])
        #expect(Int(encoded.dropFirst(4).prefix(4).reduce(0) { $0 << 8 | UInt32($1) }) == encoded.count - 8)
        #expect(encoded[8] == 0x78)  // an RFC 1950 zlib header, not raw deflate or gzip
        #expect(histogram.base64EncodedV2().hasPrefix("HISTF"))
    }

    // MARK: Round trips.

    /// A named input, so test output shows the name rather than a whole histogram.
    struct Row<Input: Sendable>: Sendable, CustomTestStringConvertible {
        let name: String, input: Input, kind: String
        init(_ name: String, _ input: Input, _ kind: String = "") {
            self.name = name
            self.input = input
            self.kind = kind
        }
        var testDescription: String { name }
    }

    static let decades: [(UInt64, UInt64)] = [3, 36, 360, 3_600, 36_000, 360_000, 3_600_000, 36_000_000, 360_000_000, 3_600_000_000]
        .enumerated().map { ($1, UInt64($0 + 1)) }
    static let spread: [(UInt64, UInt64)] = (1...4000).map { (i: UInt64) in (1 + i * i * 224, i % 7) }
    static let dense: [(UInt64, UInt64)] = (0..<3000).map { (i: UInt64) in (i, i + 1) }

    static let roundTrips: [Row<LatencyHistogram>] = [
        .init("empty", latency([])),
        .init("value 0 only", latency([(0, 3)])),
        .init("single value", latency([(1234, 1)])),
        .init("every decade of 1 µs to 1 h", latency(decades)),
        .init("spread over the whole range", latency(spread)),
        .init("large counts", latency([(1, UInt64(Int64.max) / 4), (2_000, 1 << 40), (3_600_000_000, UInt64(Int64.max) / 4)])),
        .init("max needing every bucket", latency([(5, 1), (3_600_000_000, 2)])),
        .init("dense low range", latency(dense)),
        .init("lowest 1000, 2 digits", make(1000, 1 << 40, .two, [(999, 1), (1000, 2), (123_456_789, 3), (1 << 40, 4)])),
        .init("0 digits", make(1, 1_000_000, .zero, [(1, 1), (7, 2), (999_999, 3)])),
        .init("5 digits", make(1, 2_000_000, .five, [(1, 1), (262_143, 2), (1_999_999, 3)])),
    ]

    /// V2 keeps counts by bucket, not the exact extremes, and the library clamps percentiles
    /// to the raw extremes: so percentiles match the original's to its resolution (the top
    /// of the bucket, as Java reports them), and exactly from the first decode on.
    @Test(arguments: roundTrips)
    func roundTripIsExact(row: Row<LatencyHistogram>) throws {
        let histogram = row.input
        let decoded = try LatencyHistogram(decodingV2: histogram.encodedV2())
        #expect(decoded == histogram)
        #expect(decoded.highestTrackableValue == histogram.highestTrackableValue)
        #expect(Self.buckets(of: decoded) == Self.buckets(of: histogram))
        #expect(decoded.max == histogram.max && decoded.maxRecorded == histogram.max)
        let again = try LatencyHistogram(decodingV2: decoded.encodedV2())
        for percentile in Array(stride(from: 0.0, through: 100.0, by: 2.5)) + [0.1, 99.9, 99.99, 99.999] {
            let original = histogram.valueAtPercentile(percentile)
            let expected = percentile == 0 ? original : histogram.highestEquivalentForValue(original)
            #expect(decoded.valuesAreEquivalent(decoded.valueAtPercentile(percentile), original), "p\(percentile)")
            if percentile > 0 { #expect(decoded.valueAtPercentile(percentile) == expected, "p\(percentile)") }
            #expect(again.valueAtPercentile(percentile) == decoded.valueAtPercentile(percentile), "p\(percentile)")
        }
        #expect(again == decoded && again.maxRecorded == decoded.maxRecorded && again.min == decoded.min)
        #expect(try LatencyHistogram(base64EncodedV2: histogram.base64EncodedV2()) == histogram)
        #expect(try LatencyHistogram(decodingV2: histogram.encodedV2Uncompressed()) == histogram)
        #expect(decoded.encodedV2Uncompressed() == histogram.encodedV2Uncompressed())
    }

    @Test func bothSpellingsOfASingleZeroAndCookieVariantsDecode() throws {
        let expected = Self.latency([(1, 1), (3, 1)])  // counts [0, 1, 0, 1]
        let java = Self.v2([0, 1, 0, 1])
        let python = Self.v2([-1, 1, -1, 1])
        let otherWordSize = Self.v2([-1, 1, -1, 1], cookie: 0x1C84_9323)
        for bytes in [java, python, otherWordSize] {
            #expect(try LatencyHistogram(decodingV2: bytes) == expected)
            #expect(try LatencyHistogram(decodingV2: Self.compressed(bytes, cookie: 0x1C84_9304)) == expected)
        }
    }

    /// Our index arithmetic must agree with the library's at every index, or counts move.
    @Test(arguments: [(1, 3_600_000_000, .three), (1000, 1 << 40, .two), (1, 2, .zero), (3, 10_000_000, .five)]
        as [(UInt64, UInt64, SignificantDigits)])
    func layoutAgreesWithTheLibraryAtEveryIndex(lowest: UInt64, highest: UInt64, digits: SignificantDigits) {
        let histogram = Self.make(lowest, highest, digits, [])
        let layout = HistogramBucketLayout(of: histogram)
        var value: UInt64 = 0
        var mismatches = 0
        for index in 0..<layout.countsLength {
            if layout.value(at: index) != value || layout.index(of: value) != index { mismatches += 1 }
            value = histogram.nextNonEquivalentForValue(value)
        }
        #expect(mismatches == 0)
    }

    // MARK: Varint and ZigZag.

    @Test(arguments: [
        (0, "00"), (-1, "01"), (1, "02"), (-2, "03"), (63, "7e"), (-64, "7f"), (64, "8001"), (1000, "d00f"),
        (-96, "bf01"), (-399, "9d06"), (-3614, "bb38"), (8191, "fe7f"), (-8193, "818001"), (1 << 40, "808080808040"),
        ((1 << 55) - 1, "feffffffffffff7f"), (1 << 55, "808080808080808001"), (-(1 << 62), "ffffffffffffffff7f"),
        (Int64.max, "feffffffffffffffff"), (Int64.min, "ffffffffffffffffff"),
    ] as [(Int64, String)])
    func varintRows(value: Int64, hex: String) {
        #expect(ZigZagVarint.encode(value) == Array(Self.hex(hex)))
        #expect(ZigZagVarint.decode(Array(Self.hex(hex))) == value)
    }

    @Test(arguments: [(0, 0), (-1, 1), (1, 2), (-2, 3), (Int64.max, UInt64.max - 1), (Int64.min, UInt64.max)] as [(Int64, UInt64)])
    func zigZagRows(value: Int64, mapped: UInt64) {
        #expect(ZigZagVarint.zigZag(value) == mapped)
        #expect(ZigZagVarint.unZigZag(mapped) == value)
    }

    @Test(arguments: ["", "80", "ff", "ffffffffffffffff", "0000"])
    func varintRejectsCutOrOverlongBuffers(hex: String) {
        #expect(ZigZagVarint.decode(Array(Self.hex(hex))) == nil)
    }

    // MARK: Rejections.

    static var good: Data { vectorHistogram.encodedV2() }

    static let rejections: [Row<Data>] = [
        .init("three bytes", Data([0x1C, 0x84, 0x93]), "truncated"),
        .init("V2 cookie cut before its length", good.prefix(6), "truncated"),
        .init("compressed bytes cut short", good.dropLast(5), "truncated"),
        .init("V1 cookie", Self.hex("1c849301") + good.dropFirst(4), "badCookie"),
        .init("not a histogram", Data("{\"p99\": 12}".utf8), "badCookie"),
        .init("zlib header damaged", replacing(good, at: 8, with: 0x00), "badZlib"),
        .init("Adler-32 damaged", replacing(good, at: good.count - 1, with: good.last! ^ 0xFF), "badZlib"),
        .init("raw deflate", compressed(v2([1]), cookie: 0x1C84_9314, zlibHeader: false), "badZlib"),
        .init("bytes after the zlib stream", compressed(v2([1]), cookie: 0x1C84_9314, extra: [0]), "badZlib"),
        .init("byte after the compressed part", good + [0], "payloadLengthMismatch"),
        .init("header claims a longer payload", compressed(v2([1], payloadLength: 2), cookie: 0x1C84_9314), "payloadLengthMismatch"),
        .init("header claims a shorter payload", compressed(v2([1, 1], payloadLength: 1), cookie: 0x1C84_9314), "payloadLengthMismatch"),
        .init("inflated header cut short", compressed(Array(v2([1]).prefix(20)), cookie: 0x1C84_9314), "truncated"),
        .init("uncompressed header cut short", v2([1]).prefix(20), "truncated"),
        .init("uncompressed payload cut short", v2([1000, 1]).dropLast(1), "truncated"),
        .init("uncompressed with a byte after it", v2([1]) + [0], "payloadLengthMismatch"),
        .init("varint cut by the payload's end", v2(raw: [0x80]), "truncated"),
        .init("6 significant digits", v2([1], digits: 6), "layoutMismatch"),
        .init("lowest 0", v2([1], lowest: 0), "layoutMismatch"),
        .init("highest below twice lowest", v2([1], lowest: 10, highest: 19), "layoutMismatch"),
        .init("normalizing index offset", v2([1], normalizingIndexOffset: 1), "layoutMismatch"),
        .init("counts past the layout's end", v2([-23552, 1]), "layoutMismatch"),
        .init("zero run of Int64.min", v2([Int64.min]), "layoutMismatch"),
        .init("payload longer than any layout needs", compressed(v2([1], payloadLength: 23552 * 9 + 1), cookie: 0x1C84_9314), "layoutMismatch"),
    ]

    @Test(arguments: rejections)
    func garbageIsRejected(row: Row<Data>) {
        #expect(Self.kind(of: { _ = try LatencyHistogram(decodingV2: row.input) }) == row.kind)
    }

    @Test func rejectionsNameWhatIsWrong() {
        #expect(throws: HistogramCodecError.invalidBase64) { try LatencyHistogram(base64EncodedV2: "HISTF@@") }
        #expect(throws: HistogramCodecError.badCookie(0x1C84_9301)) { try LatencyHistogram(decodingV2: Self.hex("1c84930100")) }
        #expect(throws: HistogramCodecError.truncated(needed: 4, available: 0)) { try LatencyHistogram(decodingV2: Data()) }
        #expect(throws: HistogramCodecError.payloadLengthMismatch(declared: Self.good.count - 8, actual: Self.good.count - 7)) {
            try LatencyHistogram(decodingV2: Self.good + [0])
        }
        #expect(HistogramCodecError.badCookie(0x1234).description == "not an HdrHistogram V2 encoding: cookie 0x1234")
    }

    // MARK: Interoperability with the Python package (Fixtures/hdrhistogram, made by make_fixture.py).

    struct PythonExpected: Decodable {
        let lowest: UInt64, highest: UInt64, significantDigits: Int8, totalCount: UInt64, maxValue: UInt64
        let recorded: [[UInt64]], buckets: [[UInt64]], inflatedV2Hex: String
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/hdrhistogram")

    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    static func pythonExpected() throws -> (PythonExpected, LatencyHistogram) {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let expected = try decoder.decode(PythonExpected.self, from: Data(try fixture("python-expected.json").utf8))
        return (expected, latency(expected.recorded.map { ($0[0], $0[1]) }))
    }

    @Test func decodesWhatPythonEncoded() throws {
        let (expected, recorded) = try Self.pythonExpected()
        let decoded = try LatencyHistogram(base64EncodedV2: try Self.fixture("python-encoded.txt"))
        #expect(decoded.lowestDiscernibleValue == expected.lowest && decoded.highestTrackableValue == expected.highest)
        #expect(decoded.numberOfSignificantValueDigits.rawValue == expected.significantDigits)
        #expect(decoded.totalCount == expected.totalCount)
        #expect(Self.buckets(of: decoded) == expected.buckets)
        #expect(decoded.maxRecorded == expected.maxValue)
        #expect(decoded == recorded)
        // The same data, encoded by us: byte for byte Python's inflated V2 bytes.
        #expect(recorded.encodedV2Uncompressed() == Self.hex(expected.inflatedV2Hex))
    }

    /// `swift-encoded.txt` is our encoding of the same data, checked once with Python's
    /// decoder by `check_swift_encoded.py`. Set GAUNTLET_WRITE_HISTOGRAM_FIXTURE=1 to rewrite it.
    @Test func swiftEncodedFixtureIsStillWhatWeEncode() throws {
        let (_, recorded) = try Self.pythonExpected()
        let path = Self.fixtures.appendingPathComponent("swift-encoded.txt")
        if ProcessInfo.processInfo.environment["GAUNTLET_WRITE_HISTOGRAM_FIXTURE"] == "1" {
            try (recorded.base64EncodedV2() + "\n").write(to: path, atomically: true, encoding: .utf8)
        }
        let committed = try LatencyHistogram(base64EncodedV2: try String(contentsOf: path, encoding: .utf8))
        #expect(committed == recorded)
        #expect(committed.encodedV2Uncompressed() == recorded.encodedV2Uncompressed())
        #expect(try LatencyHistogram(decodingV2: recorded.encodedV2()) == committed)
    }

    // MARK: Helpers.

    static func latency(_ pairs: [(UInt64, UInt64)]) -> LatencyHistogram {
        make(1, 3_600_000_000, .three, pairs)
    }

    static func make(_ lowest: UInt64, _ highest: UInt64, _ digits: SignificantDigits, _ pairs: [(UInt64, UInt64)]) -> LatencyHistogram {
        var histogram = LatencyHistogram(lowestDiscernibleValue: lowest, highestTrackableValue: highest, numberOfSignificantValueDigits: digits)
        for (value, count) in pairs where count > 0 { precondition(histogram.record(value, count: count)) }
        return histogram
    }

    /// The uncompressed V2 form, written by hand so tests can say exactly what a writer wrote;
    /// `raw` replaces the encoded counts with arbitrary payload bytes.
    static func v2(
        _ counts: [Int64] = [], raw: [UInt8]? = nil, cookie: UInt32 = 0x1C84_9313, payloadLength: Int? = nil,
        normalizingIndexOffset: UInt32 = 0, digits: UInt32 = 3, lowest: UInt64 = 1, highest: UInt64 = 3_600_000_000
    ) -> Data {
        let payload = raw ?? counts.flatMap(ZigZagVarint.encode)
        var bytes = Data()
        for word in [cookie, UInt32(payloadLength ?? payload.count), normalizingIndexOffset, digits] { bytes += bigEndian(word) }
        return bytes + bigEndian(lowest) + bigEndian(highest) + bigEndian((1.0).bitPattern) + payload
    }

    /// A compressed form around a zlib stream of one stored (uncompressed) deflate block,
    /// built by hand so tests need no zlib and can damage any part of it.
    static func compressed(_ inner: some Sequence<UInt8>, cookie: UInt32, zlibHeader: Bool = true, extra: [UInt8] = []) -> Data {
        let data = Array(inner)
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        let length = UInt16(data.count)
        var stream = zlibHeader ? Data([0x78, 0x01]) : Data()
        stream += [0x01, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)] + data
        if zlibHeader { stream += bigEndian(b << 16 | a) }
        stream += extra
        return bigEndian(cookie) + bigEndian(UInt32(stream.count)) + stream
    }

    /// Non-zero (lowest value, count) pairs by index. Not `recordedValues()`: the library's
    /// iterator sums value × count in a UInt64 and traps for large counts at large values.
    static func buckets(of histogram: LatencyHistogram) -> [[UInt64]] {
        let layout = HistogramBucketLayout(of: histogram)
        return (0..<layout.countsLength).compactMap { index in
            let count = histogram.countForValue(layout.value(at: index))
            return count == 0 ? nil : [layout.value(at: index), count]
        }
    }

    static func bigEndian<T: FixedWidthInteger>(_ value: T) -> Data { withUnsafeBytes(of: value.bigEndian) { Data($0) } }

    static func replacing(_ data: Data, at offset: Int, with byte: UInt8) -> Data {
        var copy = data
        copy[copy.startIndex + offset] = byte
        return copy
    }

    static func hex(_ text: String) -> Data {
        Data(stride(from: 0, to: text.count, by: 2).map { offset in
            let start = text.index(text.startIndex, offsetBy: offset)
            return UInt8(text[start..<text.index(start, offsetBy: 2)], radix: 16)!
        })
    }

    /// The case name of the error `body` throws, or nil if it throws none.
    static func kind(of body: () throws -> Void) -> String? {
        do { try body() } catch let error as HistogramCodecError {
            // Every case but `invalidBase64` has a payload, whose label Mirror gives as the case name.
            return Mirror(reflecting: error).children.first?.label ?? "\(error)"
        } catch { return "unexpected \(error)" }
        return nil
    }
}

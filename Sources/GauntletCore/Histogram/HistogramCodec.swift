import Foundation
import Histogram

// The standard HdrHistogram V2 encoding, so histograms we store (interval logs, result
// files, merges across machines) are read by Java, C, Python and Go HdrHistogram tools,
// and theirs by us. The format is described in docs/report.md (Histograms).
extension Histogram where Count == UInt64 {
    /// This histogram in the V2 compressed form: `[u32 0x1c849314][i32 length][zlib stream]`,
    /// the stream holding the 40-byte V2 header and the counts.
    ///
    /// Decoders read it exactly; the zlib bytes themselves depend on the zlib version, so
    /// compare encodings from different implementations after inflating, not byte for byte.
    public func encodedV2() -> Data {
        let compressed = Zlib.compress(v2Bytes())
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + compressed.count)
        bytes.appendBigEndian(HistogramV2Header.compressionCookie)
        bytes.appendBigEndian(UInt32(compressed.count))
        bytes.append(contentsOf: compressed)
        return Data(bytes)
    }

    /// ``encodedV2()`` as standard base64 (no line breaks): the text form of interval logs.
    public func base64EncodedV2() -> String {
        encodedV2().base64EncodedString()
    }

    /// This histogram in the uncompressed V2 form (cookie `0x1c849313`): the bytes that
    /// ``encodedV2()`` compresses, and what to compare with another implementation's output.
    package func encodedV2Uncompressed() -> Data {
        Data(v2Bytes())
    }

    /// Decodes a histogram from the V2 compressed form, or from the uncompressed V2 form.
    ///
    /// Both the Java (`0`) and the C and Python (`-1`) spellings of a single zero count are
    /// read, as is any cookie equal to a V2 cookie once the bits `0xF0` are ignored. The
    /// result is equal (`==`) to the histogram that was encoded, with the same layout and
    /// every count at the same index. The format keeps counts by bucket, not exact extremes:
    /// `maxRecorded` becomes the highest value equivalent to the original maximum (the
    /// original's `max`) and `min` the lowest equivalent to its minimum, which is what Java
    /// and Python report. So percentiles equal the original's to within its resolution (the
    /// top of the bucket), and a decoded histogram round-trips with every percentile exact.
    ///
    /// - Parameter data: The encoded bytes, and nothing after them.
    /// - Throws: A ``HistogramCodecError`` naming the first thing found wrong.
    public init(decodingV2 data: Data) throws(HistogramCodecError) {
        self = try data.withUnsafeBytes { buffer in
            Result { () throws(HistogramCodecError) in try HistogramV2Decoding.decode(buffer) }
        }.get()
    }

    /// Decodes a histogram from the base64 text of its V2 encoding.
    ///
    /// Whitespace around the text is ignored, so a line read from a file needs no trimming.
    ///
    /// - Throws: ``HistogramCodecError/invalidBase64`` if the text is not standard base64,
    ///   otherwise as ``init(decodingV2:)``.
    public init(base64EncodedV2 text: String) throws(HistogramCodecError) {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw .invalidBase64
        }
        try self.init(decodingV2: data)
    }

    /// The uncompressed V2 bytes: header, then counts from index 0 to the maximum's index.
    private func v2Bytes() -> [UInt8] {
        let counts = v2Counts()
        let header = HistogramV2Header(
            payloadLength: counts.count,
            significantDigits: Int32(numberOfSignificantValueDigits.rawValue),
            lowestDiscernibleValue: Int64(lowestDiscernibleValue),
            // The library caps it at UInt64.max / 2 by construction, so it fits an i64.
            highestTrackableValue: Int64(highestTrackableValue))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(HistogramV2Header.size + counts.count)
        header.append(to: &bytes)
        bytes.append(contentsOf: counts)
        return bytes
    }

    /// The counts as varints: a non-zero count as itself, each run of zeros (a single one
    /// too, as C and Python write it) as minus its length.
    private func v2Counts() -> [UInt8] {
        // With nothing recorded there is no maximum to stop at; Python writes no counts.
        guard maxRecorded != 0 || countForValue(0) != 0 else { return [] }
        let layout = HistogramBucketLayout(of: self)
        var bytes: [UInt8] = []
        var zeros: Int64 = 0
        for index in 0...layout.index(of: maxRecorded) {
            // The counts array is internal to the library, so each index is read through
            // the lowest value it counts, which maps back to exactly that index.
            let count = countForValue(layout.value(at: index))
            if count == 0 {
                zeros += 1
                continue
            }
            if zeros > 0 {
                ZigZagVarint.append(-zeros, to: &bytes)
                zeros = 0
            }
            // Every implementation holds counts as i64; 2^63 events cannot be recorded in practice.
            precondition(count <= UInt64(Int64.max), "a count of \(count) does not fit the V2 encoding's i64")
            ZigZagVarint.append(Int64(count), to: &bytes)
        }
        return bytes
    }
}

/// The decoding steps, on raw bytes so no step copies its input.
private enum HistogramV2Decoding {
    static func decode(_ bytes: UnsafeRawBufferPointer) throws(HistogramCodecError) -> Histogram<UInt64> {
        guard bytes.count >= 4 else { throw .truncated(needed: 4, available: bytes.count) }
        let cookie: UInt32 = bytes.bigEndian(at: 0)
        if HistogramV2Header.isEncodingCookie(cookie) {
            return try decodeUncompressed(bytes)
        }
        guard HistogramV2Header.isCompressionCookie(cookie) else { throw .badCookie(cookie) }
        guard bytes.count >= 8 else { throw .truncated(needed: 8, available: bytes.count) }
        let declared = Int(Int32(bitPattern: bytes.bigEndian(at: 4)))
        let actual = bytes.count - 8
        if declared >= 0, declared > actual { throw .truncated(needed: 8 + declared, available: bytes.count) }
        guard declared == actual else { throw .payloadLengthMismatch(declared: declared, actual: actual) }

        let inflater = try ZlibInflater(UnsafeRawBufferPointer(rebasing: bytes[8...]))
        let headerBytes = try inflater.read(count: HistogramV2Header.size)
        let header = try headerBytes.withUnsafeBytes { buffer in
            Result { () throws(HistogramCodecError) in try HistogramV2Header(parsing: buffer) }
        }.get()
        let layout = try Self.layout(of: header)
        // The longest payload a layout can need is a full-width varint at every index;
        // a claim beyond that is corrupt, and is refused before anything is allocated for it.
        let longest = layout.countsLength * ZigZagVarint.maximumLength
        guard header.payloadLength <= longest else {
            throw .layoutMismatch("a payload of \(header.payloadLength) bytes is longer than \(layout.countsLength) counts can need")
        }
        let payload = try inflater.read(count: header.payloadLength)
        guard payload.count == header.payloadLength else {
            throw .payloadLengthMismatch(declared: header.payloadLength, actual: payload.count)
        }
        let extra = try inflater.finish()
        guard extra == 0 else {
            throw .payloadLengthMismatch(declared: header.payloadLength, actual: header.payloadLength + extra)
        }
        return try payload.withUnsafeBytes { buffer in
            Result { () throws(HistogramCodecError) in try decodeCounts(buffer, header: header, layout: layout) }
        }.get()
    }

    private static func decodeUncompressed(_ bytes: UnsafeRawBufferPointer) throws(HistogramCodecError) -> Histogram<UInt64> {
        let header = try HistogramV2Header(parsing: bytes)
        let actual = bytes.count - HistogramV2Header.size
        guard actual >= header.payloadLength else {
            throw .truncated(needed: HistogramV2Header.size + header.payloadLength, available: bytes.count)
        }
        guard actual == header.payloadLength else {
            throw .payloadLengthMismatch(declared: header.payloadLength, actual: actual)
        }
        let layout = try layout(of: header)
        let payload = UnsafeRawBufferPointer(rebasing: bytes[HistogramV2Header.size...])
        return try decodeCounts(payload, header: header, layout: layout)
    }

    /// The layout a header describes, if `Histogram<UInt64>` can hold it.
    private static func layout(of header: HistogramV2Header) throws(HistogramCodecError) -> HistogramBucketLayout {
        // A non-zero offset means Java shifted the array in place; no other writer does it.
        guard header.normalizingIndexOffset == 0 else {
            throw .layoutMismatch("normalizing index offset \(header.normalizingIndexOffset) is not supported")
        }
        // The conversion ratio is not checked: it scales values only in Java's DoubleHistogram,
        // and the integer counts it travels with are still exact by index.
        let lowest = header.lowestDiscernibleValue
        let highest = header.highestTrackableValue
        let digits = header.significantDigits
        guard lowest > 0, highest > 0, (0...5).contains(digits),
            let layout = HistogramBucketLayout(
                lowestDiscernibleValue: UInt64(lowest), highestTrackableValue: UInt64(highest),
                significantDigits: Int(digits))
        else {
            throw .layoutMismatch("lowest \(lowest), highest \(highest), \(digits) significant digits is not a valid layout")
        }
        return layout
    }

    private static func decodeCounts(
        _ payload: UnsafeRawBufferPointer, header: HistogramV2Header, layout: HistogramBucketLayout
    ) throws(HistogramCodecError) -> Histogram<UInt64> {
        var histogram = Histogram<UInt64>(
            lowestDiscernibleValue: UInt64(header.lowestDiscernibleValue),
            highestTrackableValue: UInt64(header.highestTrackableValue),
            numberOfSignificantValueDigits: SignificantDigits(rawValue: Int8(header.significantDigits))!)
        // Index 0's width is where a floating-point log2 could make our layout and the
        // library's disagree; a disagreement would silently move every count, so refuse it.
        guard histogram.sizeOfEquivalentRangeForValue(0) == UInt64(1) << layout.unitMagnitude else {
            throw .layoutMismatch("the library's unit magnitude differs from the layout's")
        }
        // Each count is recorded when the next one is read, because the last (the maximum's
        // bucket) is recorded differently, and only the end of the payload says which it is.
        var pending: (index: Int, count: UInt64)?
        var isFirst = true
        var index = 0
        var offset = 0
        while offset < payload.count {
            guard let entry = ZigZagVarint.read(from: payload, at: &offset) else {
                // The last varint wants at least one byte more than the payload holds.
                let available = HistogramV2Header.size + payload.count
                throw .truncated(needed: available + 1, available: available)
            }
            if entry < 0 {
                // `magnitude`, because negating Int64.min would trap.
                guard entry.magnitude <= UInt64(layout.countsLength - index) else {
                    throw .layoutMismatch("a run of \(entry.magnitude) zeros at index \(index) passes the end, \(layout.countsLength)")
                }
                index += Int(entry.magnitude)
                continue
            }
            guard index < layout.countsLength else {
                throw .layoutMismatch("a count at index \(index) is past the end, \(layout.countsLength)")
            }
            // A zero count (Java's single zero) must not be recorded: recording moves max and min.
            if entry > 0 {
                if let (index, count) = pending {
                    try record(count, at: layout.value(at: index), index: index, into: &histogram)
                    isFirst = false
                }
                pending = (index, UInt64(entry))
            }
            index += 1
        }
        if let (index, count) = pending {
            try recordMaximum(count, index: index, isAlsoMinimum: isFirst, layout: layout, into: &histogram)
        }
        return histogram
    }

    /// Records the maximum's bucket at its highest equivalent value.
    ///
    /// The format keeps counts by bucket, not the exact extremes, and the library clamps
    /// percentiles to the raw maximum recorded; recording the top of the bucket makes the
    /// decoded maximum what Java's and Python's decoders report (`getMaxValue`), an upper
    /// bound rather than an understatement of the worst latency. When that bucket also holds
    /// the minimum, one count goes to its lowest value so the minimum stays the bucket's
    /// lowest, as those decoders report it too. Index 0 keeps value 0: it is the only bucket
    /// that can hold 0, and its top would invent a non-zero sample.
    private static func recordMaximum(
        _ count: UInt64, index: Int, isAlsoMinimum: Bool, layout: HistogramBucketLayout,
        into histogram: inout Histogram<UInt64>
    ) throws(HistogramCodecError) {
        let lowest = layout.value(at: index)
        guard index > 0 else {
            return try record(count, at: lowest, index: index, into: &histogram)
        }
        var remaining = count
        if isAlsoMinimum, count > 1 {
            try record(1, at: lowest, index: index, into: &histogram)
            remaining -= 1
        }
        try record(remaining, at: histogram.highestEquivalentForValue(lowest), index: index, into: &histogram)
    }

    private static func record(
        _ count: UInt64, at value: UInt64, index: Int, into histogram: inout Histogram<UInt64>
    ) throws(HistogramCodecError) {
        guard histogram.record(value, count: count) else {
            throw .layoutMismatch("the histogram refused a count at index \(index)")
        }
    }
}

import CZlib

/// zlib's RFC 1950 stream format (2-byte header, deflate, Adler-32 trailer): what the
/// HdrHistogram V2 compressed form wraps. Not raw deflate and not gzip, which other
/// implementations would reject.
enum Zlib {
    /// Compresses `bytes` into one complete zlib stream at zlib's default level.
    ///
    /// The default level is what Java, C and Python use, so our bytes match theirs when
    /// the zlib versions match; decoders do not depend on it.
    static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var length = compressBound(uLong(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = output.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in
                compress2(out.baseAddress, &length, input.baseAddress, uLong(input.count), Z_DEFAULT_COMPRESSION)
            }
        }
        // compress2 fails only when out of memory or when the output is too small, and
        // compressBound rules the latter out: neither is something a caller could handle.
        precondition(status == Z_OK, "zlib compress2 failed with status \(status)")
        output.removeSubrange(Int(length)...)
        return output
    }
}

/// Inflates one zlib stream a piece at a time.
///
/// Reading in pieces lets a decoder inflate the fixed-size header first, learn how long
/// the payload claims to be, check that claim against the layout, and only then allocate
/// for it, so a few hostile bytes cannot ask for gigabytes.
final class ZlibInflater {
    private let stream: UnsafeMutablePointer<z_stream>
    // zlib keeps pointing into the input between calls, so it needs a stable copy.
    private let input: UnsafeMutableRawBufferPointer
    private var isInitialized = false
    /// Whether the stream's end, and its Adler-32 check, has been reached.
    private(set) var isAtEnd = false

    /// Starts inflating `compressed`, which must hold one zlib stream and nothing after it.
    init(_ compressed: UnsafeRawBufferPointer) throws(HistogramCodecError) {
        input = .allocate(byteCount: Swift.max(compressed.count, 1), alignment: 1)
        input.copyMemory(from: compressed)
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard compressed.count <= UInt32.max else { throw .badZlib("more than 4 GiB of input") }
        stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = uInt(compressed.count)
        let status = inflateInit_(stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw .badZlib("inflateInit failed with status \(status)") }
        isInitialized = true
    }

    deinit {
        if isInitialized { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }

    /// Inflates up to `count` more bytes; fewer only if the stream ends first.
    ///
    /// - Throws: ``HistogramCodecError/badZlib(_:)`` for corrupt data, a failed Adler-32
    ///   check, or input that runs out before the stream ends.
    func read(count: Int) throws(HistogramCodecError) -> [UInt8] {
        guard count <= UInt32.max else { throw .badZlib("asked for more than 4 GiB") }
        var output = [UInt8](repeating: 0, count: count)
        var produced = 0
        while produced < count, !isAtEnd {
            let status = output.withUnsafeMutableBufferPointer { buffer in
                stream.pointee.next_out = buffer.baseAddress! + produced
                stream.pointee.avail_out = uInt(count - produced)
                let status = inflate(stream, Z_NO_FLUSH)
                produced = count - Int(stream.pointee.avail_out)
                return status
            }
            try check(status)
        }
        output.removeSubrange(produced...)
        return output
    }

    /// Inflates whatever is left and confirms the stream ends cleanly.
    ///
    /// - Returns: How many bytes the stream still held; 0 when the caller read it all.
    /// - Throws: ``HistogramCodecError/badZlib(_:)`` for corrupt data, a failed check, or
    ///   input bytes after the end of the stream.
    func finish() throws(HistogramCodecError) -> Int {
        var extra = 0
        while !isAtEnd {
            // Counted, not kept: the caller only needs to report the surplus.
            extra += try read(count: 1 << 16).count
        }
        let trailing = Int(stream.pointee.avail_in)
        guard trailing == 0 else { throw .badZlib("\(trailing) bytes after the end of the stream") }
        return extra
    }

    private func check(_ status: Int32) throws(HistogramCodecError) {
        switch status {
        case Z_OK:
            return
        case Z_STREAM_END:
            isAtEnd = true
        case Z_BUF_ERROR:
            // No progress was possible with output space left: the input ran out mid-stream.
            throw .badZlib("the stream ends early")
        default:
            let message = stream.pointee.msg.map { String(cString: $0) } ?? "status \(status)"
            throw .badZlib(message)
        }
    }
}

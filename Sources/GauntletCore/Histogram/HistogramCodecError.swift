/// Why bytes or text could not be decoded as an HdrHistogram V2 histogram.
///
/// Each case names the first thing found wrong, so a corrupted interval log line or a
/// histogram from an incompatible tool is reported as what it is instead of being decoded
/// into different numbers.
public enum HistogramCodecError: Error, Equatable, Sendable {
    /// The text is not standard base64 (`+/` alphabet, `=` padding, no line breaks inside).
    case invalidBase64
    /// The cookie is neither V2 form (compressed `0x1c849314` or uncompressed `0x1c849313`,
    /// compared without the bits `0xF0`): another encoding version, or not a histogram.
    case badCookie(UInt32)
    /// The input ends before a field it promises: `needed` bytes, `available` present.
    case truncated(needed: Int, available: Int)
    /// The compressed part is not one complete, valid zlib (RFC 1950) stream.
    case badZlib(String)
    /// A declared length (the compressed length, or the header's payload length) disagrees
    /// with the bytes actually present.
    case payloadLengthMismatch(declared: Int, actual: Int)
    /// The header describes a layout `Histogram<UInt64>` cannot hold, or the counts reach
    /// past the end of the layout it describes.
    case layoutMismatch(String)
}

extension HistogramCodecError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .invalidBase64:
            "not an HdrHistogram: the text is not valid base64"
        case .badCookie(let cookie):
            "not an HdrHistogram V2 encoding: cookie 0x\(String(cookie, radix: 16))"
        case .truncated(let needed, let available):
            "HdrHistogram encoding is truncated: needs \(needed) bytes, has \(available)"
        case .badZlib(let reason):
            "HdrHistogram encoding has a bad zlib stream: \(reason)"
        case .payloadLengthMismatch(let declared, let actual):
            "HdrHistogram encoding declares \(declared) bytes but has \(actual)"
        case .layoutMismatch(let reason):
            "HdrHistogram layout mismatch: \(reason)"
        }
    }
}

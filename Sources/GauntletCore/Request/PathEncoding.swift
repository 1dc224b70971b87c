/// Percent-encoding (RFC 3986 §2.1) of a data value filled into a request's path, so the value
/// stays one path segment, or after the `?` one query value, whatever the data holds: it can add
/// no segment (`/`), start no query (`?`) or fragment (`#`), and cannot touch the request line
/// (space, CR, LF).
///
/// `%` is always encoded: values are taken as they are in the file, never as already encoded
/// (`a%20b` is sent as `a%2520b`), so what the server decodes is exactly what the file holds.
public enum PathEncoding {
    /// Every UTF-8 byte as `%XX` except what RFC 3986 §3.3 lets a segment hold as it is: the
    /// unreserved characters (letters, digits, `-._~`), the sub-delimiters `!$&'()*+,;=`, `:` and `@`.
    public static func segment(_ value: String) -> String {
        encode(value) { keepsInSegment($0) }
    }

    /// As ``segment(_:)``, with `&`, `=`, `+` and `;` encoded too: in a query they would split
    /// the value into parameters (and `+` reads as a space in form-encoded queries).
    public static func queryValue(_ value: String) -> String {
        encode(value) { keepsInSegment($0) && !"&=+;".utf8.contains($0) }
    }

    static func keepsInSegment(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "-._~!$&'()*+,;=:@".utf8.contains(byte)
        }
    }

    private static func encode(_ value: String, keeping keeps: (UInt8) -> Bool) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in value.utf8 {
            if keeps(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result.unicodeScalars.append("%")
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0F)]))
            }
        }
        return result
    }
}

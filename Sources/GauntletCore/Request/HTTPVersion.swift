/// The HTTP the generator speaks. HTTP/2 goes to `http://` targets with prior knowledge (no
/// upgrade round trip) and is negotiated by ALPN for `https://`, where a server may still answer
/// in HTTP/1.1: the report counts the answers by the version they came in.
public enum HTTPVersion: String, Sendable, Codable, CaseIterable {
    case http1_1 = "1.1"
    case http2 = "2"

    /// As a person writes it: `HTTP/1.1`, `HTTP/2`.
    public var displayName: String { "HTTP/\(rawValue)" }

    /// Requests one connection carries at once, at most: HTTP/1.1 sends the next only after the
    /// answer (no pipelining); HTTP/2 multiplexes streams, and servers commonly allow 100 or more.
    public var streamLimit: Int { self == .http2 ? 1_000 : 1 }
}

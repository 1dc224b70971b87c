import CCurl

/// What this process's libcurl can do, read from `curl_version_info` at run time: the library
/// linked may be newer or older than the headers built against.
public enum CurlCapabilities {
    /// libcurl's version, e.g. `7.88.1`.
    public static let version: String = info.map { $0.version.map { String(cString: $0) } ?? "unknown" } ?? "unknown"

    /// Built with HTTP/2 (nghttp2).
    public static let http2: Bool = ((info?.features ?? 0) & Int32(CURL_VERSION_HTTP2)) != 0

    /// Whether a prior-knowledge HTTP/2 connection can carry a second request. libcurl 7.88 set
    /// HTTP/2 up again on a reused connection, so every request after a connection's first failed
    /// (curl pull request 10643, fixed in 7.89.0); over TLS, where HTTP/2 is negotiated by ALPN,
    /// it was not affected.
    public static let http2PriorKnowledgeReusesConnections: Bool = (info?.version_num ?? 0) >= 0x07_59_00

    /// Why HTTP/2 to `url` cannot be run with this libcurl, or nil when it can.
    public static func http2Problem(url: String) -> String? {
        guard http2 else { return "libcurl \(version) was built without HTTP/2" }
        guard url.lowercased().hasPrefix("http://"), !http2PriorKnowledgeReusesConnections else { return nil }
        return "over http:// it starts by prior knowledge, and libcurl \(version) breaks every request after the first "
            + "on such a connection (fixed in 7.89.0, curl pull request 10643); use an https:// target (HTTP/2 "
            + "negotiated by ALPN), a newer libcurl, or HTTP/1.1"
    }

    private static var info: curl_version_info_data? { curl_version_info(CURLVERSION_TENTH)?.pointee }
}

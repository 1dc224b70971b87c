import CCurl

/// The HTTP version an answer came in, as `CURLINFO_HTTP_VERSION` reports it, by its usual name.
enum CurlHTTPVersion {
    static func name(_ code: Int) -> String {
        switch code {
        case Int(CURL_HTTP_VERSION_1_0): "1.0"
        case Int(CURL_HTTP_VERSION_1_1): "1.1"
        case Int(CURL_HTTP_VERSION_2_0): "2"
        case Int(CURL_HTTP_VERSION_3): "3"
        default: "unknown"
        }
    }
}

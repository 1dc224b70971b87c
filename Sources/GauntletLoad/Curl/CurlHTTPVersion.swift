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

    /// Answers counted by libcurl's version code, named only when asked: counting runs once per
    /// answer, where hashing a name would be wasted work.
    struct Counts {
        /// libcurl's codes are small (0 to 31); anything else counts as unknown.
        private var byCode = [UInt64](repeating: 0, count: 32)
        private var unknown: UInt64 = 0

        mutating func count(_ code: Int) {
            if byCode.indices.contains(code) { byCode[code] += 1 } else { unknown += 1 }
        }

        var named: [String: UInt64] {
            var names: [String: UInt64] = [:]
            for (code, answers) in byCode.enumerated() where answers > 0 { names[CurlHTTPVersion.name(code), default: 0] += answers }
            if unknown > 0 { names["unknown", default: 0] += unknown }
            return names
        }
    }
}

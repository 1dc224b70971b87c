import CCurl

/// libcurl's process-wide set-up, done once before any worker thread exists
/// (curl_global_init is not thread-safe).
enum CurlGlobal {
    private static let initialised: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    static func ensureInitialised() throws(LoadEngineError) {
        guard initialised else { throw .curl("curl_global_init failed") }
    }
}

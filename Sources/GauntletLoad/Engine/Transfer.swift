import CCurl
import GauntletCore

/// One reusable easy handle and the state of the request it currently carries.
///
/// Reusing handles keeps their connections alive (the multi handle's cache) and
/// avoids re-applying options for every request.
final class Transfer {
    let easy: UnsafeMutableRawPointer
    var intended: Nanoseconds = 0
    var sent: Nanoseconds = 0
    var origin: WorkQueue.Origin = .open

    init(request: PreparedRequest, timeout: Nanoseconds, connectTimeout: Nanoseconds, insecure: Bool)
        throws(LoadEngineError)
    {
        guard let easy = curl_easy_init() else { throw .curl("curl_easy_init failed") }
        self.easy = easy
        do {
            try configure(request: request, timeout: timeout, connectTimeout: connectTimeout, insecure: insecure)
        } catch {
            curl_easy_cleanup(easy)
            throw error
        }
    }

    deinit { curl_easy_cleanup(easy) }

    private func configure(request: PreparedRequest, timeout: Nanoseconds, connectTimeout: Nanoseconds, insecure: Bool)
        throws(LoadEngineError)
    {
        try easy.setCurlOption(CURLOPT_URL, request.url)
        try easy.setCurlOption(CURLOPT_NOSIGNAL, 1)  // signals and threads do not mix
        try easy.setCurlOption(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        try easy.setCurlOption(CURLOPT_TIMEOUT_MS, Int(max(1, timeout / TimeUnit.nanosecondsPerMillisecond)))
        try easy.setCurlOption(
            CURLOPT_CONNECTTIMEOUT_MS, Int(max(1, min(connectTimeout, timeout) / TimeUnit.nanosecondsPerMillisecond)))
        try easy.setCurlOption(CURLOPT_USERAGENT, request.userAgent)
        if insecure {
            try easy.setCurlOption(CURLOPT_SSL_VERIFYPEER, 0)
            try easy.setCurlOption(CURLOPT_SSL_VERIFYHOST, 0)
        }
        try easy.setCurlOption(CURLOPT_HTTPHEADER, list: request.headerList)
        // Bodies are counted by libcurl (CURLINFO_SIZE_DOWNLOAD_T); the callback only consumes them.
        _ = gauntlet_easy_setopt_write_function(easy) { _, size, count, _ in size * count }
        try easy.setCurlOption(CURLOPT_PRIVATE, pointer: Unmanaged.passUnretained(self).toOpaque())

        switch request.method {
        case "GET" where request.body == nil:
            try easy.setCurlOption(CURLOPT_HTTPGET, 1)
        case "HEAD":
            try easy.setCurlOption(CURLOPT_NOBODY, 1)
        default:
            if let body = request.body {
                try easy.setCurlOption(CURLOPT_POSTFIELDSIZE_LARGE, size: Int64(body.count))
                try easy.setCurlOption(CURLOPT_POSTFIELDS, pointer: body.baseAddress)
            }
            if request.method != "POST" || request.body == nil {
                try easy.setCurlOption(CURLOPT_CUSTOMREQUEST, request.method)
            }
        }
    }

    /// The transfer an easy handle belongs to.
    static func owning(_ easy: UnsafeMutableRawPointer) -> Transfer {
        var pointer: UnsafeMutableRawPointer?
        _ = gauntlet_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &pointer)
        return Unmanaged<Transfer>.fromOpaque(pointer!).takeUnretainedValue()
    }
}

import CCurl
import Foundation
import GauntletCore

/// One reusable easy handle and the state of the request it currently carries.
///
/// Reusing handles keeps their connections alive (the multi handle's cache) and avoids
/// re-applying options: per request only what differs from the previous one is set.
final class Transfer {
    let easy: UnsafeMutableRawPointer
    var intended: Nanoseconds = 0
    var sent: Nanoseconds = 0
    var origin: WorkQueue.Origin = .open
    /// The request last applied to the handle.
    private(set) var request: PreparedRequest?
    /// Whether to keep the response body, for the predictions read from it.
    private(set) var keepsBody = false
    /// The body kept: for predictions, up to ``keptBodyLimit``; else a failed answer's start.
    private(set) var responseBody: [UInt8] = []
    /// Whether the body was longer than ``keptBodyLimit``, so what is kept is not all of it.
    private(set) var bodyOverflowed = false
    /// The template's body checks, judged as the body streams in; nil when it has none.
    private(set) var checkScan: BodyCheckScan?
    private var checkScanTemplate = -1
    /// Whether the answer is an HTTP failure (4xx, 5xx), whose body's start is kept for a
    /// failure sample; nil until its first bytes arrive.
    private var answerFailed: Bool?
    /// Reads a generative answer for its tokens; nil for a request not read for tokens.
    private(set) var tokens: TokenAnswerCapture?
    /// The current answer's gaps between tokens.
    var tokenGaps: [Nanoseconds] { tokens?.gaps ?? [] }
    /// The monotonic clock's reading at the run's offset 0, to time tokens from intended sends.
    var runStart: UInt64 = 0
    /// libcurl's words for the last failure: the only place a TLS alert from the server shows.
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))

    init(
        timeout: Nanoseconds, connectTimeout: Nanoseconds, tls: TLSSettings, http: HTTPVersion = .http1_1,
        overTLS: Bool = false, proxy: ProxySetting = .none
    ) throws(LoadEngineError) {
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        guard let easy = curl_easy_init() else {
            errorBuffer.deallocate()
            throw .curl("curl_easy_init failed")
        }
        self.easy = easy
        do {
            try configure(timeout: timeout, connectTimeout: connectTimeout, tls: tls, http: http, overTLS: overTLS, proxy: proxy)
        } catch {
            curl_easy_cleanup(easy)
            errorBuffer.deallocate()
            throw error
        }
    }

    /// The most of one body kept for predictions. A V2 answer for a batch of a thousand rows is
    /// a few hundred KB; past this the predictions are counted unreadable rather than memory
    /// growing with whatever a server sends, on every connection.
    static let keptBodyLimit = 4 << 20
    /// A body buffer grown past this is let go rather than reused, so one large answer does not
    /// hold its memory for the rest of the run.
    static let retainedBodyCapacity = 256 << 10

    /// Ready for the answer to the request just applied: its checks reset, its body empty.
    func prepareForAnswer(keepsBody: Bool, checks: [ResponseCheck], template: Int, tokenReading: TokenReading = .none) {
        self.keepsBody = keepsBody
        if tokenReading == .none {
            tokens = nil
        } else if tokens?.reading == tokenReading {
            tokens!.reset()
        } else {
            tokens = TokenAnswerCapture(reading: tokenReading)
        }
        if responseBody.capacity > Self.retainedBodyCapacity {
            responseBody = []
        } else {
            responseBody.removeAll(keepingCapacity: true)
        }
        bodyOverflowed = false
        answerFailed = nil
        if template != checkScanTemplate {
            checkScanTemplate = template
            checkScan = checks.isEmpty ? nil : BodyCheckScan(checks)
        } else {
            checkScan?.reset()
        }
    }

    /// One piece of the answer's body, as libcurl hands it over.
    private func receive(_ piece: UnsafeRawBufferPointer) {
        checkScan?.feed(piece)
        // Each token is timed by the arrival of the bytes that completed its event. An HTTP failure's
        // body is no token stream: it is judged by its status.
        if tokens != nil, answerStatusOK() { tokens!.feed(piece, at: elapsed()) }
        if keepsBody {
            guard !bodyOverflowed else { return }
            if responseBody.count + piece.count > Self.keptBodyLimit {
                bodyOverflowed = true
                responseBody = []
            } else {
                responseBody.append(contentsOf: piece)
            }
        } else if responseBody.count < FailureSamples.bodyBytes {
            // A failed answer's start is kept, in case it becomes a sample; one status read per answer.
            if !answerStatusOK() {
                responseBody.append(contentsOf: piece.prefix(FailureSamples.bodyBytes - responseBody.count))
            }
        }
    }

    /// Whether the answer's status is a success (read once per answer, at its first bytes).
    private func answerStatusOK() -> Bool {
        if answerFailed == nil { answerFailed = easy.curlInfo(CURLINFO_RESPONSE_CODE) >= 400 }
        return answerFailed == false
    }

    private func elapsed() -> Nanoseconds {
        let now = MonotonicClock.now()
        return now > runStart ? now - runStart : 0
    }

    /// The token figures of the answer that finished at `finished` (an offset from the run's start),
    /// and what was wrong with it as a token answer; nil when the request is not read for tokens.
    func finishTokens(finished: Nanoseconds) -> (TokenOutcome, ErrorKind?)? {
        guard tokens != nil else { return nil }
        return tokens!.finish(intended: intended, finished: finished)
    }

    deinit {
        curl_easy_cleanup(easy)
        errorBuffer.deallocate()
    }

    /// What libcurl said about the transfer's failure ("" when it said nothing).
    var errorMessage: String { String(cString: errorBuffer) }

    /// The finished request as a failure sample: where it went, libcurl's words, and for an
    /// HTTP answer its header lines and the start of its body.
    func failureSample(request name: String, kind: ErrorKind, status: Int, atSeconds: Double) -> FailureSample {
        var address: String?
        if let ip = easy.curlInfoString(CURLINFO_PRIMARY_IP), !ip.isEmpty {
            let port = easy.curlInfo(CURLINFO_PRIMARY_PORT)
            address = ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
        } else if let url = request?.url {
            address = URLComponents(string: url).map { "\($0.host ?? "?")\($0.port.map { ":\($0)" } ?? "")" }
        }
        let message = errorMessage
        var headers: [String]?
        var body: String?
        if status > 0 {
            var lines: [String] = []
            var previous: UnsafeMutablePointer<curl_header>?
            while lines.count < FailureSamples.headerLines,
                  let header = curl_easy_nextheader(easy, UInt32(CURLH_HEADER), -1, previous)
            {
                lines.append("\(String(cString: header.pointee.name)): \(String(cString: header.pointee.value))")
                previous = header
            }
            headers = lines
            // A broken token stream's sample shows the event that broke it; its body is not kept.
            body = tokens?.problemEvent.map { String($0.prefix(FailureSamples.bodyBytes)) }
                ?? String(decoding: responseBody.prefix(FailureSamples.bodyBytes), as: UTF8.self)
        }
        return FailureSample(
            request: name, kind: kind.rawValue, status: status, atSeconds: atSeconds, address: address,
            message: message.isEmpty ? nil : message, headers: headers, body: body)
    }

    private func configure(
        timeout: Nanoseconds, connectTimeout: Nanoseconds, tls: TLSSettings, http: HTTPVersion, overTLS: Bool,
        proxy: ProxySetting
    ) throws(LoadEngineError) {
        try easy.setCurlOption(CURLOPT_NOSIGNAL, 1)  // signals and threads do not mix
        switch proxy {
        case .none:
            // "" stops the proxy variables' look-up; "no proxy for any host" stops the `no_proxy` and
            // `NO_PROXY` look-ups libcurl otherwise makes on every transfer.
            try easy.setCurlOption(CURLOPT_PROXY, "")
            try easy.setCurlOption(CURLOPT_NOPROXY, "*")
        case .environment: break
        case .url(let url): try easy.setCurlOption(CURLOPT_PROXY, url)
        }
        switch http {
        case .http1_1:
            try easy.setCurlOption(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        case .http2:
            // ALPN over TLS, so a server may still choose HTTP/1.1 (libcurl 7.88 with prior knowledge
            // sent HTTP/2 over TLS even when ALPN chose nothing); prior knowledge over plain TCP.
            try easy.setCurlOption(
                CURLOPT_HTTP_VERSION, overTLS ? Int(CURL_HTTP_VERSION_2TLS) : Int(CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE))
            // Wait for a stream on an open connection rather than open another one.
            try easy.setCurlOption(CURLOPT_PIPEWAIT, 1)
        }
        try easy.setCurlOption(CURLOPT_TIMEOUT_MS, Int(max(1, timeout / TimeUnit.nanosecondsPerMillisecond)))
        try easy.setCurlOption(
            CURLOPT_CONNECTTIMEOUT_MS, Int(max(1, min(connectTimeout, timeout) / TimeUnit.nanosecondsPerMillisecond)))
        try easy.setCurlOption(CURLOPT_USERAGENT, PreparedRequest.userAgent)
        try configureTLS(tls)
        try easy.setCurlOption(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        // Bodies are consumed as they stream in: checked on the way, kept only for predictions.
        _ = gauntlet_easy_setopt_write_function(easy) { data, size, count, owner in
            let transfer = Unmanaged<Transfer>.fromOpaque(owner!).takeUnretainedValue()
            if let data { transfer.receive(UnsafeRawBufferPointer(start: data, count: size * count)) }
            return size * count
        }
        try easy.setCurlOption(CURLOPT_WRITEDATA, pointer: Unmanaged.passUnretained(self).toOpaque())
        try easy.setCurlOption(CURLOPT_PRIVATE, pointer: Unmanaged.passUnretained(self).toOpaque())
    }

    /// libcurl copies the paths, and reads the files when it connects.
    private func configureTLS(_ tls: TLSSettings) throws(LoadEngineError) {
        if let caFile = tls.caFile { try easy.setCurlOption(CURLOPT_CAINFO, caFile) }
        if let certificate = tls.certificateFile { try easy.setCurlOption(CURLOPT_SSLCERT, certificate) }
        if let key = tls.keyFile { try easy.setCurlOption(CURLOPT_SSLKEY, key) }
        if tls.insecure {
            try easy.setCurlOption(CURLOPT_SSL_VERIFYPEER, 0)
            try easy.setCurlOption(CURLOPT_SSL_VERIFYHOST, 0)
        }
    }

    /// Points the handle at `next`, setting only the options that change.
    func apply(_ next: PreparedRequest) {
        guard next !== request else { return }
        let previous = request
        request = next
        _ = gauntlet_easy_setopt_string(easy, CURLOPT_URL, next.url)
        _ = gauntlet_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, next.headerList)
        if previous?.method == next.method && (previous?.body == nil) == (next.body == nil) && next.body == nil {
            return
        }
        // Reset the method options, then set what this request needs.
        _ = gauntlet_easy_setopt_long(easy, CURLOPT_NOBODY, 0)
        _ = gauntlet_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, nil)
        _ = gauntlet_easy_setopt_long(easy, CURLOPT_HTTPGET, 1)
        if let body = next.body {
            _ = gauntlet_easy_setopt_offt(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            _ = gauntlet_easy_setopt_pointer(easy, CURLOPT_POSTFIELDS, body.baseAddress)
            if next.method != "POST" { _ = gauntlet_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, next.method) }
        } else if next.method == "HEAD" {
            _ = gauntlet_easy_setopt_long(easy, CURLOPT_NOBODY, 1)
        } else if next.method != "GET" {
            _ = gauntlet_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, next.method)
        }
    }

    /// The transfer an easy handle belongs to.
    static func owning(_ easy: UnsafeMutableRawPointer) -> Transfer {
        var pointer: UnsafeMutableRawPointer?
        _ = gauntlet_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &pointer)
        return Unmanaged<Transfer>.fromOpaque(pointer!).takeUnretainedValue()
    }
}

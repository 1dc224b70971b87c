/// Why a request failed. Every failure still has a latency (up to the failure) and
/// counts against the error rate.
public enum ErrorKind: String, Sendable, Codable, CaseIterable, Comparable {
    /// Nothing listening: the connection was refused.
    case connectRefused = "connect_refused"
    /// No connection within the connect timeout.
    case connectTimeout = "connect_timeout"
    /// Connected and sent, but no complete response within the request timeout.
    case requestTimeout = "request_timeout"
    /// The connection broke before an answer began: reset, closed early, or nothing came back.
    case reset
    /// The answer began (status and headers) but its body was cut short: fewer bytes than its
    /// `Content-Length`, a chunked body never ended, or the connection broke mid-body.
    case truncated
    /// The TLS handshake or certificate verification failed.
    case tls
    /// The host name did not resolve.
    case dns
    /// The server answered 4xx.
    case http4xx = "http_4xx"
    /// The server answered 5xx.
    case http5xx = "http_5xx"
    /// The response was not valid HTTP.
    case invalidResponse = "invalid_response"
    /// A 2xx/3xx status the scenario did not expect.
    case unexpectedStatus = "unexpected_status"
    /// The body failed one of the scenario's response checks.
    case checkFailed = "check_failed"
    /// Anything else the transport reported.
    case other
    /// A token stream (server-sent events) that ended without `data: [DONE]`.
    case streamWithoutDone = "stream_without_done"
    /// A token stream event whose data was not a JSON object.
    case streamBadJSON = "stream_bad_json"
    /// The server reported an error inside a token stream (an `error` event or object).
    case streamError = "stream_error"
    /// A token stream that stopped inside an event: its blank line never came.
    case streamCut = "stream_cut"

    /// Whether this failure means the client never reached the server.
    public var isConnectionFailure: Bool {
        switch self {
        case .connectRefused, .connectTimeout, .tls, .dns: true
        default: false
        }
    }

    /// The kind of an HTTP status, or nil when it is a success (1xx–3xx).
    public static func forHTTPStatus(_ status: Int) -> ErrorKind? {
        switch status {
        case 100..<400: nil
        case 400..<500: .http4xx
        case 500..<600: .http5xx
        default: .invalidResponse
        }
    }

    /// Words a person reads in a summary.
    public var label: String {
        switch self {
        case .connectRefused: "connect refused"
        case .connectTimeout: "connect timeout"
        case .requestTimeout: "request timeout"
        case .reset: "connection reset"
        case .truncated: "truncated answer"
        case .tls: "TLS"
        case .dns: "DNS"
        case .http4xx: "HTTP 4xx"
        case .http5xx: "HTTP 5xx"
        case .invalidResponse: "invalid response"
        case .unexpectedStatus: "unexpected status"
        case .checkFailed: "check failed"
        case .other: "other"
        case .streamWithoutDone: "stream without [DONE]"
        case .streamBadJSON: "bad JSON in stream"
        case .streamError: "error in stream"
        case .streamCut: "stream cut mid-event"
        }
    }

    /// The kind a token stream's problem is counted as.
    public init(_ problem: CompletionStreamReader.Problem) {
        switch problem {
        case .noDone: self = .streamWithoutDone
        case .badJSON: self = .streamBadJSON
        case .errorEvent: self = .streamError
        case .cutMidEvent: self = .streamCut
        }
    }

    public static func < (lhs: ErrorKind, rhs: ErrorKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

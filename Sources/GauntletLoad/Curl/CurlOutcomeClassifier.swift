import CCurl
import GauntletCore

/// Turns libcurl's result for one transfer into an outcome: success or an error kind.
public enum CurlOutcomeClassifier {
    /// - Parameters:
    ///   - code: the transfer's `CURLcode`.
    ///   - status: `CURLINFO_RESPONSE_CODE` (0 when no response arrived).
    ///   - requestBytesSent: `CURLINFO_REQUEST_SIZE`; non-zero means a connection was made
    ///     and the request went out, which tells a request timeout from a connect timeout.
    ///   - message: libcurl's error text (`CURLOPT_ERRORBUFFER`), read only for a failed send or
    ///     receive, where it tells a TLS refusal from a broken connection.
    /// - Returns: nil for a successful request.
    public static func classify(
        code: CURLcode, status: Int, requestBytesSent: Int, message: @autoclosure () -> String = ""
    ) -> ErrorKind? {
        switch code {
        case CURLE_OK:
            return ErrorKind.forHTTPStatus(status)
        case CURLE_COULDNT_CONNECT:
            return .connectRefused
        case CURLE_OPERATION_TIMEDOUT:
            return requestBytesSent > 0 ? .requestTimeout : .connectTimeout
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR:
            if reportsTLSAlert(message()) { return .tls }
            // A status read means the answer had begun: it broke mid-body.
            return status > 0 ? .truncated : .reset
        case CURLE_PARTIAL_FILE:
            return .truncated
        case CURLE_GOT_NOTHING:
            return .reset
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
             CURLE_USE_SSL_FAILED, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR,
             CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT:
            return .tls
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .dns
        case CURLE_WEIRD_SERVER_REPLY, CURLE_BAD_CONTENT_ENCODING, CURLE_HTTP2, CURLE_HTTP2_STREAM,
             CURLE_UNSUPPORTED_PROTOCOL:
            return .invalidResponse
        default:
            return .other
        }
    }

    /// Under TLS 1.3 a server judges the client's certificate after the client has finished its
    /// handshake, so a refusal (no certificate, unknown CA) arrives as an alert on the first
    /// read: `OpenSSL SSL_read: … tlsv13 alert certificate required`. A reset says no alert.
    static func reportsTLSAlert(_ message: String) -> Bool {
        message.lowercased().contains("alert")
    }
}

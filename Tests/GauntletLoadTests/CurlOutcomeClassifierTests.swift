import CCurl
import GauntletCore
import GauntletLoad
import Testing

@Suite struct CurlOutcomeClassifierTests {
    /// Rows of (libcurl result, HTTP status, request bytes sent, expected kind; nil = success).
    @Test(arguments: [
        (CURLE_OK, 200, 80, nil),
        (CURLE_OK, 302, 80, nil),
        (CURLE_OK, 404, 80, ErrorKind.http4xx),
        (CURLE_OK, 503, 80, .http5xx),
        (CURLE_OK, 0, 80, .invalidResponse),
        (CURLE_COULDNT_CONNECT, 0, 0, .connectRefused),
        (CURLE_OPERATION_TIMEDOUT, 0, 0, .connectTimeout),
        (CURLE_OPERATION_TIMEDOUT, 0, 80, .requestTimeout),
        (CURLE_RECV_ERROR, 0, 80, .reset),
        (CURLE_SEND_ERROR, 0, 80, .reset),
        (CURLE_GOT_NOTHING, 0, 80, .reset),
        (CURLE_PARTIAL_FILE, 200, 80, .truncated),
        (CURLE_RECV_ERROR, 200, 80, .truncated),
        (CURLE_PEER_FAILED_VERIFICATION, 0, 0, .tls),
        (CURLE_SSL_CONNECT_ERROR, 0, 0, .tls),
        (CURLE_COULDNT_RESOLVE_HOST, 0, 0, .dns),
        (CURLE_WEIRD_SERVER_REPLY, 0, 80, .invalidResponse),
        (CURLE_OUT_OF_MEMORY, 0, 0, .other),
    ] as [(CURLcode, Int, Int, ErrorKind?)])
    func classifies(code: CURLcode, status: Int, sent: Int, kind: ErrorKind?) {
        #expect(CurlOutcomeClassifier.classify(code: code, status: status, requestBytesSent: sent) == kind)
    }
}

extension CurlOutcomeClassifierTests {
    /// A failed read or write is a TLS refusal when libcurl reports an alert from the server
    /// (TLS 1.3 refuses a client certificate after the handshake), else a broken connection.
    @Test(arguments: [
        (CURLE_RECV_ERROR, "OpenSSL SSL_read: OpenSSL/3.0.19: error:0A00045C:SSL routines::tlsv13 alert certificate required, errno 0", ErrorKind.tls),
        (CURLE_RECV_ERROR, "OpenSSL SSL_read: OpenSSL/3.0.19: error:0A000418:SSL routines::tlsv1 alert unknown ca, errno 0", .tls),
        (CURLE_SEND_ERROR, "OpenSSL SSL_write: error:0A000412:SSL routines::sslv3 alert bad certificate, errno 0", .tls),
        (CURLE_RECV_ERROR, "OpenSSL SSL_read: Connection reset by peer, errno 104", .reset),
        (CURLE_RECV_ERROR, "Recv failure: Connection reset by peer", .reset),
        (CURLE_SEND_ERROR, "Send failure: Broken pipe", .reset),
        (CURLE_RECV_ERROR, "", .reset),
    ] as [(CURLcode, String, ErrorKind)])
    func readsTheMessageOfAFailedReadOrWrite(code: CURLcode, message: String, kind: ErrorKind) {
        #expect(CurlOutcomeClassifier.classify(code: code, status: 0, requestBytesSent: 80, message: message) == kind)
    }
}

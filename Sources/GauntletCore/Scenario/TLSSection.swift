/// The `tls:` section: which certificate authorities to trust for an https target, and the
/// client certificate to present when the server asks for one (mutual TLS).
///
/// Only paths are kept: libcurl reads the files when it connects, so nothing of a key's
/// contents ever reaches a scenario value, a log line or a report.
public struct TLSSection: Sendable, Equatable {
    /// A file the section names.
    public struct File: Sendable, Equatable {
        /// As written, for messages and reports.
        public var path: String
        /// Resolved against the scenario's folder (unless absolute).
        public var resolvedPath: String
        /// Where the path was written, for problems found when the file is read.
        public var line: Int
        public var column: Int

        public init(path: String, resolvedPath: String, line: Int = 0, column: Int = 0) {
            self.path = path
            self.resolvedPath = resolvedPath
            self.line = line
            self.column = column
        }
    }

    /// A PEM bundle of the authorities that sign the target's certificate, in place of the
    /// system's bundle file; nil keeps that (or `CURL_CA_BUNDLE` / `SSL_CERT_FILE`).
    public var ca: File?
    /// The client certificate (PEM). Without `key`, the same file must hold the private key too.
    public var cert: File?
    /// The client certificate's private key (PEM, not encrypted).
    public var key: File?
    /// Do not verify the target's certificate nor its name.
    public var insecure: Bool

    public static let keys = ["ca", "cert", "key", "insecure"]

    public init(ca: File? = nil, cert: File? = nil, key: File? = nil, insecure: Bool = false) {
        self.ca = ca
        self.cert = cert
        self.key = key
        self.insecure = insecure
    }
}

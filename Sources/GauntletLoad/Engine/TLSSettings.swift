/// How the engine's connections do TLS. Files are handed to libcurl as they are, read when it
/// connects; nil leaves libcurl's default.
public struct TLSSettings: Sendable, Equatable {
    /// A PEM bundle of the authorities to trust (`CURLOPT_CAINFO`); nil: libcurl's built-in
    /// bundle, the system's. libcurl's built-in folder (`CURLOPT_CAPATH`) is kept either way, as
    /// curl's `--cacert` keeps it.
    public var caFile: String?
    /// A PEM client certificate, presented when the server asks for one (mutual TLS).
    public var certificateFile: String?
    /// The certificate's private key (PEM); nil: read from `certificateFile`.
    public var keyFile: String?
    /// Do not verify the server's certificate nor its name.
    public var insecure: Bool

    public init(caFile: String? = nil, certificateFile: String? = nil, keyFile: String? = nil, insecure: Bool = false) {
        self.caFile = caFile
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.insecure = insecure
    }
}

/// Every error the server answers, with its HTTP status; the body is `{"error": "…"}`.
public enum ProtocolError: Error, Equatable, Sendable {
    case badRequest(String)
    case notFound(String)
    /// The client did not send the whole request in time.
    case timeout(String)
    case tooLarge(String)
    /// A fault injected on purpose, to rehearse a failing release.
    case injected(String)
    /// Overloaded (shed) or shutting down; the client may retry later.
    case unavailable(String)

    public var status: Int {
        switch self {
        case .badRequest: 400
        case .notFound: 404
        case .timeout: 408
        case .tooLarge: 413
        case .injected: 500
        case .unavailable: 503
        }
    }

    public var message: String {
        switch self {
        case .badRequest(let text), .notFound(let text), .timeout(let text), .tooLarge(let text), .injected(let text),
             .unavailable(let text): text
        }
    }

    /// `{"error": "…"}`.
    public var body: [UInt8] { InferResponse.json(["error": message]) }
}

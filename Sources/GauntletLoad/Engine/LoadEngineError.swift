/// Failures that stop the engine before or while it runs.
public enum LoadEngineError: Error, CustomStringConvertible, Sendable {
    case curl(String)
    case system(String)
    /// A request that would change its request line or add a header: nothing was sent.
    case refused(String)
    /// Something the run asks for that this build cannot do well: nothing was sent.
    case unsupported(String)

    public var description: String {
        switch self {
        case .curl(let message): "libcurl: \(message)"
        case .system(let message): message
        case .refused(let message): "refused to send: \(message)"
        case .unsupported(let message): "cannot run: \(message)"
        }
    }
}

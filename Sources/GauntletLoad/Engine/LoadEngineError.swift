/// Failures that stop the engine before or while it runs.
public enum LoadEngineError: Error, CustomStringConvertible, Sendable {
    case curl(String)
    case system(String)

    public var description: String {
        switch self {
        case .curl(let message): "libcurl: \(message)"
        case .system(let message): message
        }
    }
}

/// A KServe V2 (and Triton) REST path, read into what it asks for.
public enum Route: Hashable, Sendable {
    case live
    case ready
    case serverMetadata
    case modelMetadata(name: String, version: String?)
    case modelReady(name: String, version: String?)
    case modelConfig(name: String)
    case infer(name: String, version: String?)
    /// Prometheus metrics, at `/metrics` where scrapers look by default.
    case metrics
    /// OpenAI-compatible: the generative models, and a completion (`/v1/completions`) or chat
    /// (`/v1/chat/completions`).
    case openAIModels
    case openAICompletion(chat: Bool)

    /// Reads `method` and `path` (query ignored); nil when no route matches.
    public init?(method: String, path: String) {
        let bare = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        let parts = bare.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if method == "GET" && parts == ["metrics"] {
            self = .metrics
            return
        }
        switch (method, parts) {
        case ("GET", ["v1", "models"]):
            self = .openAIModels
            return
        case ("POST", ["v1", "completions"]):
            self = .openAICompletion(chat: false)
            return
        case ("POST", ["v1", "chat", "completions"]):
            self = .openAICompletion(chat: true)
            return
        default: break
        }
        guard parts.first == "v2" else { return nil }
        let rest = Array(parts.dropFirst())
        switch (method, rest) {
        case ("GET", []): self = .serverMetadata
        case ("GET", ["health", "live"]): self = .live
        case ("GET", ["health", "ready"]): self = .ready
        case ("GET", let path) where path.first == "models" && path.count >= 2:
            let name = path[1]
            switch Array(path.dropFirst(2)) {
            case []: self = .modelMetadata(name: name, version: nil)
            case ["ready"]: self = .modelReady(name: name, version: nil)
            case ["config"]: self = .modelConfig(name: name)
            case let tail where tail.count == 2 && tail[0] == "versions": self = .modelMetadata(name: name, version: tail[1])
            case let tail where tail.count == 3 && tail[0] == "versions" && tail[2] == "ready":
                self = .modelReady(name: name, version: tail[1])
            default: return nil
            }
        case ("POST", let path) where path.first == "models" && path.count >= 3 && path.last == "infer":
            let name = path[1]
            switch path.count {
            case 3: self = .infer(name: name, version: nil)
            case 5 where path[2] == "versions": self = .infer(name: name, version: path[3])
            default: return nil
            }
        default: return nil
        }
    }
}

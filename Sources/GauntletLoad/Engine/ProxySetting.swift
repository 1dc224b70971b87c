import Foundation

/// Whether requests go through a proxy. None unless asked: libcurl would otherwise look up
/// `http_proxy`, `https_proxy`, `all_proxy` and `no_proxy` in the environment for every
/// transfer, and load sent through a proxy by accident measures the proxy.
public enum ProxySetting: Sendable, Equatable, CustomStringConvertible {
    case none
    /// The environment's proxy variables, as curl's command line reads them.
    case environment
    /// This proxy, e.g. `http://proxy.internal:3128`.
    case url(String)

    /// `--proxy` as typed: nil or `none`, `env`, or a proxy URL.
    public init(flag: String?) {
        switch flag {
        case nil, "none": self = .none
        case "env": self = .environment
        case let url?: self = .url(url)
        }
    }

    /// As a report keeps it: a password in the proxy's URL is never written down.
    public var description: String {
        switch self {
        case .none: return "none"
        case .environment: return "from the environment"
        case .url(let url):
            guard var components = URLComponents(string: url), components.password != nil else { return url }
            components.password = "***"
            return components.string ?? "(a proxy URL with a password)"
        }
    }
}

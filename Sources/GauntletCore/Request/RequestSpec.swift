import Foundation

/// What makes a request's URL acceptable: an absolute http(s) URL with a host (`run --url`,
/// a scenario's `target`).
public enum RequestSpec {
    public struct InvalidURL: Error, CustomStringConvertible {
        public let text: String
        public let reason: String
        public var description: String { "invalid URL '\(text)': \(reason)" }
    }

    /// Checks that `text` is an absolute http(s) URL with a host.
    public static func parseURL(_ text: String) throws(InvalidURL) -> URL {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw InvalidURL(text: text, reason: "expected e.g. http://127.0.0.1:8080/path")
        }
        guard scheme == "http" || scheme == "https" else {
            throw InvalidURL(text: text, reason: "scheme must be http or https, not '\(scheme)'")
        }
        guard let host = components.host, !host.isEmpty else {
            throw InvalidURL(text: text, reason: "no host")
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw InvalidURL(text: text, reason: "port \(port) is out of range")
        }
        guard let url = components.url else { throw InvalidURL(text: text, reason: "cannot be parsed") }
        return url
    }
}

import Foundation

/// Keeps secrets out of what people read. The report never holds the values of `${NAME}`
/// references (they are substituted only in memory); this also covers what a user typed in
/// literally: a token after `Authorization:` or `api_key=` in the scenario, a password in a URL.
/// `${NAME}` references are left as they are: they name a secret, they do not reveal it.
enum SecretRedactor {
    static let mask = "[redacted]"

    /// Words that make a key or query parameter sensitive.
    static let sensitiveWords = ["authorization", "token", "secret", "password", "passwd", "api-key", "apikey", "api_key",
                                 "cookie", "credential", "signature", "private-key", "private_key"]

    private static let keyValue = try! NSRegularExpression(
        pattern: #"([A-Za-z0-9_.-]*(?:authorization|token|secret|password|passwd|api[-_]?key|cookie|credential|signature|private[-_]key)[A-Za-z0-9_.-]*)(["']?[ \t]*[:=][ \t]*)((?:\$\{[A-Za-z_][A-Za-z0-9_]*\}|[^,}&\n#])*)"#,
        options: [.caseInsensitive])
    private static let userInfo = try! NSRegularExpression(pattern: #"(://[^/\s:@]+:)([^@\s/]+)(@)"#)
    private static let reference = try! NSRegularExpression(pattern: #"\$\{[A-Za-z_][A-Za-z0-9_]*\}"#)

    /// The text with every literal secret after a sensitive key, and every URL password, masked.
    static func redact(_ text: String) -> String {
        var result = replace(userInfo, in: text) { groups in
            isReferenceOnly(groups[2]) ? nil : groups[1] + mask + groups[3]
        }
        result = replace(keyValue, in: result) { groups in
            isReferenceOnly(groups[3]) ? nil : groups[1] + groups[2] + mask
        }
        return result
    }

    /// True when nothing secret is left once `${NAME}` references, auth scheme words, quotes and
    /// blanks are taken away (`Bearer ${TOKEN}`, `""`).
    static func isReferenceOnly(_ value: String) -> Bool {
        let range = NSRange(value.startIndex..., in: value)
        var rest = reference.stringByReplacingMatches(in: value, range: range, withTemplate: "")
        for word in ["Bearer", "Basic", "Token", "bearer", "basic", "token"] { rest = rest.replacingOccurrences(of: word, with: "") }
        return rest.allSatisfy { $0.isWhitespace || $0 == "\"" || $0 == "'" }
    }

    private static func replace(_ expression: NSRegularExpression, in text: String, _ transform: ([String]) -> String?) -> String {
        let source = text as NSString
        var result = ""
        var cursor = 0
        for match in expression.matches(in: text, range: NSRange(location: 0, length: source.length)) {
            let groups = (0..<match.numberOfRanges).map { index -> String in
                let range = match.range(at: index)
                return range.location == NSNotFound ? "" : source.substring(with: range)
            }
            guard let replacement = transform(groups) else { continue }
            result += source.substring(with: NSRange(location: cursor, length: match.range.location - cursor)) + replacement
            cursor = match.range.location + match.range.length
        }
        return result + source.substring(from: cursor)
    }
}

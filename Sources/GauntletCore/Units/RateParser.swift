/// Reads request rates: `200`, `200/s`, `90/m`, `1000/h`.
public enum RateParser {
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let text: String
        public let reason: String
        public var description: String { "invalid rate '\(text)': \(reason)" }
    }

    /// The largest rate accepted: far beyond what one machine can send, small enough to catch typos.
    public static let maximumPerSecond = 10_000_000.0

    /// Parses a rate into requests per second.
    public static func perSecond(_ text: String) throws(Failure) -> Double {
        let trimmed = text.trimmingWhitespace()
        var number = Substring(trimmed)
        var divisor = 1.0
        if let slash = trimmed.firstIndex(of: "/") {
            number = trimmed[..<slash]
            switch trimmed[trimmed.index(after: slash)...] {
            case "s": divisor = 1
            case "m": divisor = 60
            case "h": divisor = 3600
            default: throw Failure(text: text, reason: "unit after '/' must be s, m or h")
            }
        }
        guard let value = Double(number), value.isFinite, number.first != "+" else {
            throw Failure(text: text, reason: "expected a number of requests, e.g. 200 or 200/s")
        }
        guard value > 0 else { throw Failure(text: text, reason: "must be greater than zero") }
        let rate = value / divisor
        guard rate <= maximumPerSecond else {
            throw Failure(text: text, reason: "above the limit of \(Int(maximumPerSecond))/s")
        }
        return rate
    }
}

/// Reads durations written the way people write them: `500ms`, `30s`, `1.5m`, `2h`, `250us`.
///
/// A bare number is refused: `30` could mean seconds or milliseconds, and guessing
/// wrong silently changes a test by a factor of a thousand.
public enum DurationParser {
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let text: String
        public let reason: String
        public var description: String { "invalid duration '\(text)': \(reason)" }
    }

    static let unitsInNanoseconds: [(suffix: String, nanoseconds: Double)] = [
        ("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
    ]

    /// Parses a duration into nanoseconds.
    public static func nanoseconds(_ text: String) throws(Failure) -> Nanoseconds {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw Failure(text: text, reason: "empty; expected e.g. 500ms, 30s, 5m") }
        // Longest suffix first, so "ms" is not read as "s" after a number "…m".
        let candidates = unitsInNanoseconds.sorted { $0.suffix.count > $1.suffix.count }
        for unit in candidates where trimmed.hasSuffix(unit.suffix) {
            let number = String(trimmed.dropLast(unit.suffix.count))
            guard let value = Double(number), value.isFinite, !number.isEmpty,
                  number.first != "+", !number.contains("e"), !number.contains("E")
            else {
                throw Failure(text: text, reason: "'\(number)' is not a number")
            }
            guard value >= 0 else { throw Failure(text: text, reason: "must not be negative") }
            let total = value * unit.nanoseconds
            guard total < 1e18 else { throw Failure(text: text, reason: "too large") }
            return Nanoseconds(total.rounded())
        }
        if Double(trimmed) != nil {
            throw Failure(text: text, reason: "missing unit; write e.g. \(trimmed)s or \(trimmed)ms")
        }
        throw Failure(text: text, reason: "expected a number and a unit (ns, us, ms, s, m, h), e.g. 500ms, 30s, 5m")
    }

    /// Formats nanoseconds compactly for people: `850µs`, `12.3ms`, `4.50s`, `2m30s`.
    public static func format(_ value: Nanoseconds) -> String {
        let ns = Double(value)
        if value == 0 { return "0s" }
        if ns < 1e3 { return "\(value)ns" }
        if ns < 1e6 { return formatted(ns / 1e3, "µs") }
        if ns < 1e9 { return formatted(ns / 1e6, "ms") }
        if ns < 60e9 { return formatted(ns / 1e9, "s") }
        let totalSeconds = Int((ns / 1e9).rounded())
        if totalSeconds >= 3600 && totalSeconds % 60 == 0 {
            let hours = totalSeconds / 3600, minutes = totalSeconds % 3600 / 60
            return minutes == 0 ? "\(hours)h" : "\(hours)h\(minutes)m"
        }
        let minutes = totalSeconds / 60, seconds = totalSeconds % 60
        return seconds == 0 ? "\(minutes)m" : "\(minutes)m\(seconds)s"
    }

    private static func formatted(_ value: Double, _ unit: String) -> String {
        let digits = value < 10 ? 2 : (value < 100 ? 1 : 0)
        return value.formatted(fractionDigits: digits) + unit
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

extension Double {
    /// Fixed-point text without Foundation's locale-dependent formatters.
    public func formatted(fractionDigits: Int) -> String {
        guard isFinite else { return "\(self)" }
        var scale = 1.0
        for _ in 0..<fractionDigits { scale *= 10 }
        let scaled = (abs(self) * scale).rounded()
        let sign = self < 0 && scaled != 0 ? "-" : ""
        let whole = UInt64(scaled / scale)
        guard fractionDigits > 0 else { return sign + String(whole) }
        let fraction = UInt64(scaled - Double(whole) * scale)
        var fractionText = String(fraction)
        while fractionText.count < fractionDigits { fractionText = "0" + fractionText }
        return "\(sign)\(whole).\(fractionText)"
    }
}

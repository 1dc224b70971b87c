import Foundation

/// The agreed wall-clock instant at which every segment of a run starts its schedule
/// (`--start-at`): RFC 3339 (`2026-12-02T10:00:00Z`, fractional seconds and offsets allowed),
/// or `+30s` from now.
public enum StartTime {
    /// A start that has passed by more than this when the run is ready is refused: the segments
    /// would not send the one schedule together. Within it, the run starts at the agreed instant
    /// and the arrivals already due go out at once, late, as schedule lag says.
    public static let lateTolerance: TimeInterval = 1

    public static func parse(_ text: String, now: Date) throws(StartTimeError) -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("+") {
            let offset: Nanoseconds
            do { offset = try DurationParser.nanoseconds(String(trimmed.dropFirst())) } catch {
                throw StartTimeError("'\(text)': \(error)")
            }
            return now.addingTimeInterval(offset.nanosecondsAsSeconds)
        }
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime]] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: trimmed) { return date }
        }
        throw StartTimeError(
            "'\(text)' is not a start time; give RFC 3339 in UTC, e.g. 2026-12-02T10:00:00Z, or a delay from now, e.g. +30s")
    }

    /// `2026-12-02T10:00:00.000Z`.
    public static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

public struct StartTimeError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// A problem with an objective, located in the text that holds it and saying what was expected:
/// `column 13: expected a comparator (<, <=, >, >=, ==, !=), found '5'`.
///
/// The column counts characters from 1 within the objective (or its warn threshold); a caller
/// that knows where that text sits in a file adds the two to name file, line and column.
public struct ObjectiveError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which text the column is in.
    public enum Part: String, Sendable {
        /// The objective expression: `latency.p99 < 50ms`.
        case objective
        /// The warn threshold beside it: `40ms`.
        case warn
    }

    public var part: Part
    public var column: Int
    public var message: String

    public init(part: Part = .objective, column: Int, message: String) {
        self.part = part
        self.column = column
        self.message = message
    }

    public var description: String {
        part == .warn ? "warn, column \(column): \(message)" : "column \(column): \(message)"
    }
}

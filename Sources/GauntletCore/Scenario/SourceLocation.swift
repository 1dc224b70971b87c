import Yams

/// Where something was written in a scenario file, for errors found after parsing (once data
/// files are read or the load plan is known): 1-based line and column.
public struct SourceLocation: Sendable, Equatable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    init(_ node: Node) {
        self.init(line: node.location.line, column: node.location.column)
    }
}

extension ScenarioError {
    /// A problem at `location` in `file`.
    public static func at(_ location: SourceLocation, file: String, _ message: String) -> ScenarioError {
        ScenarioError(file: file, line: location.line, column: location.column, message: message)
    }
}

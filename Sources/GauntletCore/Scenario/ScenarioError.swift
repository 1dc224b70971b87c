/// A problem in a scenario (or a file it names), located for the person who wrote it:
/// `scenarios/x.yaml:12:7: unknown key 'rps' in load phase (did you mean 'rate'?)`.
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based; 0 when the problem has no single place (e.g. a missing file).
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        line > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)"
    }
}

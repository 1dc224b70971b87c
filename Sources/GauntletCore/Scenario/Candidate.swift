/// One side of a comparison (`candidates:`): its name, whether the others are judged against
/// it, the values it puts in `{{name}}` placeholders, and where its requests go.
///
/// Every candidate is sent the same schedule and the same data rows; only what it sets here
/// differs. `Scenario.resolved(for:)` turns a scenario into one candidate's view of it.
public struct Candidate: Sendable, Equatable {
    /// A value filled into `{{name}}` wherever a request's path, headers or body hold it.
    public struct Variable: Sendable, Equatable {
        public var name: String
        /// As written; may hold `${NAME}` secrets, resolved when requests are built.
        public var value: String
        /// Where the variable's key was written.
        public var location: SourceLocation

        public init(name: String, value: String, location: SourceLocation) {
            self.name = name
            self.value = value
            self.location = location
        }
    }

    public var name: String
    /// Whether the others are judged against this one; exactly one candidate is.
    public var baseline: Bool
    /// In the order written, `model` first when set.
    public var variables: [Variable]
    /// This candidate's base URL; nil: the scenario's `target`, or an embedded reference server.
    public var target: String?
    /// This candidate's embedded reference server: the scenario's `server:` with the keys the
    /// candidate's own `server:` sets replaced; nil when it has none of its own.
    public var server: ServingOptions?
    /// The model repository its embedded server reads (`server: models:`), resolved; nil: the
    /// scenario's.
    public var serverModels: String?
    /// Where the candidate's entry starts.
    public var location: SourceLocation

    public init(
        name: String, baseline: Bool = false, variables: [Variable] = [], target: String? = nil,
        server: ServingOptions? = nil, serverModels: String? = nil, location: SourceLocation = SourceLocation(line: 0, column: 0)
    ) {
        self.name = name
        self.baseline = baseline
        self.variables = variables
        self.target = target
        self.server = server
        self.serverModels = serverModels
        self.location = location
    }

    /// The value this candidate gives `{{name}}`, or nil.
    public func value(of variable: String) -> String? { variables.first { $0.name == variable }?.value }

    /// Name → value, for filling templates.
    public var values: [String: String] {
        Dictionary(variables.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// The keys a candidate entry takes.
    public static let keys = ["name", "baseline", "model", "vars", "target", "server"]
    /// A comparison needs a baseline and something to compare with it; more than eight makes
    /// the interleaved run long and the report unreadable.
    public static let countRange = 2...8
}

/// What a planned run provides for the figures that need more than requests: which requests
/// carry labelled data (model quality), and whether a `cost` section prices their predictions.
///
/// An objective on a figure whose input the run lacks can never be measured: after the whole run
/// it could only come out inconclusive. ``ObjectiveValidator`` refuses it before anything is sent.
public struct FigureInputs: Sendable, Equatable {
    /// Where the run comes from, which decides what is missing and how to supply it.
    public enum Origin: Sendable, Equatable {
        case scenario
        /// A replayed trace: its requests are sent as recorded, with no labels.
        case replay
        /// `run --url`: one request from flags, no data and no cost section.
        case quickLook
    }

    public var origin: Origin
    /// The requests whose data source names a `label` column.
    public var labelledRequests: [String]
    /// With a `cost` section, the requests that carry a prediction for it to price (a request
    /// without a body carries none); nil without a `cost` section.
    public var pricedRequests: [String]?
    /// The requests whose answers are read for tokens (an `openai` body).
    public var tokenRequests: [String]

    public init(origin: Origin, labelledRequests: [String], pricedRequests: [String]?, tokenRequests: [String] = []) {
        self.origin = origin
        self.labelledRequests = labelledRequests
        self.pricedRequests = pricedRequests
        self.tokenRequests = tokenRequests
    }

    /// A quick look's: nothing labelled, nothing priced.
    public static let quickLook = FigureInputs(origin: .quickLook, labelledRequests: [], pricedRequests: nil)

    /// What `scenario` provides; `templateNames` are the requests it sends (a replay's one `replay`).
    public init(scenario: Scenario, templateNames: [String]) {
        let labelled = Set(scenario.data.filter { $0.label != nil }.map(\.name))
        let predictions = RunDescription.predictionsPerRequest(of: scenario, templateNames: templateNames)
        self.init(
            origin: scenario.replay == nil ? .scenario : .replay,
            labelledRequests: scenario.replay == nil
                ? scenario.requests.filter { $0.data.map(labelled.contains) ?? false }.map(\.name) : [],
            pricedRequests: scenario.cost.map { _ in templateNames.filter { (predictions[$0] ?? 0) > 0 } },
            tokenRequests: scenario.replay == nil
                ? scenario.requests.filter { ($0.body?.tokenReading ?? .none) != .none }.map(\.name) : [])
    }

    /// Why `expression`'s figure can never be measured in this run, located in the expression;
    /// nil when it can.
    public func problem(with expression: ObjectiveExpression, _ definition: FigureDefinition) -> ObjectiveError? {
        guard let requirement = definition.requires else { return nil }
        let name = expression.qualifiedFigure
        let cannot = switch origin {
        case .scenario: "'\(name)' can never be measured in this run"
        case .replay: "'\(name)' can never be measured in a replay"
        case .quickLook: "'\(name)' can never be measured in a quick look (--url)"
        }
        switch requirement {
        case .labels:
            let reason: String
            switch origin {
            case .quickLook: reason = "it sends no labelled data; write a scenario whose data source names its label column"
            case .replay: reason = "recorded requests carry no expected labels"
            case .scenario:
                if let scope = expression.scope {
                    return Self.refusal(expression, scope: scope, holders: labelledRequests, cannot: cannot,
                        lacks: "carries no labelled data (a data source with a 'label' column)", verbs: ("does", "do"))
                }
                guard labelledRequests.isEmpty else { return nil }
                reason = "no request carries labelled data (a data source with a 'label' column)"
            }
            return ObjectiveError(column: expression.figureColumn, message: "\(cannot): \(reason)")
        case .cost:
            let reason: String
            switch (origin, pricedRequests) {
            case (.quickLook, _): reason = "it has no cost section; write a scenario with one"
            case (_, nil): reason = "it needs a 'cost' section (hourly_price) in the scenario"
            case (_, let priced?):
                guard priced.isEmpty else { return nil }
                reason = "no request carries a prediction for the 'cost' section to price (a request without a body carries none)"
            }
            return ObjectiveError(column: expression.figureColumn, message: "\(cannot): \(reason)")
        case .tokens:
            if let scope = expression.scope {
                return Self.refusal(expression, scope: scope, holders: tokenRequests, cannot: cannot,
                    lacks: "has no 'openai' body, so its answers are not read for tokens", verbs: ("has one", "have one"))
            }
            guard tokenRequests.isEmpty else { return nil }
            let reason = switch origin {
            case .quickLook: "it sends no 'openai' body; write a scenario whose request has one"
            case .replay: "recorded requests are not read for tokens"
            case .scenario: "no request has an 'openai' body, so no answer is read for tokens"
            }
            return ObjectiveError(column: expression.figureColumn, message: "\(cannot): \(reason)")
        case .outage:
            return nil
        }
    }

    /// Why a figure scoped to `scope` cannot be measured when only `holders` provide its input
    /// (`request 'x' carries no labelled data; only 'a' does`); nil when `scope` is one of them.
    private static func refusal(
        _ expression: ObjectiveExpression, scope: String, holders: [String], cannot: String, lacks: String,
        verbs: (one: String, many: String)
    ) -> ObjectiveError? {
        guard !holders.contains(scope) else { return nil }
        let others = holders.isEmpty
            ? "no request \(verbs.one)"
            : "only \(holders.map { "'\($0)'" }.joined(separator: ", ")) \(holders.count == 1 ? verbs.one : verbs.many)"
        return ObjectiveError(
            column: expression.scopeColumn ?? expression.figureColumn, message: "\(cannot): request '\(scope)' \(lacks); \(others)")
    }
}

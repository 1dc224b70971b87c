/// The gate's second step: checks a parsed objective against the figure catalogue and the
/// scenario's requests, and converts its thresholds into the figure's unit.
///
/// Every problem is an ``ObjectiveError``, never a silent pass: an unknown figure (with the
/// closest known name by edit distance), a scope that is no declared request, a scope on a
/// figure that only exists for the whole run, a unit that does not fit the figure's kind, a
/// warn threshold that is not on the passing side of the main one, and, given what the run
/// provides, a figure it can never measure (quality without labels, cost without a cost section).
/// A relative objective (`… <= baseline * 1.10`) needs candidates to compare, a bare factor
/// above 0 or an offset in the figure's unit, and no warn threshold.
public struct ObjectiveValidator: Sendable {
    public let catalogue: FigureCatalogue
    /// The request names the scenario declares; the only scopes an objective may name.
    public let requestNames: [String]
    /// What the run about to be sent provides; nil when no run is planned (a saved result
    /// judged again), where a figure the run lacked is already inconclusive.
    public let inputs: FigureInputs?
    /// The candidates the scenario compares; without them there is no baseline to be relative to.
    public let candidates: [String]

    public init(
        requestNames: some Sequence<String> = [String](), catalogue: FigureCatalogue = .standard, inputs: FigureInputs? = nil,
        candidates: [String] = []
    ) {
        self.requestNames = Array(requestNames)
        self.catalogue = catalogue
        self.inputs = inputs
        self.candidates = candidates
    }

    /// Parses and validates one objective as a scenario holds it.
    /// - Parameters:
    ///   - text: the expression, e.g. `latency.p99 < 50ms`.
    ///   - warn: the warn threshold, e.g. `40ms`.
    ///   - key: whether the objective gates on its own (see ``GateVerdict``).
    public func objective(_ text: String, warn: String? = nil, key: Bool = false) throws(ObjectiveError) -> Objective {
        let expression = try ObjectiveParser.parse(text)
        var warnThreshold: Threshold?
        if let warn { warnThreshold = try ObjectiveParser.parseThreshold(warn) }
        return try validate(expression, warn: warnThreshold, key: key)
    }

    /// Validates a parsed objective and, when given, its warn threshold.
    public func validate(
        _ expression: ObjectiveExpression, warn: Threshold? = nil, key: Bool = false
    ) throws(ObjectiveError) -> Objective {
        let definition = try definition(of: expression)
        try checkScope(of: expression, definition)
        if let problem = inputs?.problem(with: expression, definition) { throw problem }
        if let term = expression.baseline {
            return try relative(expression, term, definition, warn: warn, key: key)
        }
        let name = expression.qualifiedFigure
        let threshold = try definition.kind.value(of: expression.threshold, figure: name).get()
        var objective = Objective(expression: expression, definition: definition, threshold: threshold, key: key)
        if let warn {
            objective.warn = warn
            objective.warnThreshold = try warnThreshold(warn, of: expression, definition, main: threshold)
        }
        return objective
    }

    /// A relative objective: a factor is a bare number above 0; an offset takes the figure's unit,
    /// as an absolute threshold does. Judged on an interval, it has no warn band.
    private func relative(
        _ expression: ObjectiveExpression, _ term: BaselineTerm, _ definition: FigureDefinition, warn: Threshold?, key: Bool
    ) throws(ObjectiveError) -> Objective {
        guard !candidates.isEmpty else {
            throw ObjectiveError(
                column: term.column,
                message: "'baseline' is the baseline candidate's \(expression.qualifiedFigure), and there are no candidates to compare; "
                    + "list them under 'candidates' (with one 'baseline: true'), or give an absolute threshold")
        }
        if warn != nil {
            throw ObjectiveError(
                part: .warn, column: 1,
                message: "a warn threshold goes with an absolute objective; '\(expression)' is judged on an interval's bound, which passes, fails or is inconclusive")
        }
        let amount = expression.threshold
        let threshold: Double
        let relative: RelativeThreshold
        switch term.operation {
        case .times:
            if let unit = amount.unit {
                let hint = unit == .percent ? " (\(amount.text) is written \((amount.value / 100).compact))" : ""
                throw ObjectiveError(
                    column: amount.unitColumn ?? amount.column,
                    message: "a factor is a bare number, e.g. 'baseline * 1.10' for at most 10% more; '\(unit.rawValue)' has no place after '*'\(hint)")
            }
            guard amount.value > 0 else {
                throw ObjectiveError(column: amount.column, message: "a factor must be greater than 0")
            }
            threshold = amount.value
            relative = .ratio(threshold)
        case .plus, .minus:
            let value = try definition.kind.value(of: amount, figure: expression.qualifiedFigure).get()
            threshold = term.operation == .minus ? -value : value
            relative = .offset(threshold)
        }
        return Objective(expression: expression, definition: definition, threshold: threshold, key: key, relative: relative)
    }

    private func definition(of expression: ObjectiveExpression) throws(ObjectiveError) -> FigureDefinition {
        if let definition = catalogue[expression.figure] { return definition }
        // When the scope is no request, the split was probably wrong (`latency.p99x` reads as
        // scope `latency`, figure `p99x`): name the whole thing.
        let scopeIsRequest = expression.scope.map(requestNames.contains) ?? true
        let name = scopeIsRequest ? expression.figure : expression.qualifiedFigure
        let column = scopeIsRequest ? expression.figureColumn : (expression.scopeColumn ?? expression.figureColumn)
        let names = catalogue.definitions.map(\.name)
        let statistics = names.filter { $0.hasPrefix(name + ".") }
        if !statistics.isEmpty {
            throw ObjectiveError(
                column: column, message: "'\(name)' needs a statistic: \(statistics.joined(separator: ", "))")
        }
        if let suggestion = Suggestion.closest(to: name, in: names) {
            throw ObjectiveError(column: column, message: "unknown figure '\(name)' (did you mean '\(suggestion)'?)")
        }
        throw ObjectiveError(column: column, message: "unknown figure '\(name)'; expected one of \(listing(names))")
    }

    private func checkScope(of expression: ObjectiveExpression, _ definition: FigureDefinition) throws(ObjectiveError) {
        guard let scope = expression.scope else { return }
        let column = expression.scopeColumn ?? 1
        guard definition.perRequest else {
            throw ObjectiveError(
                column: column,
                message: "'\(definition.name)' is measured over the whole run and has no value per request; "
                    + "remove '\(scope).'")
        }
        guard requestNames.contains(scope) else {
            let declared = requestNames.isEmpty
                ? "the scenario declares no named requests"
                : "the scenario declares \(requestNames.map { "'\($0)'" }.joined(separator: ", "))"
            throw ObjectiveError(
                column: column,
                message: "unknown request '\(scope)'\(Suggestion.hint(for: scope, in: requestNames)); \(declared)")
        }
    }

    private func warnThreshold(
        _ warn: Threshold, of expression: ObjectiveExpression, _ definition: FigureDefinition, main: Double
    ) throws(ObjectiveError) -> Double {
        func warnError(_ message: String, column: Int = warn.column) -> ObjectiveError {
            ObjectiveError(part: .warn, column: column, message: message)
        }
        guard let passesBelow = expression.comparator.passesBelow else {
            throw warnError(
                "a warn threshold needs an ordering comparator (<, <=, >, >=); "
                    + "'\(expression.comparator.rawValue)' has no passing side to warn on")
        }
        let value: Double
        switch definition.kind.value(of: warn, figure: expression.qualifiedFigure) {
        case .success(let converted): value = converted
        case .failure(let error): throw warnError(error.message, column: error.column)
        }
        guard passesBelow ? value < main : value > main else {
            let side = passesBelow ? "below" : "above"
            throw warnError(
                "warn \(warn) must be \(side) \(expression.threshold), on the passing side of "
                    + "'\(expression.comparator.rawValue) \(expression.threshold)'")
        }
        return value
    }

    /// `latency.{p50,p90,…}, error_rate, …`: the catalogue in one line.
    private func listing(_ names: [String]) -> String {
        var families: [(base: String, members: [String])] = []
        for name in names {
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            let base = parts[0], member = parts.count > 1 ? parts[1] : nil
            if let member, let last = families.indices.last, families[last].base == base {
                families[last].members.append(member)
            } else {
                families.append((base, member.map { [$0] } ?? []))
            }
        }
        return families.map { family in
            switch family.members.count {
            case 0: family.base
            case 1: "\(family.base).\(family.members[0])"
            default: "\(family.base).{\(family.members.joined(separator: ","))}"
            }
        }.joined(separator: ", ")
    }
}

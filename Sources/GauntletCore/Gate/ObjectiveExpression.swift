/// An objective as written, after parsing and before validation: `predict.latency.p99 < 40ms`,
/// or, relative to the baseline candidate, `latency.p99 <= baseline * 1.10`.
///
/// Nothing here is checked against the catalogue yet: the figure may be unknown and the unit
/// may not fit it. ``ObjectiveValidator`` turns an expression into an ``Objective``.
public struct ObjectiveExpression: Sendable, Equatable, CustomStringConvertible {
    /// The request the objective is about (`predict`), or nil for the whole run.
    public var scope: String?
    /// The figure's name without its scope: `latency.p99`, `error_rate`.
    public var figure: String
    public var comparator: Comparator
    /// The threshold; in a relative objective, the factor or offset applied to the baseline's
    /// figure (`1.10` in `baseline * 1.10`, `0.1%` in `baseline + 0.1%`).
    public var threshold: Threshold
    /// 1-based column of the scope in the text; nil when there is no scope.
    public var scopeColumn: Int?
    /// 1-based column of the figure in the text.
    public var figureColumn: Int
    /// How ``threshold`` applies to the baseline candidate's figure; nil for an absolute threshold.
    public var baseline: BaselineTerm?

    public init(
        scope: String?, figure: String, comparator: Comparator, threshold: Threshold,
        scopeColumn: Int? = nil, figureColumn: Int = 1, baseline: BaselineTerm? = nil
    ) {
        self.scope = scope
        self.figure = figure
        self.comparator = comparator
        self.threshold = threshold
        self.scopeColumn = scopeColumn
        self.figureColumn = figureColumn
        self.baseline = baseline
    }

    /// The figure with its scope, as a person refers to it: `predict.latency.p99`.
    public var qualifiedFigure: String { scope.map { "\($0).\(figure)" } ?? figure }

    /// The objective in canonical spacing: `predict.latency.p99 < 40ms`, `latency.p99 <= baseline * 1.10`.
    public var description: String {
        let bound = baseline.map { "baseline \($0.operation.rawValue) \(threshold)" } ?? threshold.description
        return "\(qualifiedFigure) \(comparator.rawValue) \(bound)"
    }
}

/// `baseline * FACTOR`, `baseline + OFFSET` or `baseline - OFFSET` in a relative objective: the
/// threshold is made from the baseline candidate's figure, compared on the same traffic.
public struct BaselineTerm: Sendable, Equatable {
    public enum Operation: String, Sendable, CaseIterable {
        /// A ratio: `latency.p99 <= baseline * 1.10` allows 10% more than the baseline.
        case times = "*"
        /// An offset in the figure's unit: `error_rate <= baseline + 0.1%`.
        case plus = "+"
        case minus = "-"
    }

    public var operation: Operation
    /// 1-based column of the word `baseline`.
    public var column: Int

    public init(operation: Operation, column: Int) {
        self.operation = operation
        self.column = column
    }

    /// The word that stands for the baseline candidate's figure.
    public static let word = "baseline"
}

/// How a measured figure must relate to its threshold.
public enum Comparator: String, Sendable, CaseIterable {
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case equal = "=="
    case notEqual = "!="

    /// Whether `value` meets the objective `value <comparator> threshold`.
    public func holds(_ value: Double, _ threshold: Double) -> Bool {
        switch self {
        case .less: value < threshold
        case .lessOrEqual: value <= threshold
        case .greater: value > threshold
        case .greaterOrEqual: value >= threshold
        case .equal: value == threshold
        case .notEqual: value != threshold
        }
    }

    /// How far `value` sits on the passing side of `threshold`: positive is room to spare,
    /// negative is how far past it. Equality objectives have no room: `==` is `-|Δ|`, `!=` is `|Δ|`.
    public func margin(_ value: Double, _ threshold: Double) -> Double {
        switch self {
        case .less, .lessOrEqual: threshold - value
        case .greater, .greaterOrEqual: value - threshold
        case .equal: -abs(value - threshold)
        case .notEqual: abs(value - threshold)
        }
    }

    /// True for `<` and `<=`, whose passing side is below the threshold; false for `>` and `>=`;
    /// nil for `==` and `!=`, which have no passing side and so no warn band.
    var passesBelow: Bool? {
        switch self {
        case .less, .lessOrEqual: true
        case .greater, .greaterOrEqual: false
        case .equal, .notEqual: nil
        }
    }
}

/// A threshold as written: a number and an optional unit (`50ms`, `0.1%`, `950/s`, `20`).
public struct Threshold: Sendable, Equatable, CustomStringConvertible {
    /// The number as written, before any unit is applied.
    public var value: Double
    /// nil for a bare number.
    public var unit: ThresholdUnit?
    /// The threshold's text as written (`40ms`, `0.1 %`), kept for reports.
    public var text: String
    /// 1-based column of the number, and of the unit when there is one.
    public var column: Int
    public var unitColumn: Int?

    public init(value: Double, unit: ThresholdUnit?, text: String, column: Int = 1, unitColumn: Int? = nil) {
        self.value = value
        self.unit = unit
        self.text = text
        self.column = column
        self.unitColumn = unitColumn
    }

    public var description: String { text }
}

/// The units a threshold may carry. Which of them fit a figure is the figure's ``FigureKind``'s call.
public enum ThresholdUnit: String, Sendable, CaseIterable {
    case microseconds = "us"
    case milliseconds = "ms"
    case seconds = "s"
    case minutes = "m"
    case percent = "%"
    case perSecond = "/s"
    case perMinute = "/m"
    case perHour = "/h"

    /// Reads a unit as written; `µs` (micro sign or Greek mu) is `us`.
    init?(written: String) {
        switch written {
        case "µs", "μs": self = .microseconds
        default: self.init(rawValue: written)
        }
    }

    /// Every spelling the parser accepts, for error messages.
    static let spellings = "us, µs, ms, s, m, %, /s, /m, /h"
}

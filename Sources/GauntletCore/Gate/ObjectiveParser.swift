/// Reads objectives: text in, ``ObjectiveExpression`` out, or an ``ObjectiveError`` naming the
/// column of the problem and what was expected there. The first of the gate's three steps
/// (parse → validate → evaluate), after k6's `metrics/thresholds_parser.go`.
///
/// The grammar, in EBNF. Whitespace may stand between the name, the comparator and the threshold,
/// and between a number and its unit, but not inside a dotted name.
///
/// ```ebnf
/// objective  = [ scope "." ] figure comparator bound ;
/// scope      = name ;                            (* a request the scenario declares *)
/// figure     = name [ "." statistic ] ;
/// statistic  = "p" digits [ "." digits ]
///            | "max" | "mean" | "min" | "avg" | "median" ;
/// name       = ( letter | "_" ) { letter | digit | "_" | "-" } ;
/// comparator = "<" | "<=" | ">" | ">=" | "==" | "!=" ;
/// bound      = threshold | relative ;
/// relative   = "baseline" ( "*" | "+" | "-" ) threshold ;   (* only with <, <=, >, >=; after "*", a bare number *)
/// threshold  = number [ unit ] ;
/// number     = digits [ "." digits ] | "." digits ;
/// unit       = "us" | "µs" | "ms" | "s" | "m"     (* a duration *)
///            | "%"                                 (* a percentage *)
///            | "/s" | "/m" | "/h" ;                (* a rate *)
/// digits     = digit { digit } ;
/// ```
///
/// A dotted name is split by its last part. When that part is a statistic, the figure is the last two
/// parts and anything before is the scope: `latency.p99.9` is the figure `latency.p99.9`,
/// `predict.latency.p99` is the figure `latency.p99` scoped to `predict`. Otherwise the figure is the
/// last part: `predict.error_rate` is `error_rate` scoped to `predict`.
///
/// A relative bound compares a candidate with the baseline candidate of a comparison:
/// `latency.p99 <= baseline * 1.10`, `accuracy >= baseline - 0.005`. It needs an ordering
/// comparator, since `gauntlet compare` judges it on one bound of an interval.
///
/// The parser reads shape only: `latncy.p99 < 50ms` parses, and ``ObjectiveValidator`` then refuses
/// the unknown figure (with a suggestion), a scope no request has, or a unit that does not fit.
public enum ObjectiveParser {
    /// Parses one objective, e.g. `predict.latency.p99 < 40ms`.
    public static func parse(_ text: String) throws(ObjectiveError) -> ObjectiveExpression {
        var scanner = ObjectiveScanner(text, part: .objective)
        scanner.skipSpaces()
        guard !scanner.atEnd else {
            throw scanner.error("empty objective; expected e.g. 'latency.p99 < 50ms'", column: 1)
        }
        let segments = try scanner.dottedName()
        let (scope, figure) = try split(segments, scanner)
        scanner.skipSpaces()
        let comparatorColumn = scanner.column
        let comparator = try scanner.comparator(after: segments.map(\.text).joined(separator: "."))
        scanner.skipSpaces()
        var baseline: BaselineTerm?
        if scanner.atBaseline {
            guard comparator.passesBelow != nil else {
                throw scanner.error(
                    "a relative objective needs <, <=, > or >=: it is judged on one bound of an interval, and '\(comparator.rawValue)' has no side to judge",
                    column: comparatorColumn)
            }
            baseline = try scanner.baselineTerm()
        }
        let threshold = try scanner.threshold()
        if baseline == nil { try scanner.refuseReversedBaseline(after: threshold) }
        try scanner.expectEnd(of: "the objective")
        return ObjectiveExpression(
            scope: scope?.text, figure: figure.text, comparator: comparator, threshold: threshold,
            scopeColumn: scope?.column, figureColumn: figure.column, baseline: baseline)
    }

    /// Parses a threshold on its own, as written in an objective's `warn:` field (`40ms`).
    /// Errors are located in that text and marked ``ObjectiveError/Part/warn``.
    public static func parseThreshold(_ text: String) throws(ObjectiveError) -> Threshold {
        var scanner = ObjectiveScanner(text, part: .warn)
        scanner.skipSpaces()
        let threshold = try scanner.threshold()
        try scanner.expectEnd(of: "the warn threshold")
        return threshold
    }

    private typealias Segment = ObjectiveScanner.Segment

    /// Splits `a[.b[.c]]` into scope and figure by whether the last part is a statistic.
    private static func split(
        _ segments: [Segment], _ scanner: ObjectiveScanner
    ) throws(ObjectiveError) -> (scope: Segment?, figure: Segment) {
        func joined(_ first: Segment, _ second: Segment) -> Segment {
            Segment(text: "\(first.text).\(second.text)", column: first.column)
        }
        switch segments.count {
        case 1:
            return (nil, segments[0])
        case 2:
            return ObjectiveScanner.isStatistic(segments[1].text)
                ? (nil, joined(segments[0], segments[1]))
                : (segments[0], segments[1])
        case 3:
            guard ObjectiveScanner.isStatistic(segments[2].text) else {
                throw scanner.error(
                    "expected a statistic (e.g. p50, p99, p99.9, max, mean) after '\(segments[1].text)', "
                        + "found '\(segments[2].text)'",
                    column: segments[2].column)
            }
            return (segments[0], joined(segments[1], segments[2]))
        default:
            throw scanner.error(
                "unexpected '.\(segments[3].text)'; expected [request.]figure[.statistic], "
                    + "e.g. predict.latency.p99",
                column: segments[3].column - 1)
        }
    }
}

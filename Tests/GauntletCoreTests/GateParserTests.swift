import GauntletCore
import Testing

/// Rows in the manner of k6's `metrics/thresholds_parser_test.go`: text in, either the parts
/// out or an error at a stated column whose message says what was expected.
@Suite struct GateParserTests {
    struct Parsed: Sendable, CustomTestStringConvertible {
        var input: String
        var scope: String?
        var figure: String
        var comparator: Comparator
        var value: Double
        var unit: ThresholdUnit?
        var testDescription: String { input }
    }

    static let valid: [Parsed] = [
        Parsed(input: "latency.p99 < 50ms", figure: "latency.p99", comparator: .less, value: 50, unit: .milliseconds),
        Parsed(input: "latency.p50 < 5ms", figure: "latency.p50", comparator: .less, value: 5, unit: .milliseconds),
        Parsed(input: "service_time.p99 <= 20ms", figure: "service_time.p99", comparator: .lessOrEqual, value: 20, unit: .milliseconds),
        Parsed(input: "error_rate < 0.1%", figure: "error_rate", comparator: .less, value: 0.1, unit: .percent),
        Parsed(input: "throughput >= 950/s", figure: "throughput", comparator: .greaterOrEqual, value: 950, unit: .perSecond),
        Parsed(input: "cost_per_1m_predictions <= 20", figure: "cost_per_1m_predictions", comparator: .lessOrEqual, value: 20),
        Parsed(input: "accuracy >= 0.95", figure: "accuracy", comparator: .greaterOrEqual, value: 0.95),
        Parsed(input: "predict.latency.p99 < 40ms", scope: "predict", figure: "latency.p99", comparator: .less, value: 40, unit: .milliseconds),
        Parsed(input: "latency.p99.9 < 200ms", figure: "latency.p99.9", comparator: .less, value: 200, unit: .milliseconds),
        Parsed(input: "predict.latency.p99.9 < 1s", scope: "predict", figure: "latency.p99.9", comparator: .less, value: 1, unit: .seconds),
        Parsed(input: "predict.error_rate == 0", scope: "predict", figure: "error_rate", comparator: .equal, value: 0),
        Parsed(input: "batch-2.throughput > 10", scope: "batch-2", figure: "throughput", comparator: .greater, value: 10),
        Parsed(input: "latency.max != 0us", figure: "latency.max", comparator: .notEqual, value: 0, unit: .microseconds),
        Parsed(input: "latency.mean > 250µs", figure: "latency.mean", comparator: .greater, value: 250, unit: .microseconds),
        Parsed(input: "latency.mean > 250μs", figure: "latency.mean", comparator: .greater, value: 250, unit: .microseconds),
        Parsed(input: "schedule_lag.p99 < 1m", figure: "schedule_lag.p99", comparator: .less, value: 1, unit: .minutes),
        Parsed(input: "throughput >= 600/m", figure: "throughput", comparator: .greaterOrEqual, value: 600, unit: .perMinute),
        Parsed(input: "throughput >= 57000/h", figure: "throughput", comparator: .greaterOrEqual, value: 57000, unit: .perHour),
        Parsed(input: "  latency.p99<50ms  ", figure: "latency.p99", comparator: .less, value: 50, unit: .milliseconds),
        Parsed(input: "latency.p99 < 50 ms", figure: "latency.p99", comparator: .less, value: 50, unit: .milliseconds),
        Parsed(input: "error_rate<.5%", figure: "error_rate", comparator: .less, value: 0.5, unit: .percent),
        Parsed(input: "f1>=0.9", figure: "f1", comparator: .greaterOrEqual, value: 0.9),
        // Not a statistic, so a scope: whether `latency` is a request is the validator's call.
        Parsed(input: "latency.p99x < 5ms", scope: "latency", figure: "p99x", comparator: .less, value: 5, unit: .milliseconds),
    ]

    @Test(arguments: valid)
    func parsesObjectives(_ row: Parsed) throws {
        let expression = try ObjectiveParser.parse(row.input)
        #expect(expression.scope == row.scope)
        #expect(expression.figure == row.figure)
        #expect(expression.comparator == row.comparator)
        #expect(expression.threshold.value == row.value)
        #expect(expression.threshold.unit == row.unit)
    }

    /// Rows of (input, column, fragment of the message).
    @Test(arguments: [
        ("", 1, "empty objective; expected e.g. 'latency.p99 < 50ms'"),
        ("   ", 1, "empty objective"),
        ("< 50ms", 1, "expected a figure name (e.g. latency.p99, error_rate), found '<'"),
        ("99 < 50ms", 1, "expected a figure name"),
        ("latency.p99 50ms", 13, "expected a comparator (<, <=, >, >=, ==, !=) after 'latency.p99', found '50ms'"),
        ("latency.p99", 12, "expected a comparator (<, <=, >, >=, ==, !=) after 'latency.p99', found the end"),
        ("latency.p99 = 50ms", 13, "found '='; write '==' for equality"),
        ("latency.p99 => 50ms", 13, "found '=>' (did you mean '>='?)"),
        ("latency.p99 =< 50ms", 13, "(did you mean '<='?)"),
        ("latency.p99 <> 50ms", 13, "(did you mean '!='?)"),
        ("latency.p99 === 50ms", 13, "(did you mean '=='?)"),
        ("latency.p99 ! 50ms", 13, "expected a comparator (<, <=, >, >=, ==, !=), found '!'"),
        ("latency.p99 <", 14, "expected a threshold, a number with an optional unit (e.g. 50ms, 0.1%, 950/s), found the end"),
        ("latency.p99 < fast", 15, "expected a threshold, a number with an optional unit (e.g. 50ms, 0.1%, 950/s), found 'fast'"),
        ("latency.p99 < -5ms", 15, "a threshold is never negative"),
        ("latency.p99 < 50kg", 17, "unknown unit 'kg'; expected one of us, µs, ms, s, m, %, /s, /m, /h, or none"),
        ("latency.p99 < 50MS", 17, "unknown unit 'MS' (did you mean 'ms'?)"),
        ("throughput > 5/d", 15, "unknown unit '/d'; expected one of"),
        ("latency.p99 < 1e3ms", 15, "'1e…' has an exponent; write the number out in full"),
        ("throughput > 5/S", 15, "unknown unit '/S' (did you mean '/s'?)"),
        ("latency.p99 < 50ms extra", 20, "unexpected 'extra' after the threshold; expected the end of the objective"),
        ("latency.p99 < 5 5", 17, "unexpected '5' after the threshold"),
        ("latency.p99 < 5.", 16, "unexpected '.' after the threshold"),
        ("latency..p99 < 5ms", 9, "expected a name after '.', found '.p99'"),
        ("latency. < 5ms", 9, "expected a name after '.', found a space"),
        ("latency.", 9, "expected a name after '.', found the end"),
        ("predict.latency.slow < 5ms", 17, "expected a statistic (e.g. p50, p99, p99.9, max, mean) after 'latency', found 'slow'"),
        ("a.b.latency.p99 < 5ms", 12, "unexpected '.p99'; expected [request.]figure[.statistic]"),
    ] as [(String, Int, String)])
    func refusesMalformedObjectives(input: String, column: Int, fragment: String) {
        #expect {
            try ObjectiveParser.parse(input)
        } throws: { error in
            guard let error = error as? ObjectiveError else { return false }
            return error.part == .objective && error.column == column && error.message.contains(fragment)
        }
    }

    @Test func columnsPointAtEachPart() throws {
        let expression = try ObjectiveParser.parse("predict.latency.p99 <= 40 ms")
        #expect(expression.scopeColumn == 1)
        #expect(expression.figureColumn == 9)
        #expect(expression.threshold.column == 24)
        #expect(expression.threshold.unitColumn == 27)
        #expect(expression.threshold.text == "40 ms")
    }

    @Test(arguments: [
        ("predict.latency.p99<40ms", "predict.latency.p99 < 40ms"),
        ("  error_rate   <   0.1%", "error_rate < 0.1%"),
        ("throughput>=950/s", "throughput >= 950/s"),
    ])
    func printsInCanonicalSpacing(input: String, canonical: String) throws {
        #expect(try ObjectiveParser.parse(input).description == canonical)
    }

    @Test(arguments: [
        ("40ms", 40.0, ThresholdUnit.milliseconds as ThresholdUnit?), ("  40 ms ", 40, .milliseconds),
        ("0.5%", 0.5, .percent), ("1000/s", 1000, .perSecond), ("0.9", 0.9, nil),
    ])
    func parsesWarnThresholds(text: String, value: Double, unit: ThresholdUnit?) throws {
        let threshold = try ObjectiveParser.parseThreshold(text)
        #expect(threshold.value == value)
        #expect(threshold.unit == unit)
    }

    @Test(arguments: [
        ("", 1, "expected a threshold"), ("fast", 1, "found 'fast'"), ("40ms!", 5, "expected the end of the warn threshold"),
        ("40 parsecs", 4, "unknown unit 'parsecs'"),
    ] as [(String, Int, String)])
    func refusesMalformedWarnThresholds(text: String, column: Int, fragment: String) {
        #expect {
            try ObjectiveParser.parseThreshold(text)
        } throws: { error in
            guard let error = error as? ObjectiveError else { return false }
            return error.part == .warn && error.column == column && error.message.contains(fragment)
        }
    }
}

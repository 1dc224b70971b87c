import GauntletCore
import Testing

/// Objectives relative to the baseline candidate (`latency.p99 <= baseline * 1.10`): parsed,
/// validated and carried, and never judged as absolute ones by the ordinary evaluator.
@Suite struct RelativeObjectiveParsingTests {
    static let comparing = ObjectiveValidator(requestNames: ["predict"], candidates: ["current", "candidate"])

    /// Rows of (text, operation, amount as written, canonical form).
    @Test(arguments: [
        ("latency.p99 <= baseline * 1.10", BaselineTerm.Operation.times, "1.10", "latency.p99 <= baseline * 1.10"),
        ("latency.p99<=baseline*1.1", .times, "1.1", "latency.p99 <= baseline * 1.1"),
        ("accuracy >= baseline - 0.005", .minus, "0.005", "accuracy >= baseline - 0.005"),
        ("error_rate <= baseline + 0.1%", .plus, "0.1%", "error_rate <= baseline + 0.1%"),
        ("predict.latency.p50 < baseline + 5 ms", .plus, "5 ms", "predict.latency.p50 < baseline + 5 ms"),
        ("throughput >= baseline * 0.95", .times, "0.95", "throughput >= baseline * 0.95"),
    ])
    func parsesRelativeBounds(text: String, operation: BaselineTerm.Operation, amount: String, canonical: String) throws {
        let expression = try ObjectiveParser.parse(text)
        #expect(expression.baseline?.operation == operation)
        #expect(expression.threshold.text == amount)
        #expect(expression.description == canonical)
    }

    @Test func columnsPointAtTheBaselineAndTheAmount() throws {
        let expression = try ObjectiveParser.parse("latency.p99 <= baseline * 1.10")
        #expect(expression.baseline?.column == 16)
        #expect(expression.threshold.column == 27)
        #expect(try ObjectiveParser.parse("latency.p99 <= 50ms").baseline == nil)
    }

    /// Rows of (input, column, fragment of the message).
    @Test(arguments: [
        ("latency.p99 == baseline * 1.1", 13, "a relative objective needs <, <=, > or >=: it is judged on one bound of an interval"),
        ("latency.p99 != baseline + 5ms", 13, "'!=' has no side to judge"),
        ("latency.p99 <= baseline", 24, "after 'baseline', expected '* factor', '+ offset' or '- offset'"),
        ("latency.p99 <= baseline / 2", 25, "found '/'"),
        ("latency.p99 <= baseline * ", 27, "expected a threshold"),
        ("latency.p99 <= baseline * 1.1 * 2", 31, "unexpected '*' after the threshold"),
        ("latency.p99 <= 1.10 * baseline", 21, "write the baseline first: 'baseline * 1.10'"),
        ("latency.p99 <= 5ms + baseline", 20, "write the baseline first: 'baseline + 5ms'"),
        ("latency.p99 <= baselin * 1.1", 16, "(did you mean 'baseline'?)"),
        ("latency.p99 <= baselines * 1.1", 16, "expected a threshold"),
    ] as [(String, Int, String)])
    func refusesMalformedRelativeBounds(input: String, column: Int, fragment: String) {
        #expect {
            try ObjectiveParser.parse(input)
        } throws: { error in
            guard let error = error as? ObjectiveError else { return false }
            return error.part == .objective && error.column == column && error.message.contains(fragment)
        }
    }

    /// A warn threshold is absolute: `baseline` there is named as such.
    @Test func aWarnThresholdIsNeverRelative() {
        #expect {
            try ObjectiveParser.parseThreshold("baseline * 1.05")
        } throws: { error in
            (error as? ObjectiveError)?.message.contains("a warn threshold is absolute") == true
        }
    }

    /// Rows of (objective, the relative threshold in the figure's unit).
    @Test(arguments: [
        ("latency.p99 <= baseline * 1.10", RelativeThreshold.ratio(1.10)),
        ("latency.p99 < baseline + 5ms", .offset(5)),
        ("latency.p99 < baseline + 1.5s", .offset(1_500)),
        ("error_rate <= baseline + 0.1%", .offset(0.001)),
        ("accuracy >= baseline - 0.005", .offset(-0.005)),
        ("accuracy >= baseline - 0.5%", .offset(-0.005)),
        ("throughput >= baseline - 60/m", .offset(-1)),
        ("predict.throughput >= baseline * 0.9", .ratio(0.9)),
    ] as [(String, RelativeThreshold)])
    func validatesRelativeThresholdsInTheFiguresUnit(text: String, relative: RelativeThreshold) throws {
        let objective = try Self.comparing.objective(text, key: true)
        guard case .ratio(let factor)? = objective.relative, case .ratio(let expected) = relative else {
            guard case .offset(let amount)? = objective.relative, case .offset(let expected) = relative else {
                Issue.record("\(text): \(String(describing: objective.relative)), expected \(relative)")
                return
            }
            #expect(abs(amount - expected) < 1e-12 && objective.threshold == amount)
            return
        }
        #expect(factor == expected && objective.threshold == factor)
        #expect(objective.isRelative && objective.key)
    }

    @Test func aRelativeThresholdIsMadeFromTheBaselinesFigure() {
        #expect(RelativeThreshold.ratio(1.1).threshold(forBaseline: 40) == 40 * 1.1)
        #expect(RelativeThreshold.offset(-0.005).threshold(forBaseline: 0.95) == 0.95 - 0.005)
        #expect(RelativeThreshold.ratio(1.1).description == "× 1.1")
        #expect(RelativeThreshold.offset(-0.005).description == "- 0.005")
    }

    /// Rows of (objective, warn, part, column, fragment): refused by the validator.
    @Test(arguments: [
        ("latency.p99 <= baseline * 10%", nil, ObjectiveError.Part.objective, 29, "a factor is a bare number"),
        ("latency.p99 <= baseline * 110%", nil, .objective, 30, "(110% is written 1.1)"),
        ("latency.p99 <= baseline * 1.1ms", nil, .objective, 30, "'ms' has no place after '*'"),
        ("latency.p99 <= baseline * 0", nil, .objective, 27, "a factor must be greater than 0"),
        ("latency.p99 <= baseline + 5", nil, .objective, 27, "'latency.p99' is a duration; give the threshold a unit"),
        ("error_rate <= baseline + 5/s", nil, .objective, 27, "unit '/s' does not fit 'error_rate'"),
        ("accuracy >= baseline - 2", nil, .objective, 24, "is a fraction from 0 to 1"),
        ("latncy.p99 <= baseline * 1.1", nil, .objective, 1, "unknown figure 'latncy.p99' (did you mean 'latency.p99'?)"),
        ("latency.p99 <= baseline * 1.1", "40ms", .warn, 1, "a warn threshold goes with an absolute objective"),
    ] as [(String, String?, ObjectiveError.Part, Int, String)])
    func refusesRelativeThresholdsThatDoNotFit(text: String, warn: String?, part: ObjectiveError.Part, column: Int, fragment: String) {
        #expect {
            try Self.comparing.objective(text, warn: warn)
        } throws: { error in
            guard let error = error as? ObjectiveError else { return false }
            return error.part == part && error.column == column && error.message.contains(fragment)
        }
    }

    /// Without candidates there is no baseline: refused at the word.
    @Test func withoutCandidatesARelativeObjectiveIsRefusedAtTheWordBaseline() {
        #expect {
            try ObjectiveValidator(requestNames: ["predict"]).objective("predict.latency.p99 <= baseline * 1.1")
        } throws: { error in
            guard let error = error as? ObjectiveError else { return false }
            return error.column == 24
                && error.message.contains("'baseline' is the baseline candidate's predict.latency.p99, and there are no candidates to compare")
        }
    }

    /// Judged on its own, a relative objective is inconclusive whatever the figure, with the
    /// figure as measured and the reason; the absolute objectives beside it are judged as ever.
    @Test(arguments: [0.0, 10, 44, 1e9])
    func theEvaluatorLeavesRelativeObjectivesToCompare(value: Double) throws {
        let relative = try Self.comparing.objective("latency.p99 <= baseline * 1.10")
        let absolute = try Self.comparing.objective("latency.p99 < 50ms")
        var table = FigureTable()
        table["latency.p99"] = Figure(value: value, samples: 5_000)
        let results = ObjectiveEvaluator.evaluate([relative, absolute], against: table)
        #expect(results[0].verdict == .inconclusive)
        #expect(results[0].measured == value && results[0].samples == 5_000 && results[0].margin == nil)
        #expect(results[0].reason == "'latency.p99 <= baseline * 1.10' is relative to the baseline candidate: it is judged by gauntlet compare, on the interval's bound")
        #expect(results[1].verdict == (value < 50 ? .pass : .fail))
        // Even with nothing measured, and however it was built.
        let handMade = Objective(expression: relative.expression, definition: relative.definition, threshold: 1.10)
        #expect(ObjectiveEvaluator.evaluate(handMade, against: FigureTable()).verdict == .inconclusive)
    }

    /// A relative objective cannot end a run early: one run's figures do not compare candidates.
    @Test func aRelativeObjectiveCannotAbortARun() throws {
        let expression = try ObjectiveParser.parse("error_rate <= baseline + 1%")
        #expect(AbortRule.problem(with: expression)?.contains("a relative objective is judged only once the candidates have been compared") == true)
        #expect(AbortRule.problem(with: try ObjectiveParser.parse("error_rate <= 1%")) == nil)
    }
}

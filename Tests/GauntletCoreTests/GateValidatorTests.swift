import GauntletCore
import Testing

@Suite struct GateValidatorTests {
    static let validator = ObjectiveValidator(requestNames: ["predict", "health"])

    /// Rows of (objective, warn, threshold and warn threshold in the figure's unit).
    @Test(arguments: [
        ("latency.p99 < 50ms", nil, 50, nil),
        ("latency.p99 < 250us", nil, 0.25, nil),
        ("latency.p99 < 250µs", nil, 0.25, nil),
        ("service_time.p99 <= 1.5s", nil, 1_500, nil),
        ("schedule_lag.p99 < 1m", nil, 60_000, nil),
        ("error_rate < 0.1%", nil, 0.001, nil),
        ("error_rate < 0.001", nil, 0.001, nil),
        ("error_rate < 1%", "0.5%", 0.01, 0.005),
        ("throughput >= 950/s", "1000/s", 950, 1_000),
        ("throughput >= 950", nil, 950, nil),
        ("throughput >= 600/m", nil, 10, nil),
        ("achieved_rate >= 36000/h", nil, 10, nil),
        ("requests >= 1000", nil, 1_000, nil),
        ("errors == 0", nil, 0, nil),
        ("cost_per_1m_predictions <= 20", "15", 20, 15),
        ("cost_per_prediction < 0.001", nil, 0.001, nil),
        ("accuracy >= 95%", "97%", 0.95, 0.97),
        ("precision >= 0.9", nil, 0.9, nil),
        ("recall > 0.9", nil, 0.9, nil),
        ("f1 >= 0.9", nil, 0.9, nil),
        ("latency.p99 < 0.05s", "40ms", 50, 40),
        ("predict.latency.p99 < 40ms", "30ms", 40, 30),
        ("health.error_rate == 0", nil, 0, nil),
        ("latency.p99.9 < 200ms", nil, 200, nil),
    ] as [(String, String?, Double, Double?)])
    func acceptsObjectives(text: String, warn: String?, threshold: Double, warnThreshold: Double?) throws {
        let objective = try Self.validator.objective(text, warn: warn)
        #expect(abs(objective.threshold - threshold) < 1e-12)
        #expect(objective.warnThreshold.map { abs($0 - warnThreshold!) < 1e-12 } ?? (warnThreshold == nil))
        #expect(objective.definition.name == objective.expression.figure)
    }

    /// Rows of (objective, warn, part, column, fragment of the message).
    @Test(arguments: [
        // Unknown figures: an error with the closest name, never a silent pass.
        ("latncy.p99 < 50ms", nil, ObjectiveError.Part.objective, 1, "unknown figure 'latncy.p99' (did you mean 'latency.p99'?)"),
        ("latency.p98 < 50ms", nil, .objective, 1, "unknown figure 'latency.p98' (did you mean 'latency.p9"),
        ("latency.p99x < 50ms", nil, .objective, 1, "unknown figure 'latency.p99x' (did you mean 'latency.p99'?)"),
        ("predict.latncy.p99 < 50ms", nil, .objective, 9, "unknown figure 'latncy.p99' (did you mean 'latency.p99'?)"),
        ("thruput >= 950/s", nil, .objective, 1, "unknown figure 'thruput' (did you mean 'throughput'?)"),
        ("errorrate < 1%", nil, .objective, 1, "(did you mean 'error_rate'?)"),
        ("servicetime.p99 < 5ms", nil, .objective, 1, "(did you mean 'service_time.p99'?)"),
        ("velocity > 5", nil, .objective, 1, "unknown figure 'velocity'; expected one of latency.{p50,p90,p95,p99,p99.9,max,mean}, ok_latency.{p50,p90,p95,p99,p99.9,max,mean}, service_time.{"),
        ("latency < 50ms", nil, .objective, 1, "'latency' needs a statistic: latency.p50, latency.p90"),
        ("predict.latency < 50ms", nil, .objective, 9, "'latency' needs a statistic"),
        ("schedule_lag.p50 < 5ms", nil, .objective, 1, "unknown figure 'schedule_lag.p50'"),
        // Scopes: only requests the scenario declares, only on figures that exist per request.
        ("predct.latency.p99 < 40ms", nil, .objective, 1, "unknown request 'predct' (did you mean 'predict'?); the scenario declares 'predict', 'health'"),
        ("checkout.error_rate < 1%", nil, .objective, 1, "unknown request 'checkout'; the scenario declares 'predict', 'health'"),
        ("predict.cost_per_prediction <= 1", nil, .objective, 1, "'cost_per_prediction' is measured over the whole run and has no value per request"),
        ("predict.schedule_lag.p99 < 5ms", nil, .objective, 1, "measured over the whole run"),
        // Units must fit the figure's kind.
        ("latency.p99 < 50", nil, .objective, 15, "'latency.p99' is a duration; give the threshold a unit (us, µs, ms, s or m), e.g. 50ms"),
        ("latency.p99 < 5%", nil, .objective, 16, "unit '%' does not fit 'latency.p99', a duration; expected us, µs, ms, s or m"),
        ("predict.latency.p99 < 5/s", nil, .objective, 24, "does not fit 'predict.latency.p99', a duration"),
        ("error_rate < 5", nil, .objective, 14, "'error_rate' is a fraction from 0 to 1, and 5 is above 1 (did you mean 5%?)"),
        ("error_rate < 50ms", nil, .objective, 16, "unit 'ms' does not fit 'error_rate', a fraction; expected a percentage (0.1%) or a bare fraction (0.001)"),
        ("accuracy >= 101%", nil, .objective, 16, "'accuracy' cannot exceed 100%"),
        ("throughput >= 5ms", nil, .objective, 16, "unit 'ms' does not fit 'throughput', a rate; expected /s, /m, /h, or a bare number per second"),
        ("requests >= 5/s", nil, .objective, 14, "unit '/s' does not fit 'requests', a count; expected a bare number"),
        ("cost_per_prediction <= 5%", nil, .objective, 25, "does not fit 'cost_per_prediction', a cost in currency units"),
        // The warn band: on the passing side, in a fitting unit, on an ordered comparator.
        ("latency.p99 < 50ms", "60ms", .warn, 1, "warn 60ms must be below 50ms, on the passing side of '< 50ms'"),
        ("latency.p99 < 50ms", "50ms", .warn, 1, "must be below 50ms"),
        ("latency.p99 <= 50ms", "0.06s", .warn, 1, "must be below 50ms"),
        ("throughput >= 950/s", "900/s", .warn, 1, "warn 900/s must be above 950/s"),
        ("accuracy == 0.95", "0.9", .warn, 1, "a warn threshold needs an ordering comparator (<, <=, >, >=); '==' has no passing side"),
        ("latency.p99 < 50ms", "40", .warn, 1, "'latency.p99' is a duration"),
        ("latency.p99 < 50ms", "40 %", .warn, 4, "unit '%' does not fit 'latency.p99'"),
        ("latency.p99 < 50ms", "soon", .warn, 1, "expected a threshold"),
    ] as [(String, String?, ObjectiveError.Part, Int, String)])
    func refusesInvalidObjectives(text: String, warn: String?, part: ObjectiveError.Part, column: Int, fragment: String) {
        #expect {
            try Self.validator.objective(text, warn: warn)
        } throws: { error in
            guard let error = error as? ObjectiveError else { return false }
            return error.part == part && error.column == column && error.message.contains(fragment)
        }
    }

    @Test func aScenarioWithoutRequestNamesRefusesEveryScope() {
        #expect(throws: ObjectiveError(
            column: 1, message: "unknown request 'predict'; the scenario declares no named requests"
        )) {
            try ObjectiveValidator().objective("predict.latency.p99 < 40ms")
        }
    }

    @Test func keepsTheKeyMarkAndTheWarnAsWritten() throws {
        let objective = try Self.validator.objective("latency.p99 < 50ms", warn: "40ms", key: true)
        #expect(objective.key)
        #expect(objective.warn?.text == "40ms")
        #expect(objective.description == "latency.p99 < 50ms (warn 40ms, key)")
    }
}

@Suite struct GateCatalogueTests {
    /// The sample rule: a percentile p needs ceil(10 / (1 − p/100)) samples; max and mean need one.
    @Test(arguments: [
        ("p50", 20), ("p90", 100), ("p95", 200), ("p99", 1_000), ("p99.9", 10_000), ("p99.99", 100_000),
        ("p75", 40), ("p0", 10), ("max", 1), ("mean", 1),
    ] as [(String, UInt64)])
    func percentilesNeedTenSamplesAboveThem(statistic: String, samples: UInt64) {
        #expect(FigureCatalogue.minimumSamples(statistic: statistic) == samples)
        #expect(FigureCatalogue.standard["latency.\(statistic)"].map { $0.minimumSamples == samples } ?? true)
    }

    @Test(arguments: ["p100", "p", "avg", "p99.", "p-1", ""])
    func refusesStatisticsWithoutASampleRule(statistic: String) {
        #expect(FigureCatalogue.minimumSamples(statistic: statistic) == nil)
    }

    /// Rows of (figure, kind, exists per request, samples needed).
    @Test(arguments: [
        ("latency.p50", FigureKind.duration, true, 20), ("latency.p99.9", .duration, true, 10_000),
        ("latency.max", .duration, true, 1), ("service_time.p99", .duration, true, 1_000),
        ("service_time.mean", .duration, true, 1), ("schedule_lag.p99", .duration, false, 1_000),
        ("error_rate", .fraction, true, 1), ("throughput", .rate, true, 1), ("achieved_rate", .rate, true, 1),
        ("requests", .count, true, 1), ("errors", .count, true, 1), ("accuracy", .fraction, true, 1),
        ("precision", .fraction, true, 1), ("recall", .fraction, true, 1), ("f1", .fraction, true, 1),
        ("cost_per_prediction", .currency, false, 1), ("cost_per_1m_predictions", .currency, false, 1),
    ] as [(String, FigureKind, Bool, UInt64)])
    func catalogueHoldsEveryFigure(name: String, kind: FigureKind, perRequest: Bool, samples: UInt64) throws {
        let definition = try #require(FigureCatalogue.standard[name])
        #expect(definition.kind == kind)
        #expect(definition.perRequest == perRequest)
        #expect(definition.minimumSamples == samples)
    }

    @Test func catalogueNamesAreUniqueAndEveryHistogramHasEveryStatistic() {
        let names = FigureCatalogue.standard.definitions.map(\.name)
        #expect(Set(names).count == names.count)
        for base in ["latency", "service_time"] {
            for statistic in FigureCatalogue.histogramStatistics {
                #expect(FigureCatalogue.standard["\(base).\(statistic)"] != nil, "\(base).\(statistic)")
            }
        }
    }

    @Test func anExtendedCatalogueIsValidatedAgainst() throws {
        let catalogue = FigureCatalogue(
            FigureCatalogue.standard.definitions + FigureCatalogue.histogram("queue_time", statistics: ["p99.99"], perRequest: false))
        let objective = try ObjectiveValidator(catalogue: catalogue).objective("queue_time.p99.99 < 5ms")
        #expect(objective.definition.minimumSamples == 100_000)
        #expect(throws: ObjectiveError.self) { try ObjectiveValidator().objective("queue_time.p99.99 < 5ms") }
    }
}

import Foundation
import GauntletCore
import Testing

/// The samples a plan gives each objective, before anything is sent, checked against the arrivals
/// its schedule actually holds and against the sample rule the gate judges by.
@Suite struct SampleForecastTests {
    static let second: UInt64 = 1_000_000_000

    static func plan(_ load: String) throws -> LoadPlan {
        let scenario = try ScenarioParser.parse(
            yaml: "target: http://127.0.0.1:9\nrequests: [{name: probe, path: /}]\nload: \(load)\n", file: "s.yaml",
            folder: "/tmp")
        return LoadPlan(load: scenario.load)
    }

    static func objective(_ text: String, requests: [String] = ["predict", "health"]) throws -> Objective {
        try ObjectiveValidator(requestNames: requests).objective(text)
    }

    static let probe = [SampleForecast.Request(name: "probe", weight: 1)]

    /// Rows of (load, requests due in the measured window, its length in seconds, its one rate).
    static let windows: [(String, Double, Double, Double?)] = [
        // 50/s for 2 s after a 1 s warm-up at the same rate: the warm-up's 50 are not counted.
        ("{warmup: 1s, phases: [{constant: {rate: 50/s, duration: 2s}}]}", 100, 2, 50),
        // A ramp warms up at max(from, to / 10) = 10/s; its 4 s average 30/s.
        ("{warmup: 2s, phases: [{ramp: {from: 10/s, to: 50/s, duration: 4s}}]}", 120, 4, nil),
        // Plateaus of 10, 20, 30 and 40/s, 2 s each, after a warm-up at the first.
        ("{warmup: 1s, phases: [{step: {from: 10/s, to: 40/s, steps: 4, duration: 8s}}]}", 200, 8, nil),
        // 10/s with 1 s at 100/s.
        ("{phases: [{spike: {base: 10/s, peak: 100/s, at: 1s, length: 1s, duration: 3s}}]}", 120, 3, nil),
        // Two phases at one rate read as one rate.
        ("{warmup: 1s, phases: [{constant: {rate: 20/s, duration: 1s}}, {constant: {rate: 20/s, duration: 2s}}]}", 60, 3, 20),
        // A pause counts its time but sends nothing.
        ("{phases: [{constant: {rate: 10/s, duration: 1s}}, {pause: {duration: 1s}}, {constant: {rate: 10/s, duration: 1s}}]}", 20, 3, nil),
    ]

    @Test(arguments: windows)
    func countsTheMeasuredWindowOfTheSchedule(load: String, scheduled: Double, seconds: Double, rate: Double?) throws {
        let forecast = SampleForecast(plan: try Self.plan(load), requests: Self.probe)
        #expect(abs(forecast.scheduled - scheduled) < 1e-6, "\(forecast.scheduled)")
        #expect(abs(forecast.windowSeconds - seconds) < 1e-9)
        #expect(forecast.constantRate == rate)
        #expect(!forecast.poisson && !forecast.replay && !forecast.closedLoop)
    }

    /// The forecast is the schedule's own count: the arrivals due at or after the warm-up's end,
    /// as the recorder keeps them, within one of the expectation for constant spacing.
    @Test(arguments: windows)
    func agreesWithTheArrivalsTheScheduleHolds(load: String, scheduled: Double, seconds: Double, rate: Double?) throws {
        let plan = try Self.plan(load)
        let measured = plan.model.schedule.arrivals().filter { $0.intended >= plan.warmup }.count
        let forecast = SampleForecast(plan: plan, requests: Self.probe)
        #expect(abs(Double(measured) - forecast.scheduled) <= 1, "schedule \(measured), forecast \(forecast.scheduled)")
    }

    /// The mix shares the requests by weight; quality counts labelled rows and cost predictions,
    /// each only where the request carries them.
    @Test func theMixSharesTheRequestsByWeight() throws {
        let forecast = SampleForecast(
            plan: try Self.plan("{warmup: 1s, phases: [{constant: {rate: 50/s, duration: 2s}}]}"),
            requests: [
                .init(name: "predict", weight: 3, labelledRows: 8, predictions: 8),
                .init(name: "health", weight: 1, labelledRows: 0, predictions: 0),
            ])
        func expected(_ text: String) throws -> Double { forecast.samples(for: try Self.objective(text)).expected }
        #expect(try expected("latency.p99 < 1s") == 100)
        #expect(try expected("error_rate < 1%") == 100)
        #expect(try expected("predict.latency.p99 < 1s") == 75)
        #expect(try expected("health.latency.p50 < 1s") == 25)
        #expect(try expected("accuracy >= 0.9") == 600)
        #expect(try expected("predict.f1 >= 0.9") == 600)
        #expect(try expected("health.accuracy >= 0.9") == 0)
        #expect(try expected("cost_per_prediction < 1") == 600)
    }

    /// Constant spacing fixes the count; only the mix's draw varies (binomial). Poisson arrivals
    /// vary the count too: a thinned Poisson count's variance is its mean.
    @Test func theSpreadComesFromPoissonArrivalsAndTheMix() throws {
        let requests: [SampleForecast.Request] = [.init(name: "predict", weight: 3), .init(name: "health", weight: 1)]
        let constant = SampleForecast(
            plan: try Self.plan("{phases: [{constant: {rate: 100/s, duration: 1s}}]}"), requests: requests)
        let poisson = SampleForecast(
            plan: try Self.plan("{arrivals: poisson, phases: [{constant: {rate: 100/s, duration: 1s}}]}"), requests: requests)
        let whole = try Self.objective("latency.p99 < 1s"), predict = try Self.objective("predict.latency.p99 < 1s")
        #expect(constant.samples(for: whole).standardDeviation == 0)
        #expect(abs(constant.samples(for: predict).standardDeviation - (100 * 0.75 * 0.25).squareRoot()) < 1e-9)
        #expect(poisson.poisson)
        #expect(abs(poisson.samples(for: whole).standardDeviation - 10) < 1e-9)
        #expect(abs(poisson.samples(for: predict).standardDeviation - 75.0.squareRoot()) < 1e-9)
    }

    /// A replay's count is its trace's: the entries due at or after the warm-up, at its speed.
    @Test func aReplayCountsItsTraceAfterTheWarmup() throws {
        let trace = try ReplayTrace.parse((0..<5).map { #"{"offset_ms": \#($0 * 400), "path": "/"}"# }.joined(separator: "\n"))
        let plan = LoadPlan(replay: trace, speed: 2, load: LoadSection(phases: [], warmup: 500_000_000))
        let forecast = SampleForecast(plan: plan, requests: [.init(name: "replay", weight: 1)])
        // Offsets 0, 200, 400, 600 and 800 ms at speed 2: the last two are measured.
        #expect(forecast.scheduled == 2 && forecast.replay && forecast.constantRate == nil)
        let samples = forecast.samples(for: try Self.objective("latency.p50 < 1s", requests: ["replay"]))
        #expect(samples == SampleCount(expected: 2, exact: true))
        #expect(samples.description == "2")
        let outlook = forecast.forecast(try Self.objective("latency.p50 < 1s", requests: ["replay"]))
        #expect(outlook.warning == "latency.p50 will rest on 2 samples (the trace's 2 requests after the 500ms warm-up); "
            + "it needs 20 to be judged (inconclusive is never a pass): a replay sends its trace as recorded: "
            + "replay a longer trace, or a shorter warm-up")
    }

    /// Closed-loop phases send as fast as the server answers: the open-loop part is a lower
    /// bound, enough when it alone clears the minimum, unknown otherwise — never a guess.
    @Test func closedLoopPhasesAreALowerBound() throws {
        let mixed = SampleForecast(
            plan: try Self.plan("{phases: [{constant: {rate: 100/s, duration: 1s}}, {closed: {concurrency: 4, duration: 1s}}]}"),
            requests: Self.probe)
        #expect(mixed.closedLoop && mixed.scheduled == 100)
        let p50 = mixed.forecast(try Self.objective("latency.p50 < 1s"))
        #expect(p50.outlook == .enough && p50.samples.lowerBound)
        #expect(p50.description == "latency.p50 < 1s: at least 100 samples, needs 20 · ok")
        let p99 = mixed.forecast(try Self.objective("latency.p99 < 1s"))
        #expect(p99.outlook == .unknown && p99.warning == nil)

        let closed = SampleForecast(plan: try Self.plan("{phases: [{closed: {concurrency: 4, duration: 5s}}]}"), requests: Self.probe)
        let unknown = closed.forecast(try Self.objective("latency.p99 < 1s"))
        #expect(unknown.outlook == .unknown)
        #expect(unknown.description
            == "latency.p99 < 1s: an unknown number of samples, needs 1,000 · closed-loop phases add as many as the server answers")
        // Closed-loop warm-up: the measured phases are what count.
        let warmedUp = SampleForecast(
            plan: try Self.plan("{warmup: 2s, phases: [{closed: {concurrency: 4, duration: 5s}}]}"), requests: Self.probe)
        #expect(warmedUp.closedLoop && warmedUp.scheduled == 0)
    }

    /// The issue's example: a p99 over 2 s at 50/s rests on 100 samples of the 1,000 it needs.
    @Test func aP99OverTwoSecondsAtFiftyPerSecondWarns() throws {
        let forecast = SampleForecast(
            plan: try Self.plan("{warmup: 1s, phases: [{constant: {rate: 50/s, duration: 2s}}]}"), requests: Self.probe)
        let outlook = forecast.forecast(try Self.objective("latency.p99 < 40ms"))
        #expect(outlook.needed == 1_000 && outlook.samples.expected == 100)
        #expect(outlook.description == "latency.p99 < 40ms: about 100 samples, needs 1,000 · warning")
        #expect(outlook.warning == "latency.p99 will rest on about 100 samples (2s at 50/s); it needs 1,000 to be judged "
            + "(inconclusive is never a pass): run for at least 20s after the warm-up or raise the rate to 500/s")
        // Its p50 has the 20 it needs, and the figures that need one request have them.
        #expect(forecast.warnings([try Self.objective("latency.p50 < 40ms"), try Self.objective("error_rate < 1%")]).isEmpty)
    }

    /// The text says where the count comes from: the mix's share, the rows per request, the
    /// shape of the rates, Poisson arrivals.
    @Test func aWarningSaysWhereItsCountComesFrom() throws {
        let forecast = SampleForecast(
            plan: try Self.plan("{arrivals: poisson, phases: [{ramp: {from: 10/s, to: 50/s, duration: 4s}}]}"),
            requests: [
                .init(name: "predict", weight: 3, labelledRows: 8), .init(name: "health", weight: 1),
            ])
        let p99 = try #require(forecast.forecast(try Self.objective("predict.latency.p99 < 40ms")).warning)
        #expect(p99.hasPrefix("predict.latency.p99 will rest on about 90 ± 9 samples (4s at 30/s on average, Poisson arrivals, "
            + "predict 75% of the mix); it needs 1,000"), "\(p99)")
        #expect(p99.hasSuffix(": run for at least 48s or scale the rates by 11.9"), "\(p99)")
        let quality = SampleForecast(
            plan: try Self.plan("{phases: [{constant: {rate: 1/s, duration: 1s}}]}"),
            requests: [.init(name: "predict", weight: 1, labelledRows: 0.5), .init(name: "health", weight: 1)])
        let accuracy = try #require(quality.forecast(try Self.objective("accuracy >= 0.9")).warning)
        #expect(accuracy.contains("(1s at 1/s, predict 50% of the mix, 0.5 labelled rows per request)"), "\(accuracy)")
    }

    /// The advice holds: the suggested window clears the minimum with the margin, and a window one
    /// second shorter (its rounding step) does not; so a run sized by it is judged, and the advice
    /// is not inflated.
    @Test(arguments: [
        ("{phases: [{constant: {rate: 50/s, duration: 2s}}]}", "latency.p99 < 1s"),
        ("{arrivals: poisson, phases: [{constant: {rate: 50/s, duration: 2s}}]}", "latency.p99 < 1s"),
        ("{phases: [{constant: {rate: 50/s, duration: 2s}}]}", "predict.latency.p99 < 1s"),
        ("{arrivals: poisson, warmup: 3s, phases: [{ramp: {from: 10/s, to: 90/s, duration: 5s}}]}", "health.latency.p90 < 1s"),
        ("{phases: [{step: {from: 10/s, to: 40/s, steps: 4, duration: 8s}}]}", "latency.p99.9 < 1s"),
    ])
    func theAdvisedDurationIsEnoughAndNoMore(load: String, objective text: String) throws {
        let requests: [SampleForecast.Request] = [.init(name: "predict", weight: 4), .init(name: "health", weight: 1)]
        let objective = try Self.objective(text)
        let plan = try Self.plan(load)
        let warning = try #require(SampleForecast(plan: plan, requests: requests).forecast(objective).warning)
        let advised = try #require(warning.firstMatch(of: /run for at least ([0-9a-z.]+)/)?.1)
        let seconds = try DurationParser.nanoseconds(String(advised))
        let stretched = try ScenarioOverrides(duration: seconds).apply(to: Self.scenario(load))
        #expect(SampleForecast(plan: LoadPlan(load: stretched.load), requests: requests).forecast(objective).outlook == .enough)
        let short = try ScenarioOverrides(duration: seconds - Self.second).apply(to: Self.scenario(load))
        #expect(SampleForecast(plan: LoadPlan(load: short.load), requests: requests).forecast(objective).warning != nil)
    }

    static func scenario(_ load: String) throws -> Scenario {
        try ScenarioParser.parse(
            yaml: "target: http://127.0.0.1:9\nrequests: [{name: probe, path: /}]\nload: \(load)\n", file: "s.yaml",
            folder: "/tmp")
    }

    /// From a loaded catalogue: the weights as written, and the labelled rows each request
    /// carries (a batch of 4 of 10 rows: the last request tops up, so every request carries 4).
    @Test func aCatalogueGivesTheMixAndItsLabelledRows() throws {
        let scenario = try ScenarioParser.parse(yaml: """
            target: http://127.0.0.1:9
            data: {rows: {file: rows.csv, label: label}}
            requests:
              - {name: predict, weight: 3, path: /infer, body: {v2: {data: rows, shape: [-1, 1], rows: 4}}}
              - {name: health, path: /health}
            load: {phases: [{constant: {rate: 40/s, duration: 1s}}]}
            cost: {hourly_price: 1}
            """, file: "s.yaml", folder: "/tmp")
        let table = try DataTable.csv("label,x\n" + (0..<10).map { "\($0 % 2),\($0)" }.joined(separator: "\n"))
        let catalog = try RequestCatalog.build(scenario: scenario, tables: ["rows": table], environment: [:])
        #expect(catalog.weights == [3, 1])
        #expect(catalog.labelledRows(template: 0) == 4 && catalog.labelledRows(template: 1) == 0)
        let forecast = SampleForecast(
            plan: LoadPlan(load: scenario.load), catalog: catalog,
            predictionsPerRequest: RunDescription.predictionsPerRequest(of: scenario, templateNames: catalog.templateNames))
        #expect(forecast.samples(for: try Self.objective("accuracy >= 0.9")).expected == 120)
        // Cost counts the batch's predictions, and none for a request without a body.
        #expect(forecast.samples(for: try Self.objective("cost_per_prediction < 1")).expected == 120)
        #expect(forecast.samples(for: try Self.objective("health.error_rate < 1%")).expected == 10)
    }
}

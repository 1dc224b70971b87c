import Foundation
import GauntletCore

/// A run made of known completions, recorded the way the engine records them (per request, per
/// phase, per second, quality by row, the schedule digest), for tests of results and merges.
struct SyntheticRun {
    struct Item {
        var template: String
        var arrival: Int
        var completion: Completion
        var row: Int
        var label: String
        var predicted: String
    }

    static let templates = ["predict", "health"]
    static let phaseStarts: [Nanoseconds] = [0, 1_000_000_000, 3_000_000_000]
    static let warmup: Nanoseconds = 1_000_000_000
    static let startedAt = Date(timeIntervalSince1970: 1_800_000_000)

    /// `count` random completions over about 6 s: latencies over four orders of magnitude, a mix
    /// of statuses and error kinds, two request templates, labels and predictions on 40 rows.
    static func items(count: Int, generator: inout Xoshiro256StarStar) -> [Item] {
        (0..<count).map { arrival in
            let intended = Nanoseconds(Double(arrival) / Double(max(count, 1)) * 6e9)
            let lag = Nanoseconds(generator.nextUnitInterval() < 0.9 ? generator.next() % 200_000 : generator.next() % 20_000_000)
            let service = Nanoseconds(exp(generator.nextUnitInterval() * 12) * 1_000)  // 1 µs to ~160 ms
            let draw = generator.nextUnitInterval()
            let (status, error): (Int, ErrorKind?) =
                draw < 0.8 ? (200, nil) : draw < 0.9 ? (503, .http5xx) : draw < 0.95 ? (404, .http4xx) : (0, .requestTimeout)
            let row = Int(generator.next() % 40)
            return Item(
                template: templates[Int(generator.next() % 2)], arrival: arrival,
                completion: Completion(intended: intended, sent: intended + lag, finished: intended + lag + service,
                                       status: status, error: error),
                row: row, label: String(row % 10), predicted: String(generator.nextUnitInterval() < 0.9 ? row % 10 : (row + 1) % 10))
        }
    }

    /// The measurements of `items`, as one engine run would hand them on.
    static func measurements(_ items: [Item]) -> RunMeasurements {
        var byRequest = Dictionary(uniqueKeysWithValues: templates.map { ($0, Recorder(measurementStart: warmup)) })
        var byPhase = phaseStarts.map { _ in Recorder(measurementStart: warmup) }
        var seconds: [Int: WorkerSecond] = [:]
        var quality = QualityCounts()
        var schedule = ScheduleDigest()
        for item in items {
            let completion = item.completion
            byRequest[item.template]!.record(completion)
            let phase = phaseStarts.lastIndex { $0 <= completion.intended } ?? 0
            byPhase[phase].record(completion)
            let sentSecond = Int(completion.sent / 1_000_000_000), finishedSecond = Int(completion.finished / 1_000_000_000)
            seconds[sentSecond, default: WorkerSecond(second: sentSecond)].countSend(scheduleLag: completion.scheduleLag)
            seconds[finishedSecond, default: WorkerSecond(second: finishedSecond)].record(completion)
            if item.template == "predict", completion.error == nil, completion.intended >= warmup {
                quality.record(template: item.template, row: item.row, expected: item.label, predicted: item.predicted)
            }
            schedule.add(index: item.arrival, intended: completion.intended)
        }
        var overall = Recorder(measurementStart: warmup)
        for name in templates { overall.merge(byRequest[name]!) }
        var accumulator = SecondSeriesAccumulator(workers: 1)
        for second in seconds.keys.sorted() { accumulator.add(seconds[second]!) }
        let last = items.map(\.completion.finished).max() ?? 0
        return RunMeasurements(
            recorder: overall, byRequest: byRequest, byPhase: byPhase, quality: quality,
            series: accumulator.points, seriesHistograms: accumulator.seconds.map(\.histograms),
            sent: UInt64(items.count), schedule: schedule, cancelled: 0, generatorCPU: UInt64(items.count) * 20_000,
            elapsed: last, interrupted: false, startedAt: startedAt, endedAt: startedAt.addingTimeInterval(last.nanosecondsAsSeconds))
    }

    static let scenarioSource = """
        name: synthetic
        target: http://127.0.0.1:9
        requests:
          - {name: predict, path: /infer, body: "{}"}
          - {name: health, path: /health}
        load:
          warmup: 1s
          phases:
            - constant: {rate: 100/s, duration: 2s}
            - constant: {rate: 200/s, duration: 3s}
        objectives:
          - latency.p99 < 1s
          - predict.accuracy >= 0.5
        """

    static var phases: [LoadPlan.PhaseSpan] {
        let scenario = try! ScenarioParser.parse(yaml: scenarioSource, file: "synthetic.yaml", folder: "/tmp")
        return LoadPlan(load: scenario.load).timeline
    }

    /// The result a process would save for `segment` of a run that sent `items`.
    static func result(_ items: [Item], segment: RunSegment?) -> RunResult {
        let scenario = try! ScenarioParser.parse(yaml: scenarioSource, file: "synthetic.yaml", folder: "/tmp")
        let plan = LoadPlan(load: scenario.load)
        let echo = RunResult.ScenarioEcho(
            name: scenario.name, file: scenario.file, description: nil, target: scenario.target, source: scenarioSource, secrets: [])
        let description = RunDescription(
            echo: echo,
            plan: RunPlan(url: scenario.target!, method: "GET,POST", model: plan.model, warmup: plan.warmup, seed: 1,
                          timeout: 1_000_000_000, connections: 16, workers: 1),
            phases: plan.timeline, objectives: try! scenario.validatedObjectives(requestNames: templates), cost: nil,
            predictionsPerRequest: [:],
            segment: segment.map { SegmentRecord(segment: $0, startAt: startedAt, actualStart: startedAt, host: "host-\($0.index)") })
        return RunResult(measurements: measurements(items), description: description, host: "test")
    }
}

/// Decides what one capacity step came to (docs/capacity.md, "Rules of a step"):
///
/// 1. **Valid** only when the generator sent the load asked for: at least 98% of the scheduled
///    requests, and at most 1% of sends later than ``CapacitySection/lateAfter``. An invalid step
///    is never a pass, whatever its figures.
/// 2. Each objective is judged on its confidence interval: a percentile on its order-statistic
///    interval, an error rate on its Wilson interval, anything else as measured. It *holds* when
///    it passes on the adverse end (the upper end of `p99 < 20ms`), *fails* when it fails even
///    on the favourable end, and is open in between or with too few samples.
/// 3. **Stable** unless the median latency of the last measurement's thirds spreads by more than
///    ``stabilitySpread`` and ``stabilityFloor`` both: a queue still growing.
///
/// Then: invalid → invalid; an objective failing → fail; all holding and stable → pass; else
/// undecided (the search measures the step again, up to its extensions).
public struct CapacityStepJudge: Sendable {
    public var objectives: [Objective]
    public var lateAfter: Nanoseconds

    public init(objectives: [Objective], lateAfter: Nanoseconds = CapacitySection.defaultLateAfter) {
        self.objectives = objectives
        self.lateAfter = lateAfter
    }

    /// perf_analyzer's stability percentage.
    public static let stabilitySpread = 0.10
    /// Below this, a spread in median latency is timer jitter, not a queue.
    public static let stabilityFloorMilliseconds = 1.0
    public static let stabilityWindows = 3

    /// What the step measured, merged over its extensions, and what it was asked.
    public struct Measured: Sendable {
        public var measurements: RunMeasurements
        public var summary: RunSummary
        /// The last measurement alone: the seconds the stability rule reads.
        public var lastSeries: [SecondPoint]
        public var warmupSeconds: Int
        /// Requests due in the measured windows; nil for a closed-loop step.
        public var scheduled: UInt64?
        public var connections: Int

        public init(
            measurements: RunMeasurements, summary: RunSummary, lastSeries: [SecondPoint], warmupSeconds: Int,
            scheduled: UInt64?, connections: Int
        ) {
            self.measurements = measurements
            self.summary = summary
            self.lastSeries = lastSeries
            self.warmupSeconds = warmupSeconds
            self.scheduled = scheduled
            self.connections = connections
        }
    }

    public struct Judgement: Sendable, Equatable {
        public var outcome: CapacitySearch.Outcome
        public var valid: Bool
        public var stable: Bool
        public var windowMedians: [Double]
        public var lateSends: UInt64
        public var objectives: [CapacityObjectiveResult]
        public var reasons: [String]
    }

    public func judge(_ step: Measured) -> Judgement {
        var reasons: [String] = []
        let recorder = step.measurements.recorder
        let completed = recorder.measured.completed
        let late = Self.count(above: lateAfter, in: recorder.scheduleLag)
        var valid = true
        if let scheduled = step.scheduled, scheduled > 0 {
            let sentShare = Double(completed) / Double(scheduled)
            if sentShare < CapacitySection.minimumSentShare {
                valid = false
                reasons.append("the generator sent \(completed) of the \(scheduled) requests scheduled (\(Self.percent(sentShare))), under \(Self.percent(CapacitySection.minimumSentShare))")
            }
        }
        let lateShare = completed == 0 ? 0 : Double(late) / Double(completed)
        if lateShare > CapacitySection.maximumLateShare {
            valid = false
            let peak = step.lastSeries.compactMap(\.inFlight).max() ?? 0
            let why = peak >= UInt64(step.connections)
                ? "all \(step.connections) connections were busy: the target held them (it is saturated), or there are too few for this rate (load: connections)"
                : "connections were free, so the generator's threads did not run in time (they used \(step.summary.generator.cpuMicrosecondsPerRequest.formatted(fractionDigits: 0)) µs of CPU per request; the machine's other load counts too)"
            reasons.append("\(Self.percent(lateShare)) of sends started over \(lateAfter.nanosecondsAsMilliseconds.compact) ms late (at most \(Self.percent(CapacitySection.maximumLateShare)) allowed): \(why)")
        }
        if completed == 0 { valid = false; reasons.append("no request completed") }

        let (medians, stable) = Self.stability(step.lastSeries, warmupSeconds: step.warmupSeconds)
        // Each percentile's and error rate's interval, read once from the histograms.
        let bounds = Self.bounds(step.measurements)
        let results = judgeObjectives(step, bounds: bounds)
        let combined = GateVerdict.combine(results.map { ($0.verdict, $0.key) })
        for result in results where result.verdict != .pass {
            reasons.append("\(result.objective): \(result.reason ?? result.verdict.rawValue)")
        }
        let outcome: CapacitySearch.Outcome
        if !valid, let saturated = targetFailure(results, bounds: bounds) {
            // The generator's lag cannot explain a latency that fails even from the actual send.
            outcome = .fail
            reasons.append(saturated)
        } else if !valid {
            outcome = .invalid
        } else if combined == .fail {
            outcome = .fail
        } else if combined == .inconclusive {
            outcome = .undecided
        } else if !stable {
            outcome = .undecided
            reasons.append("latency was still rising: the thirds' medians were \(medians.map { $0.formatted(fractionDigits: 2) }.joined(separator: ", ")) ms")
        } else {
            outcome = .pass
        }
        return Judgement(
            outcome: outcome, valid: valid, stable: stable, windowMedians: medians, lateSends: late, objectives: results,
            reasons: reasons)
    }

    /// Each objective on its interval; relative ones cannot be judged on one target and are left out
    /// by the loader.
    func judgeObjectives(_ step: Measured, bounds: [BoundKey: ClosedInterval]) -> [CapacityObjectiveResult] {
        let point = FigureTable(measurements: step.measurements, summary: step.summary, cost: nil)
        return objectives.map { objective in
            let name = objective.expression.figure, scope = objective.expression.scope
            let interval = bounds[BoundKey(name: name, scope: scope)]
            let measured = point[name, scope: scope]
            func table(_ end: KeyPath<ClosedInterval, Double>) -> FigureTable {
                var table = point
                if let interval, let measured { table[name, scope: scope] = Figure(value: interval[keyPath: end], samples: measured.samples) }
                return table
            }
            let comparator = objective.expression.comparator
            let adverseIsUpper = comparator == .less || comparator == .lessOrEqual
            let adverse = ObjectiveEvaluator.evaluate(objective, against: table(adverseIsUpper ? \.upper : \.lower))
            let favourable = ObjectiveEvaluator.evaluate(objective, against: table(adverseIsUpper ? \.lower : \.upper))
            let verdict: GateVerdict
            var reason: String?
            if adverse.verdict == .inconclusive {
                verdict = .inconclusive
                reason = adverse.reason
            } else if favourable.verdict == .fail {
                verdict = .fail
                reason = interval.map { "\(Self.show($0, objective)) is past \(Self.show(objective.threshold, objective)) even at its \(adverseIsUpper ? "lower" : "upper") bound" }
                    ?? "\(Self.show(measured?.value ?? .nan, objective)) misses \(Self.show(objective.threshold, objective))"
            } else if adverse.verdict == .fail {
                verdict = .inconclusive
                reason = "the 95% interval \(interval.map { Self.show($0, objective) } ?? "") straddles \(Self.show(objective.threshold, objective)): more samples needed"
            } else {
                verdict = .pass
            }
            return CapacityObjectiveResult(
                objective: objective.description, verdict: verdict, key: objective.key, threshold: objective.threshold,
                measured: measured?.value, lower: interval?.lower, upper: interval?.upper, samples: measured?.samples ?? 0,
                reason: reason)
        }
    }

    /// When the generator fell behind, a latency objective can still be failed by the target: if
    /// the same percentile of the service time (from each request's actual send, so without the
    /// generator's lag) fails the threshold even at its favourable bound, the target is too slow
    /// at this rate whatever the generator did. Says so, or nil.
    func targetFailure(_ results: [CapacityObjectiveResult], bounds: [BoundKey: ClosedInterval]) -> String? {
        for (objective, result) in zip(objectives, results) where result.verdict == .fail {
            let expression = objective.expression
            guard expression.figure.hasPrefix("latency.") || expression.figure.hasPrefix("ok_latency.") else { continue }
            let statistic = expression.figure.split(separator: ".", maxSplits: 1).last.map(String.init) ?? ""
            guard let service = bounds[BoundKey(name: "service_time.\(statistic)", scope: expression.scope)] else { continue }
            let comparator = expression.comparator
            let favourable = comparator == .less || comparator == .lessOrEqual ? service.lower : service.upper
            if !comparator.holds(favourable, objective.threshold) {
                return "the target is saturated: even from each request's actual send, service_time.\(statistic) is \(Self.show(service, objective)), past \(Self.show(objective.threshold, objective)); the generator's lag does not explain the failure"
            }
        }
        return nil
    }

    struct BoundKey: Hashable {
        var name: String
        var scope: String?
    }

    struct ClosedInterval {
        var lower: Double
        var upper: Double
    }

    static let percentiles: [(String, Double)] = [("p50", 50), ("p90", 90), ("p95", 95), ("p99", 99), ("p99.9", 99.9)]

    /// The interval of every figure that has one: percentiles of each latency histogram, and error rates.
    static func bounds(_ measurements: RunMeasurements) -> [BoundKey: ClosedInterval] {
        var bounds: [BoundKey: ClosedInterval] = [:]
        func add(_ histogram: LatencyHistogram, _ base: String, scope: String?) {
            for (statistic, percentile) in percentiles {
                guard let interval = PercentileInterval(histogram, percentile: percentile) else { continue }
                bounds[BoundKey(name: "\(base).\(statistic)", scope: scope)] = ClosedInterval(lower: interval.lower, upper: interval.upper)
            }
        }
        func addErrorRate(_ counts: OutcomeCounts, scope: String?) {
            guard counts.completed > 0 else { return }
            let (lower, upper) = WilsonScoreInterval.bounds(
                successes: Double(counts.errors), of: Double(counts.completed), z: PercentileInterval.defaultZ)
            bounds[BoundKey(name: "error_rate", scope: scope)] = ClosedInterval(lower: max(0, lower), upper: min(1, upper))
        }
        let recorder = measurements.recorder
        add(recorder.latency, "latency", scope: nil)
        add(recorder.successLatency, "ok_latency", scope: nil)
        add(recorder.serviceTime, "service_time", scope: nil)
        addErrorRate(recorder.measured, scope: nil)
        for (name, request) in measurements.byRequest {
            add(request.latency, "latency", scope: name)
            add(request.serviceTime, "service_time", scope: name)
            addErrorRate(request.measured, scope: name)
        }
        return bounds
    }

    /// The medians of the per-second p50s in each third of the measured seconds, and whether
    /// they stayed within the spread (or the floor).
    static func stability(_ series: [SecondPoint], warmupSeconds: Int) -> (medians: [Double], stable: Bool) {
        let measured = series.filter { $0.second >= warmupSeconds && $0.completed > 0 }
        guard measured.count >= stabilityWindows else { return ([], true) }
        let size = measured.count / stabilityWindows
        let medians = (0..<stabilityWindows).map { window -> Double in
            let slice = measured[(window * size)..<(window == stabilityWindows - 1 ? measured.count : (window + 1) * size)]
            let sorted = slice.map { Double($0.p50Microseconds) / 1_000 }.sorted()
            return sorted[sorted.count / 2]
        }
        let low = medians.min()!, high = medians.max()!
        let stable = high - low <= stabilityFloorMilliseconds || high <= low * (1 + stabilitySpread)
        return (medians, stable)
    }

    /// Sends whose lag was above `threshold`, from the schedule-lag histogram (microseconds).
    static func count(above threshold: Nanoseconds, in histogram: LatencyHistogram) -> UInt64 {
        histogram.totalCount - histogram.count(within: 0...(threshold / 1_000))
    }

    static func percent(_ share: Double) -> String { "\((share * 100).formatted(fractionDigits: share < 0.1 ? 1 : 0))%" }

    static func show(_ value: Double, _ objective: Objective) -> String {
        switch objective.definition.kind {
        case .duration: "\(value.formatted(fractionDigits: 2)) ms"
        case .fraction: percent(value)
        case .rate: "\(value.formatted(fractionDigits: 1))/s"
        case .count, .currency: value.formatted(fractionDigits: 2)
        }
    }

    static func show(_ interval: ClosedInterval, _ objective: Objective) -> String {
        "[\(show(interval.lower, objective)), \(show(interval.upper, objective))]"
    }
}

extension UnpairedComparison {
    /// What differs between two saved runs beyond their time: none of it stops the comparison
    /// (the whole-run figures still line up), but each changes what a difference can mean.
    static func warnings(_ a: Run, _ b: Run) -> [String] {
        var warnings: [String] = []
        let scenarioA = a.result.scenario?.name ?? "a --url run", scenarioB = b.result.scenario?.name ?? "a --url run"
        if scenarioA != scenarioB {
            warnings.append("different scenarios: \(a.name) is '\(scenarioA)', \(b.name) is '\(scenarioB)'")
        }
        let requestsA = a.result.requests.keys.sorted(), requestsB = b.result.requests.keys.sorted()
        if requestsA != requestsB {
            warnings.append("different requests: \(a.name) sent \(requestsA.joined(separator: ", ")), \(b.name) sent "
                + "\(requestsB.joined(separator: ", ")); the whole-run figures mix different requests")
        }
        let loadA = load(a.result.summary.plan), loadB = load(b.result.summary.plan)
        if loadA != loadB { warnings.append("different load asked for: \(a.name) \(loadA), \(b.name) \(loadB)") }
        switch (a.result.schedule, b.result.schedule) {
        case let (digestA?, digestB?) where digestA != digestB:
            warnings.append("different schedules (\(digestA.arrivals) arrivals, digest \(digestA.hex) against \(digestB.arrivals), "
                + "\(digestB.hex)): not the same arrivals at the same offsets, so the traffic differs as well as the time")
        case (nil, _), (_, nil):
            warnings.append("no schedule digest in \([a, b].filter { $0.result.schedule == nil }.map(\.name).joined(separator: " and ")) "
                + "(closed loop, or an older report): whether the runs were sent the same arrivals is unknown")
        default:
            break
        }
        let hosts = (a.result.environment.host, b.result.environment.host)
        if hosts.0 != hosts.1 {
            warnings.append("run on different hosts (\(hosts.0), \(hosts.1)): the machines' differences are in every figure")
        }
        for run in [a, b] {
            let result = run.result
            if result.summary.successLatency == nil {
                warnings.append("\(run.name) keeps no latency of successful requests alone (an older report): its percentiles include failures")
            }
            if isPartial(result) {
                warnings.append("\(run.name) was \(result.aborted != nil ? "aborted" : "interrupted"): its figures are partial, and partial data is never a pass")
            }
            if let segment = result.segment, segment.count > 1, result.mergedFrom == nil {
                warnings.append("\(run.name) is segment \(segment.index)/\(segment.count) of a split run: its throughput is its share; "
                    + "merge the segments first (gauntlet merge)")
            }
        }
        return warnings
    }

    /// The load a run asked for, in words, to tell two runs' apart.
    static func load(_ plan: RunPlan) -> String {
        var parts = [plan.mode.rawValue.replacingOccurrences(of: "_", with: " ")]
        if let rate = plan.targetRate { parts.append("\(rate.formatted(fractionDigits: rate < 10 ? 2 : 0))/s") }
        if let concurrency = plan.concurrency { parts.append("\(concurrency) in flight") }
        parts.append("for \(plan.durationSeconds.formatted(fractionDigits: 0)) s after \(plan.warmupSeconds.formatted(fractionDigits: 0)) s warm-up")
        return parts.joined(separator: ", ")
    }
}

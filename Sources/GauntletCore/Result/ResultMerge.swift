import Foundation

/// Merges the results of a run's segments into the one result a single machine sending the whole
/// schedule would have recorded, then judges it like any run.
///
/// Refuses, naming the file: results of different scenarios, seeds, phases or histogram
/// settings; a duplicated segment; a missing one; a result written before results kept what a
/// merge needs. The merge itself is exact (histograms bucket by bucket, counts by addition)
/// and does not depend on the order of the files.
public enum ResultMerge {
    /// One result to merge and the file it came from, for messages.
    public struct Input: Sendable {
        public var file: String
        public var result: RunResult

        public init(file: String, result: RunResult) {
            self.file = file
            self.result = result
        }
    }

    public static func merge(_ inputs: [Input]) throws(ResultFileError) -> RunResult {
        guard let first = inputs.first else { throw ResultFileError(file: nil, "give the segment reports to merge") }
        let segments = try checkSegments(inputs)
        for input in inputs.dropFirst() { try checkSameRun(input, as: first) }
        let ordered = inputs.sorted { segments[$0.file]!.index < segments[$1.file]!.index }

        var merged: RunMeasurements?
        for input in ordered {
            let measurements: RunMeasurements
            do { measurements = try RunMeasurements(input.result) } catch { throw ResultFileError(file: input.file, error.description) }
            if merged == nil {
                merged = measurements
            } else {
                do { try merged!.merge(measurements) } catch { throw ResultFileError(file: input.file, "\(error)") }
            }
        }
        let description = try description(ordered)
        var result = RunResult(measurements: merged!, description: description)
        result.environment = first.result.environment
        result.environment.startedAt = merged!.startedAt
        result.environment.endedAt = merged!.endedAt
        result.environment.idlePolling = merged!.idlePolling
        result.environment.host = Array(Set(ordered.map(\.result.environment.host))).sorted().joined(separator: ", ")
        result.environment.cores = ordered.reduce(0) { $0 + $1.result.environment.cores }
        result.mergedFrom = ordered.map { input in
            input.result.segment ?? SegmentRecord(
                index: 1, count: 1, startAt: nil, startSkewMilliseconds: nil, host: input.result.environment.host)
        }
        return result
    }

    /// Every input's segment: one count for all, each index once, none missing.
    static func checkSegments(_ inputs: [Input]) throws(ResultFileError) -> [String: RunSegment] {
        var segments: [String: RunSegment] = [:]
        var owner: [Int: String] = [:]
        let count = inputs[0].result.segment?.count ?? 1
        for input in inputs {
            if input.result.mergedFrom != nil {
                throw ResultFileError(file: input.file, "it is already a merged report; merge the segment reports themselves")
            }
            let record = input.result.segment
            guard let segment = record.map({ $0.runSegment }) ?? .whole else {
                throw ResultFileError(file: input.file, "its segment \(record!.index)/\(record!.count) does not exist")
            }
            guard segment.count == count else {
                throw ResultFileError(
                    file: input.file,
                    "it is segment \(segment) of a run split \(segment.count) ways, but \(inputs[0].file) is of one split \(count) ways")
            }
            if let other = owner[segment.index] {
                throw ResultFileError(file: input.file, "segment \(segment) appears twice: here and in \(other)")
            }
            if segments[input.file] != nil { throw ResultFileError(file: input.file, "the file is given twice") }
            owner[segment.index] = input.file
            segments[input.file] = segment
        }
        let missing = (1...count).filter { owner[$0] == nil }
        guard missing.isEmpty else {
            let list = missing.map { "\($0)/\(count)" }.joined(separator: ", ")
            throw ResultFileError(file: nil, "segment\(missing.count == 1 ? "" : "s") \(list) missing: a merge needs all \(count) segments of the run")
        }
        return segments
    }

    /// The things that make two files segments of one run: scenario, seed, schedule, phases,
    /// warm-up, agreed start and histogram settings.
    static func checkSameRun(_ input: Input, as first: Input) throws(ResultFileError) {
        let result = input.result, reference = first.result
        func refuse(_ what: String) -> ResultFileError {
            ResultFileError(file: input.file, "\(what) differs from \(first.file)'s: they are not segments of one run")
        }
        if result.scenario?.source != reference.scenario?.source { throw refuse("its scenario") }
        let plan = result.summary.plan, referencePlan = reference.summary.plan
        if result.scenario == nil, plan.url != referencePlan.url || plan.method != referencePlan.method {
            throw refuse("its target (\(plan.method) \(plan.url))")
        }
        if plan.seed != referencePlan.seed { throw refuse("its seed (\(plan.seed))") }
        if plan.mode != referencePlan.mode || plan.arrivals != referencePlan.arrivals || plan.burstiness != referencePlan.burstiness
            || plan.durationSeconds != referencePlan.durationSeconds
        {
            throw refuse("its load")
        }
        if plan.warmupSeconds != referencePlan.warmupSeconds { throw refuse("its warm-up") }
        if result.phases.map(\.span) != reference.phases.map(\.span) { throw refuse("its phases") }
        if result.histograms.significantDigits != reference.histograms.significantDigits
            || result.histograms.perSecondSignificantDigits != reference.histograms.perSecondSignificantDigits
        {
            throw refuse("its histogram settings")
        }
        if result.segment?.startAt != reference.segment?.startAt {
            throw refuse("its agreed start (\(result.segment?.startAt ?? "none"))")
        }
        if result.requests.keys.sorted() != reference.requests.keys.sorted() { throw refuse("its set of requests") }
    }

    /// What the merged run was asked to do and must meet: the first segment's plan with the
    /// shares added up, and the objectives and cost of the scenario the results echo.
    static func description(_ ordered: [Input]) throws(ResultFileError) -> RunDescription {
        let first = ordered[0]
        var plan = first.result.summary.plan
        plan.connections = ordered.reduce(0) { $0 + $1.result.summary.plan.connections }
        plan.workers = ordered.reduce(0) { $0 + $1.result.summary.plan.workers }
        if plan.concurrency != nil { plan.concurrency = ordered.reduce(0) { $0 + ($1.result.summary.plan.concurrency ?? 0) } }
        if plan.targetRate != nil { plan.targetRate = ordered.reduce(0) { $0 + ($1.result.summary.plan.targetRate ?? 0) } }
        var objectives: [Objective] = []
        var cost: CostSection?
        var predictions: [String: UInt64] = [:]
        if let echo = first.result.scenario {
            let folder = URL(fileURLWithPath: echo.file).deletingLastPathComponent().path
            do {
                let scenario = try ScenarioParser.parse(yaml: echo.source, file: echo.file, folder: folder)
                let names = scenario.replay != nil ? first.result.requests.keys.sorted() : scenario.requests.map(\.name)
                objectives = try scenario.validatedObjectives(requestNames: names)
                cost = scenario.cost
                predictions = RunDescription.predictionsPerRequest(of: scenario, templateNames: names)
            } catch {
                throw ResultFileError(file: first.file, "the scenario it echoes does not read with this version: \(error)")
            }
        }
        return RunDescription(
            echo: first.result.scenario, plan: plan, phases: first.result.phases.map(\.span), objectives: objectives,
            cost: cost, predictionsPerRequest: predictions)
    }
}

/// Why saved results cannot be read or merged: bad input (exit 2), naming the file at fault
/// when there is one.
public struct ResultFileError: Error, CustomStringConvertible, Sendable {
    public let file: String?
    public let message: String

    public init(file: String?, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { file.map { "\($0): \(message)" } ?? message }
}

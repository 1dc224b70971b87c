import Foundation
import Testing

import GauntletCore

/// The run judged as it goes: when it ends itself, and when it must not.
@Suite struct LiveGateTests {
    static let second = TimeUnit.nanosecondsPerSecond

    static func objective(_ text: String, grace: Nanoseconds = 2 * second) throws -> Objective {
        var objective = try ObjectiveValidator(requestNames: ["predict"]).objective(text, warn: nil, key: false)
        objective.abort = AbortRule(grace: grace)
        return objective
    }

    /// A second in which `count` requests finished after `latency`, `failed` of them with `error`.
    static func second(_ index: Int, count: Int, latency: Nanoseconds = 1_000_000, failed: Int = 0,
                       error: ErrorKind = .http5xx) -> WorkerSecond {
        var second = WorkerSecond(second: index)
        for request in 0..<count {
            let start = Nanoseconds(index) * Self.second
            second.record(Completion(
                intended: start, sent: start, finished: start + latency, status: request < failed ? 0 : 200,
                error: request < failed ? error : nil))
        }
        return second
    }

    @Test func aFailingObjectiveAbortsOnlyAfterItsGrace() throws {
        var gate = LiveGate(objectives: [try Self.objective("latency.p50 < 5ms")], warmup: 0)
        do { let decision = gate.add(Self.second(0, count: 50, latency: 20_000_000)); #expect(decision == nil) }  // 1 s in, inside the 2 s grace
        let decided = gate.add(Self.second(1, count: 50, latency: 20_000_000))
        let abort = try #require(decided)
        guard case .objective(let objective, let measured, let at) = abort else { Issue.record("\(abort)"); return }
        #expect(objective.expression.description == "latency.p50 < 5ms")
        #expect(abs(measured - 20) < 0.5 && at == 1)
        // Once only.
        do { let decision = gate.add(Self.second(2, count: 50, latency: 20_000_000)); #expect(decision == nil) }
    }

    @Test func aPassingRunAndObjectivesWithoutAbortNeverAbort() throws {
        var gate = LiveGate(
            objectives: [try Self.objective("latency.p50 < 5ms"),
                         try ObjectiveValidator(requestNames: []).objective("error_rate < 1%", warn: nil, key: false)],
            warmup: 0)
        for index in 0..<10 {
            // Fast, and with many failures: only the objective without abort_on_fail minds those.
            do { let decision = gate.add(Self.second(index, count: 100, latency: 1_000_000, failed: 30)); #expect(decision == nil) }
        }
    }

    /// Too few samples is never a reason to abort: it is not a fail.
    @Test func tooFewSamplesDoNotAbort() throws {
        var gate = LiveGate(objectives: [try Self.objective("latency.p99 < 5ms", grace: 0)], warmup: 0)
        for index in 0..<5 { do { let decision = gate.add(Self.second(index, count: 100, latency: 50_000_000)); #expect(decision == nil) } }  // 500 < 1000
        let decided = gate.add(Self.second(5, count: 600, latency: 50_000_000))
        #expect(decided != nil)
    }

    /// The warm-up is kept out, as it is from the final figures.
    @Test func theWarmupIsNotJudged() throws {
        var gate = LiveGate(objectives: [try Self.objective("latency.p50 < 5ms", grace: 0)], warmup: 3 * Self.second)
        for index in 0..<3 { do { let decision = gate.add(Self.second(index, count: 50, latency: 40_000_000)); #expect(decision == nil) } }
        do { let decision = gate.add(Self.second(3, count: 50, latency: 1_000_000)); #expect(decision == nil) }
        do { let decision = gate.add(Self.second(4, count: 50, latency: 1_000_000)); #expect(decision == nil) }
    }

    @Test func everyConnectionRefusedForThreeSecondsIsUnreachable() throws {
        var gate = LiveGate(objectives: [], warmup: 0)
        do { let decision = gate.add(Self.second(0, count: 20, failed: 20, error: .connectRefused)); #expect(decision == nil) }
        do { let decision = gate.add(Self.second(1, count: 20, failed: 20, error: .connectRefused)); #expect(decision == nil) }
        let decided = gate.add(Self.second(2, count: 20, failed: 20, error: .connectRefused))
        #expect(decided == .unreachable(completed: 60, atSecond: 2))
    }

    /// One answer, or a server that is merely slow to answer (nothing finished yet), is not unreachable.
    @Test func oneAnswerOrSilenceIsNotUnreachable() throws {
        var answered = LiveGate(objectives: [], warmup: 0)
        do { let decision = answered.add(Self.second(0, count: 20, failed: 19, error: .connectRefused)); #expect(decision == nil) }
        for index in 1..<6 { do { let decision = answered.add(Self.second(index, count: 20, failed: 20, error: .connectRefused)); #expect(decision == nil) } }
        var silent = LiveGate(objectives: [], warmup: 0)
        for index in 0..<6 { do { let decision = silent.add(WorkerSecond(second: index)); #expect(decision == nil) } }
    }

    /// Only figures known second by second can abort; a located error says which can.
    @Test(arguments: [
        ("predict.latency.p99 < 50ms", "is one request's"),
        ("accuracy >= 0.9", "known only at the end"),
        ("errors > 5", "needs < or <="),
        ("requests >= 100", "known only at the end"),
    ])
    func onlyLiveFiguresCanAbort(objective: String, message: String) throws {
        let yaml = """
            target: http://127.0.0.1:9
            data: {d: {file: d.csv, label: label}}
            requests: [{name: predict, path: /, body: {v2: {data: d, shape: [1, 1]}}}]
            load: {phases: [{constant: {rate: 1/s, duration: 1s}}]}
            objectives:
              - objective: \(objective)
                abort_on_fail: true
            """
        let scenario = try ScenarioParser.parse(yaml: yaml, file: "s.yaml", folder: "/tmp")
        let error = try #require(throws: ScenarioError.self) { try scenario.validatedObjectives(requestNames: ["predict"]) }
        #expect(error.line == 6 && error.message.contains(message), "\(error)")
    }

    @Test func abortGraceNeedsAbortOnFail() throws {
        let yaml = """
            target: http://127.0.0.1:9
            requests: [{name: probe, path: /}]
            load: {phases: [{constant: {rate: 1/s, duration: 1s}}]}
            objectives:
              - {objective: error_rate < 1%, abort_grace: 5s}
            """
        let error = try #require(throws: ScenarioError.self) { try ScenarioParser.parse(yaml: yaml, file: "s.yaml", folder: "/tmp") }
        #expect(error.message.contains("abort_grace goes with 'abort_on_fail: true'"), "\(error)")
        let accepted = try ScenarioParser.parse(
            yaml: yaml.replacingOccurrences(of: "abort_grace: 5s", with: "abort_on_fail: true, abort_grace: 5s"), file: "s.yaml",
            folder: "/tmp")
        #expect(try accepted.validatedObjectives(requestNames: ["probe"]).first?.abort == AbortRule(grace: 5 * Self.second))
    }
}

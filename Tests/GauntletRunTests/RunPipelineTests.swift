import Foundation
import GauntletCore
import GauntletFixtures
import GauntletRun
import Testing

/// A run as a library call: scenario in, result and verdict out, nothing printed, nothing exited.
@Suite(.serialized) struct RunPipelineTests {
    static func quickLook(_ server: FixtureServer, rate: Double = 200, duration: Double = 1) throws -> LoadedScenario {
        try ScenarioLoader.load(QuickLook(
            url: try RequestSpec.parseURL(server.baseURL + "/"), load: .rate(rate, arrivals: .constant),
            duration: Nanoseconds(duration * 1e9)))
    }

    static func scenario(_ text: String) throws -> (LoadedScenario, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("scenario.yaml")
        try Data(text.utf8).write(to: file)
        return (try ScenarioLoader.load(path: file.path), folder)
    }

    @Test func aQuickLookRunsAndReturnsItsResult() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let outcome = try RunPipeline(RunRequest(scenario: try Self.quickLook(server), workers: 2)).execute()
        #expect(outcome.result.summary.requests.completed == 200)
        #expect(outcome.result.requests["request"]?.statusCodes == ["200": 200])
        #expect(outcome.verdict == .none && !outcome.interrupted && !outcome.targetUnreachable)
        #expect(outcome.result.schedule?.arrivals == 200)
        #expect(server.requestsReceived == 200)
    }

    /// A missed objective is a verdict in the outcome; the caller decides what it means.
    @Test func aFailingGateIsAnOutcomeNotAnExit() throws {
        let server = try FixtureServer(behaviour: .fixedDelay(.milliseconds(5)))
        defer { server.shutdown() }
        let (loaded, folder) = try Self.scenario("""
            target: \(server.baseURL)
            requests: [{name: probe, path: /}]
            load: {phases: [{constant: {rate: 100/s, duration: 1s}}]}
            objectives: [latency.p50 < 1ms, probe.error_rate < 1%]
            """)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try RunPipeline(RunRequest(scenario: loaded, workers: 1)).execute()
        #expect(outcome.verdict == .fail)
        #expect(outcome.result.objectives.map(\.verdict) == [.fail, .pass])
        let p50 = try #require(outcome.result.objectives[0].measured)
        #expect(p50 >= 5 && p50 < 50, "p50 \(p50) ms from a server that answers after 5 ms")
    }

    @Test func stopEndsTheRunWithItsPartialResult() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let pipeline = RunPipeline(RunRequest(scenario: try Self.quickLook(server, rate: 100, duration: 30), workers: 1))
        DispatchQueue.global().asyncAfter(deadline: .now() + 1) { pipeline.stop() }
        let outcome = try pipeline.execute()
        #expect(outcome.interrupted)
        #expect(outcome.result.summary.requests.completed > 30 && outcome.result.summary.requests.completed < 1_000)
    }

    @Test func anAgreedStartThatHasPassedIsRefused() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let request = RunRequest(scenario: try Self.quickLook(server), workers: 1, startAt: Date().addingTimeInterval(-5))
        #expect(throws: RunFailure.self) { try RunPipeline(request).execute() }
        #expect(server.requestsReceived == 0)
    }

    /// Three segments run side by side in one process, started together, merge into exactly the
    /// schedule one run sends: the same arrivals (by fingerprint) and the same count per status.
    @Test func segmentsStartedTogetherMergeIntoTheWholeSchedule() throws {
        let server = try FixtureServer(behaviour: .immediate)
        defer { server.shutdown() }
        let loaded = try Self.quickLook(server, rate: 300, duration: 1)
        let start = Date().addingTimeInterval(0.5)
        let segments = try (1...3).map { index in
            RunPipeline(RunRequest(scenario: loaded, workers: 1, segment: try RunSegment(index: index, count: 3), startAt: start))
        }
        // A thread each: Dispatch's global queue runs only as many blocking items at once as there are cores.
        let group = DispatchGroup()
        let outcomes = Outcomes()
        for (index, pipeline) in segments.enumerated() {
            group.enter()
            Thread.detachNewThread {
                outcomes.set(index, Result { try pipeline.execute() })
                group.leave()
            }
        }
        group.wait()
        let results = try outcomes.all().map { try $0.get().result }
        for result in results {
            let skew = try #require(result.segment?.startSkewMilliseconds)
            #expect(skew >= 0 && skew < 100, "start skew \(skew) ms")
        }
        let merged = try ResultMerge.merge(results.enumerated().map { ResultMerge.Input(file: "segment-\($0.offset + 1)", result: $0.element) })
        var whole = ScheduleDigest()
        for arrival in loaded.plan.model.schedule.arrivals() { whole.add(index: arrival.index, intended: arrival.intended) }
        #expect(merged.schedule == whole)
        #expect(merged.summary.requests.statusCodes == ["200": 300])
        #expect(merged.summary.plan.connections == loaded.scenario.load.effectiveConnections)
    }
}

/// Outcomes filled in from several threads.
final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [Int: Result<RunOutcome, any Error>] = [:]

    func set(_ index: Int, _ outcome: Result<RunOutcome, any Error>) { lock.withLock { outcomes[index] = outcome } }
    func all() -> [Result<RunOutcome, any Error>] { lock.withLock { outcomes.keys.sorted().map { outcomes[$0]! } } }
}

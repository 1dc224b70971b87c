import Foundation
import GauntletCore
import GauntletFixtures
import Testing

/// `gauntlet compare` end to end: two candidates behind their own servers get identical
/// traffic in ABBA blocks; the slower one is called worse and fails a relative objective.
@Suite(.serialized) struct CompareCommandTests {
    @Test func aSlowerCandidateIsCalledWorseOnIdenticalTraffic() throws {
        let fast = try FixtureServer(behaviour: .immediate)
        let slow = try FixtureServer(behaviour: .fixedDelay(.milliseconds(10)))
        defer {
            fast.shutdown()
            slow.shutdown()
        }
        let workspace = try ScenarioRunTests.Workspace(scenario: """
            name: compare-fixtures
            candidates:
              - {name: fast, baseline: true, target: \(fast.baseURL)}
              - {name: slow, target: \(slow.baseURL)}
            requests: [{name: probe, path: /}]
            load: {phases: [{constant: {rate: 30/s, duration: 10s}}]}
            compare: {blocks: 10}
            objectives:
              - error_rate < 1%
              - latency.p50 <= baseline * 1.10
            """)
        defer { workspace.remove() }
        let out = workspace.folder.appendingPathComponent("reports")
        let junit = workspace.folder.appendingPathComponent("ci/junit.xml"), markdown = workspace.folder.appendingPathComponent("ci/summary.md")
        let stepSummary = workspace.folder.appendingPathComponent("step-summary.md")
        let result = try GauntletProcess.run(
            ["compare", workspace.scenarioPath, "--out", out.path, "--junit", junit.path, "--markdown", markdown.path],
            environment: ["GITHUB_STEP_SUMMARY": stepSummary.path], timeout: 120)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("(identical to the baseline's)"), "\(result.stdout)")
        let p50 = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("latency.p50") })
        #expect(p50.hasSuffix("worse"), "\(p50)")
        #expect(result.stdout.contains("FAIL         latency.p50 <= baseline * 1.1"), "\(result.stdout)")
        // Each server got every arrival once: 300 each, the same 300. Ten pairs, because six cannot
        // survive Holm's adjustment over several figures (the smallest signed-rank p is then 1/32).
        #expect(fast.requestsReceived == 300 && slow.requestsReceived == 300)

        // The JSON and its page beside it, and each file named on standard error, as run does.
        let files = try FileManager.default.contentsOfDirectory(at: out, includingPropertiesForKeys: nil)
        let file = try #require(files.first { $0.pathExtension == "json" })
        #expect(file.lastPathComponent.hasPrefix("compare-fixtures-compare-"))
        let page = file.deletingPathExtension().appendingPathExtension("html")
        #expect(files.count == 2 && FileManager.default.fileExists(atPath: page.path), "\(files)")
        for path in [file.path, page.path, junit.path, markdown.path] {
            #expect(result.stderr.contains("gauntlet: report written to \(path)"), "\(result.stderr)")
        }
        // Three objective records (the absolute one for each candidate, the relative one for slow),
        // one test case each; the relative one failed.
        let xml = try String(contentsOf: junit, encoding: .utf8)
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == 3 && xml.contains(#"tests="3" failures="1""#), "\(xml)")
        #expect(xml.contains(#"<testcase name="slow: latency.p50 &lt;= baseline * 1.10""#))
        let summary = try String(contentsOf: markdown, encoding: .utf8)
        #expect(summary.hasPrefix("### ❌ Gauntlet compare: FAIL · compare-fixtures"))
        #expect(try String(contentsOf: stepSummary, encoding: .utf8) == summary + "\n")
        let saved = try CompareResult.decode(Data(contentsOf: file))
        #expect(saved.candidates.map(\.name) == ["fast", "slow"])
        #expect(saved.candidates[0].traffic == saved.candidates[1].traffic && saved.candidates[0].traffic.arrivals == 300)
        #expect(saved.blocks.count == 10)
        #expect(saved.blocks.map(\.order).prefix(4) == [["fast", "slow"], ["slow", "fast"], ["fast", "slow"], ["slow", "fast"]])
        #expect(saved.verdict == .fail)
        let relative = try #require(saved.objectives.first { $0.relative })
        #expect(relative.verdict == .fail && relative.lower! > 1.1 && relative.samples == 10)
    }

    /// Mirrored: each arrival goes to both at once; the same candidate twice is no difference.
    @Test func mirroredSendsEveryArrivalToBothAtOnce() throws {
        let first = try FixtureServer(behaviour: .fixedDelay(.milliseconds(2)))
        let second = try FixtureServer(behaviour: .fixedDelay(.milliseconds(2)))
        defer {
            first.shutdown()
            second.shutdown()
        }
        let workspace = try ScenarioRunTests.Workspace(scenario: """
            name: mirrored
            candidates:
              - {name: a, baseline: true, target: \(first.baseURL)}
              - {name: b, target: \(second.baseURL)}
            requests: [{name: probe, path: /}]
            load: {phases: [{constant: {rate: 30/s, duration: 10s}}]}
            compare: {mode: mirrored, blocks: 10}
            objectives: [latency.p50 <= baseline * 2]
            """)
        defer { workspace.remove() }
        let out = workspace.folder.appendingPathComponent("reports")
        let result = try GauntletProcess.run(["compare", workspace.scenarioPath, "--out", out.path, "--json"], timeout: 120)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(first.requestsReceived == 300 && second.requestsReceived == 300)
        let saved = try CompareResult.decode(Data(result.stdout.utf8))
        // Both at once: the sending took about the schedule's 10 s; one after the other needs 20 s of schedule alone.
        #expect(saved.environment.endedAt.timeIntervalSince(saved.environment.startedAt) < 20)
        #expect(saved.mode == "mirrored" && saved.candidates[0].traffic == saved.candidates[1].traffic)
        let p50 = try #require(saved.comparisons.first { $0.figure == "latency.p50" })
        // No call is asserted: mirrored candidates share this machine, and who goes first in each
        // instant can shift their latency by several percent (docs/comparison.md).
        #expect(p50.pairs == 10 && p50.lower != nil, "\(p50)")
    }

    /// A candidate whose server is gone: its failures are counted, the comparison completes,
    /// the verdict shows it, and failing fast does not make it look faster.
    @Test func aDeadCandidateIsCountedNotFaster() throws {
        let alive = try FixtureServer(behaviour: .immediate)
        defer { alive.shutdown() }
        let workspace = try ScenarioRunTests.Workspace(scenario: """
            name: dead
            candidates:
              - {name: alive, baseline: true, target: \(alive.baseURL)}
              - {name: dead, target: http://127.0.0.1:\(GauntletProcess.closedPort())}
            requests: [{name: probe, path: /}]
            load: {phases: [{constant: {rate: 20/s, duration: 10s}}]}
            compare: {blocks: 10}
            objectives: [error_rate <= baseline + 1%]
            """)
        defer { workspace.remove() }
        let out = workspace.folder.appendingPathComponent("reports")
        let result = try GauntletProcess.run(["compare", workspace.scenarioPath, "--out", out.path, "--json"], timeout: 120)
        #expect(result.status == 1, "\(result.stderr)")
        let saved = try CompareResult.decode(Data(result.stdout.utf8))
        let dead = try #require(saved.candidates.first { $0.name == "dead" })
        #expect(dead.result.summary.requests.errors == 200 && dead.result.summary.requests.ok == 0)
        #expect(saved.comparisons.first { $0.figure == "error_rate" }?.call == .worse)
        #expect(saved.comparisons.filter { $0.figure.hasPrefix("latency") }.allSatisfy { $0.call == .inconclusive })
        #expect(saved.objectives.first?.verdict == .fail && saved.verdict == .fail)
    }

    /// A candidate whose server goes away partway through: what it answered before is kept, what
    /// it could not answer is counted as errors, and the comparison still completes and fails.
    @Test func aCandidateThatDiesMidwayIsCountedAndTheComparisonCompletes() throws {
        let alive = try FixtureServer(behaviour: .immediate)
        // It dies after answering 80 of its 200 arrivals, wherever the comparison then is: the
        // moment is set by the traffic, not by a clock, so a slow machine moves it nowhere.
        // 20 arrivals per block: blocks 1–4 are answered, 5–10 are not.
        let dying = try FixtureServer(behaviour: .diesAfter(requests: 80))
        defer {
            alive.shutdown()
            dying.shutdown()
        }
        let workspace = try ScenarioRunTests.Workspace(scenario: """
            name: dies-midway
            candidates:
              - {name: alive, baseline: true, target: \(alive.baseURL)}
              - {name: dying, target: \(dying.baseURL)}
            requests: [{name: probe, path: /}]
            load: {phases: [{constant: {rate: 20/s, duration: 10s}}]}
            compare: {blocks: 10}
            objectives: [error_rate < 1%, error_rate <= baseline + 1%]
            """)
        defer { workspace.remove() }
        let out = workspace.folder.appendingPathComponent("reports")
        let result = try GauntletProcess.run(["compare", workspace.scenarioPath, "--out", out.path, "--json"], timeout: 120)
        #expect(result.status == 1, "\(result.stderr)")
        let saved = try CompareResult.decode(Data(result.stdout.utf8))
        let dead = try #require(saved.candidates.first { $0.name == "dying" })
        let requests = dead.result.summary.requests
        // Every arrival is accounted for: answered before the death, failed after it.
        #expect(requests.ok + requests.errors == 200, "\(requests)")
        #expect(requests.ok == 80 && requests.errors == 120, "\(requests)")
        #expect(saved.candidates.first { $0.name == "alive" }?.result.summary.requests.ok == 200)
        #expect(saved.blocks.count == 10 && dead.blocks.count == 10, "the comparison stopped early")
        #expect(saved.candidates[0].traffic == saved.candidates[1].traffic)
        #expect(saved.comparisons.first { $0.figure == "error_rate" }?.call == .worse)
        let absolute = try #require(saved.objectives.first { $0.candidate == "dying" && !$0.relative })
        #expect(absolute.verdict == .fail && saved.verdict == .fail, "\(absolute)")
        // Four clean pairs of ten leave the difference's interval on zero: the relative objective
        // cannot be failed on its bound, and is not passed either.
        let relative = try #require(saved.objectives.first { $0.candidate == "dying" && $0.relative })
        #expect(relative.verdict == .inconclusive && relative.lower == 0, "\(relative)")
    }

    @Test func aScenarioWithoutCandidatesIsBadInput() throws {
        let workspace = try ScenarioRunTests.Workspace(scenario: """
            target: http://127.0.0.1:9
            requests: [{name: probe, path: /}]
            load: {phases: [{constant: {rate: 1/s, duration: 1s}}]}
            """)
        defer { workspace.remove() }
        let result = try GauntletProcess.run(["compare", workspace.scenarioPath])
        #expect(result.status == 2)
        #expect(result.stderr.contains(workspace.scenarioPath) && result.stderr.contains("candidates"), "\(result.stderr)")
    }
}

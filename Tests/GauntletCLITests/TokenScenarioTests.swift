import Foundation
import GauntletCore
import GauntletFixtures
import NIOCore
import Testing

/// Scenarios with an `openai` body, end to end through the `gauntlet` executable.
@Suite(.serialized) struct TokenScenarioTests {
    static func scenario(target: String, phases: String, objectives: String = "", extra: String = "") -> String {
        """
        name: tokens
        target: \(target)
        requests:
          - name: chat
            body:
              openai:
                model: fixture
                messages: [{role: user, content: "Say \\"hi\\""}]
                max_tokens: 8
                include_usage: true
        load:
          seed: 3
          phases:
        \(phases)
        goodput: {ttft: 200ms}
        \(objectives)
        \(extra)
        """
    }

    static func report(in folder: URL) throws -> [String: Any] {
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasSuffix(".json") })
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(file))) as? [String: Any])
    }

    /// The report holds the token figures, their histograms and per-second points; the gate judges
    /// them; the HTML draws them; and two segments merge to the token counts of the whole.
    @Test func tokenFiguresAreReportedJudgedAndMerged() throws {
        let plan = TokenStreamPlan(tokens: 5, firstTokenAfter: .milliseconds(20), tokenEvery: .milliseconds(5))
        let server = try StreamingFixtureServer(plan: plan)
        defer { server.shutdown() }
        let workspace = try ScenarioRunTests.Workspace(scenario: Self.scenario(
            target: server.baseURL, phases: "    - constant: {rate: 50/s, duration: 3s}",
            objectives: "objectives:\n  - ttft.p90 < 150ms\n  - chat.goodput >= 40/s\n  - itl.p50 < 50ms"))
        defer { workspace.remove() }
        let whole = workspace.folder.appendingPathComponent("whole")
        let junitFile = workspace.folder.appendingPathComponent("junit.xml")
        let run = try GauntletProcess.run(["run", workspace.scenarioPath, "--out", whole.path, "--junit", junitFile.path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("ttft (from intended)") && run.stdout.contains("(150 of 150 answers) meeting ttft ≤ 200 ms"), "\(run.stdout)")
        // The per-request table gains TTFT and ITL p99 columns.
        let table = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("request ") })
        #expect(table.contains("ttft p99") && table.contains("itl p99"), "\(table)")
        let report = try Self.report(in: whole)
        let reportFile = try #require(try FileManager.default.contentsOfDirectory(atPath: whole.path).first { $0.hasSuffix(".json") })
        let markdown = try GauntletProcess.run(["report", whole.appendingPathComponent(reportFile).path, "--format", "markdown"])
        #expect(markdown.stdout.contains("| ttft (from intended) |"), "\(markdown.stdout)\(markdown.stderr)")
        let summary = try #require(report["summary"] as? [String: Any])
        let tokens = try #require(summary["tokens"] as? [String: Any])
        #expect(tokens["output_tokens"] as? Int == 150 * 5)
        #expect(tokens["output_counted_from"] as? String == "usage")
        #expect((tokens["ttft"] as? [String: Any])?["count"] as? Int == 150)
        #expect((tokens["itl"] as? [String: Any])?["count"] as? Int == 150 * 4)
        #expect((summary["plan"] as? [String: Any])?["goodput"] as? [String: Double] == ["ttft_milliseconds": 200])
        #expect(((report["histograms"] as? [String: Any])?["tokens"] as? [String: Any])?["ttft"] is String)
        let series = try #require(summary["series"] as? [[String: Any]])
        #expect(series.compactMap { ($0["tokens"] as? [String: Any])?["output_tokens"] as? Int }.reduce(0, +) == 150 * 5)
        let objectives = try #require(report["objectives"] as? [[String: Any]])
        #expect(objectives.map { $0["verdict"] as? String } == ["pass", "pass", "pass"], "\(objectives)")
        let files = try FileManager.default.contentsOfDirectory(atPath: whole.path)
        let html = try String(contentsOf: whole.appendingPathComponent(try #require(files.first { $0.hasSuffix(".html") })), encoding: .utf8)
        #expect(html.contains("Time to first token and inter-token latency") && html.contains("Output tokens per second"))
        let junit = try String(contentsOf: junitFile, encoding: .utf8)
        #expect(junit.contains("name=\"ttft_p99_ms\""))

        // Two segments of the same run, merged: the same answers, the same tokens, exactly.
        let segments = workspace.folder.appendingPathComponent("segments")
        let start = StartTime.format(Date().addingTimeInterval(3))
        let parts = (1...2).map { index in
            Thread.detached {
                try GauntletProcess.run(["run", workspace.scenarioPath, "--segment", "\(index)/2", "--start-at", start,
                                         "--workers", "1", "--out", segments.path])
            }
        }
        for result in try parts.map({ try $0.value() }) { #expect(result.status == 0, "\(result.stderr)") }
        let saved = try FileManager.default.contentsOfDirectory(atPath: segments.path).filter { $0.hasSuffix(".json") }
        let merged = workspace.folder.appendingPathComponent("merged")
        let merge = try GauntletProcess.run(["merge"] + saved.map { segments.appendingPathComponent($0).path } + ["--out", merged.path])
        #expect(merge.status == 0, "\(merge.stdout)\(merge.stderr)")
        let mergedTokens = try #require((try Self.report(in: merged)["summary"] as? [String: Any])?["tokens"] as? [String: Any])
        #expect(mergedTokens["output_tokens"] as? Int == 150 * 5)
        #expect((mergedTokens["itl"] as? [String: Any])?["count"] as? Int == 150 * 4)
        #expect((mergedTokens["goodput"] as? [String: Any])?["requests"] as? Int == 150)
    }

    /// Against the embedded server, more load than its batch holds: time to first token rises and
    /// goodput falls. Four sequences of 8 tokens at 5 ms + 1 ms per sequence a step serve about
    /// 4 ÷ (8 × 9 ms) ≈ 55 answers a second; 8/s is well below, 120/s far above.
    @Test func underRisingLoadTheEmbeddedServersTTFTRisesAndGoodputFalls() throws {
        let workspace = try ScenarioRunTests.Workspace(scenario: Self.scenario(
            target: "", phases: "    - constant: {rate: 8/s, duration: 4s}\n    - constant: {rate: 120/s, duration: 4s}",
            extra: "server: {max_sequences: 4, decode_step: 5ms, decode_per_sequence: 1ms, prefill_per_token: 100us, queue_deadline: 2s}"
        ).replacingOccurrences(of: "target: \n", with: "").replacingOccurrences(of: "model: fixture", with: "model: ngram-genesis"))
        defer { workspace.remove() }
        let folder = workspace.folder.appendingPathComponent("out")
        let run = try GauntletProcess.run(["run", workspace.scenarioPath, "--out", folder.path], timeout: 90)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let phases = try #require(try Self.report(in: folder)["phases"] as? [[String: Any]])
        let tokens = try phases.map { phase in
            try #require((phase["figures"] as? [String: Any])?["tokens"] as? [String: Any])
        }
        func ttft(_ index: Int, _ statistic: String) -> Double { (tokens[index]["ttft"] as? [String: Any])?[statistic] as? Double ?? .nan }
        func goodput(_ index: Int) -> Double { (tokens[index]["goodput"] as? [String: Any])?["per_second"] as? Double ?? .nan }
        print("ttft p50 \(ttft(0, "p50")) → \(ttft(1, "p50")) ms, goodput \(goodput(0)) → \(goodput(1))/s")
        #expect(ttft(0, "p90") < 100, "at 8/s: \(ttft(0, "p90")) ms")
        #expect(ttft(1, "p50") > 5 * ttft(0, "p90"), "TTFT \(ttft(0, "p90")) → \(ttft(1, "p50")) ms")
        // Goodput as a share of what was offered: nearly all at 8/s, far fewer at 120/s.
        #expect(goodput(0) / 8 > 0.9 && goodput(1) / 120 < 0.7, "goodput \(goodput(0)) → \(goodput(1))/s")
    }
}

/// `gauntlet compare` on generative answers: two streaming servers, one slower to its first token.
@Suite(.serialized) struct TokenComparisonTests {
    @Test func aSlowerFirstTokenIsFoundAndFailsItsRelativeObjective() throws {
        let fast = try StreamingFixtureServer(plan: TokenStreamPlan(tokens: 4, firstTokenAfter: .milliseconds(10), tokenEvery: .milliseconds(3)))
        let slow = try StreamingFixtureServer(plan: TokenStreamPlan(tokens: 4, firstTokenAfter: .milliseconds(30), tokenEvery: .milliseconds(3)))
        defer {
            fast.shutdown()
            slow.shutdown()
        }
        let workspace = try ScenarioRunTests.Workspace(scenario: """
            name: token-compare
            description: two streaming fixtures
            candidates:
              - {name: fast, baseline: true, target: \(fast.baseURL)}
              - {name: slow, target: \(slow.baseURL)}
            requests:
              - name: chat
                body: {openai: {model: fixture, prompt: hi, max_tokens: 4}}
            load: {phases: [{constant: {rate: 30/s, duration: 16s}}]}
            compare: {blocks: 16}
            objectives:
              - ttft.p50 <= baseline * 1.5
              - itl.p50 <= baseline * 1.5
            """)
        defer { workspace.remove() }
        let result = try GauntletProcess.run(["compare", workspace.scenarioPath, "--out", workspace.folder.appendingPathComponent("out").path, "--json"], timeout: 120)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        let saved = try CompareResult.decode(Data(result.stdout.utf8))
        let ttft = try #require(saved.comparisons.first { $0.figure == "ttft.p50" && $0.candidate == "slow" })
        // 30 ms against 10 ms: a ratio near 3, significantly worse. With token figures a candidate
        // has 15 claims in Holm's adjustment; 10 pairs (smallest signed-rank p 1/512) left no room
        // for one block that a busy host disturbed, 16 pairs (1/32768) do.
        #expect(ttft.estimate > 2.5 && ttft.estimate < 3.5, "\(ttft)")
        #expect(ttft.call == .worse, "\(ttft)")
        let itl = try #require(saved.comparisons.first { $0.figure == "itl.p50" && $0.candidate == "slow" })
        #expect(abs(itl.estimate - 1) < 0.2, "\(itl)")
        let verdicts = saved.objectives.map { "\($0.objective) \($0.verdict.rawValue)" }
        #expect(verdicts == ["ttft.p50 <= baseline * 1.5 fail", "itl.p50 <= baseline * 1.5 pass"], "\(verdicts)")
    }
}

/// `gauntlet capacity` with a time-to-first-token objective against the embedded server's
/// generative model, whose capacity is set by its batch: 4 sequences of 8 tokens at 5 ms a step
/// (no cost per sequence or prompt token) finish 4 answers every 40 ms, 100 answers a second.
/// Below it an answer joins the batch at once (TTFT one step, 5 ms); past it the queue grows all
/// step long and TTFT with it. Steps are slept, not computed, so a busy machine moves the limit
/// only by its late wake-ups: the search must land near 100/s.
@Suite(.serialized) struct TokenCapacityTests {
    @Test func aCapacitySearchOnTTFTFindsTheBatchLimit() throws {
        let prompts = ScenarioFilesTests.root.appendingPathComponent("scenarios/data/prompts.csv").path
        let workspace = try ScenarioRunTests.Workspace(scenario: """
            name: token-capacity
            description: the generative model's batch limit
            server: {max_sequences: 4, decode_step: 5ms, decode_per_sequence: 0s, prefill_per_token: 0s}
            data:
              prompts: {file: \(prompts)}
            requests:
              - name: chat
                data: prompts
                body: {openai: {model: ngram-genesis, messages: [{role: user, content: "{{prompt}}"}], max_tokens: 8}}
            load: {arrivals: constant, connections: 512}
            objectives:
              - ttft.p90 < 50ms
            capacity: {start_rate: 25/s, max_rate: 400/s, resolution: 10%, duration: 4s, warmup: 1s, extensions: 1}
            """)
        defer { workspace.remove() }
        let json = try KnownCapacityTests.capacity([], scenario: workspace.scenarioPath)
        let (low, high) = try KnownCapacityTests.rateMax(json)
        print("token capacity: R_max in [\(low), \(high)): \(KnownCapacityTests.describe(json))")
        #expect(low >= 60 && high <= 125, "R_max in [\(low), \(high)), expected near 100/s: \(KnownCapacityTests.describe(json))")
    }
}

/// `run --url … --openai MODEL`: a quick look at an OpenAI-compatible endpoint, read for tokens.
@Suite(.serialized) struct TokenQuickLookTests {
    @Test func aQuickLookStreamsAndGatesOnTokens() throws {
        let server = try StreamingFixtureServer(plan: TokenStreamPlan(tokens: 6, firstTokenAfter: .milliseconds(15), tokenEvery: .milliseconds(4)))
        defer { server.shutdown() }
        let result = try GauntletProcess.run(
            ["run", "--url", server.baseURL + "/v1/chat/completions", "--openai", "fixture", "--prompt", "Say \"hi\"",
             "--max-tokens", "6", "--rate", "40", "--duration", "3s", "--objective", "ttft.p90 < 100ms", "--json", "--out", "reports"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        let tokens = try #require(summary["tokens"] as? [String: Any])
        #expect(tokens["output_tokens"] as? Int == 120 * 6 && tokens["output_counted_from"] as? String == "usage")
        #expect(server.lastRequestBody.contains(#""messages":[{"role":"user","content":"Say \"hi\""}]"#), "\(server.lastRequestBody)")
        #expect(server.lastRequestBody.contains(#""max_tokens":6"#) && server.lastRequestBody.contains(#""stream":true"#))
    }

    @Test(arguments: [
        (["--openai", "m", "--body", "{}"], "--openai builds the body; give it or --body, not both"),
        (["--prompt", "hi"], "--prompt and --max-tokens shape an --openai request; add --openai MODEL"),
        (["--openai", "m", "--max-tokens", "0"], "--max-tokens must be 1–1000000, not 0"),
        (["--objective", "ttft.p99 < 1s"], "'ttft.p99' can never be measured in a quick look (--url): it sends no 'openai' body"),
    ])
    func tokenFlagsAreChecked(flags: [String], message: String) throws {
        let result = try GauntletProcess.run(["run", "--url", "http://127.0.0.1:9/v1/completions", "--rate", "10"] + flags)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
